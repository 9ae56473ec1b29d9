/**
 * The transport-independent half of an OTLP export: decode the body, hand accepted items to the
 * sink (in slices, so queries are not held up by a big request), record the request, and build
 * the response. HTTP and gRPC both call this, so a body is
 * judged the same way whichever transport brought it.
 */
import type { EngineLogLevel } from '../../protocol/engine-api';
import type { IngestSink, RequestRecord, Signal, Transport } from '../ingest';
import type { Preparer } from '../prepare/preparer';
import type { PreparedSpans } from '../store/span-row-values';
import { countMetricDataPoints, decodeLogs, decodeTraces, encodeExportResponse, OtlpDecodeError, type OtlpEncoding } from '../otlp';

export interface ExportContext {
  sink: IngestSink;
  log: (level: EngineLogLevel, message: string) => void;
  transport: Transport;
  remote?: string;
  /** When set, traces are prepared by `preparer` (possibly on another thread) and stored prepared. */
  prepared?: PreparedIngest;
}

export interface PreparedIngest {
  preparer: Preparer;
  ingestPreparedSpans(batch: PreparedSpans): void;
}

export type ExportOutcome =
  | { kind: 'accepted'; response: Uint8Array; accepted: number; rejected: number }
  /** The body is not OTLP: the client gets 400 / INVALID_ARGUMENT. */
  | { kind: 'malformed'; message: string }
  /** Decoding worked but storing failed: 500 / INTERNAL. */
  | { kind: 'failed'; message: string };

/**
 * Spans or log records handed to the sink at once. Storing is synchronous and runs on the same
 * thread as every query; one 10,000-span request stored in one go would keep a `stats` or a trace
 * list waiting for seconds. Between slices the event loop runs, so queries interleave. A slice of
 * 256 of the bench's 5 KB spans is stored in about 20-40 ms here; 512 doubled the longest wait in
 * `npm run bench -- --only big`.
 */
export const INGEST_SLICE = 256;
/** An export this small is stored whole, at once (an SDK's default batch is 512 spans). */
export const INGEST_WHOLE_MAX = 512;

/** Hands `items` to `ingest` in slices, yielding to the event loop between them. */
async function ingestInSlices<T>(items: T[], ingest: (slice: T[]) => void): Promise<void> {
  if (items.length <= INGEST_WHOLE_MAX) {
    if (items.length > 0) ingest(items);
    return;
  }
  for (let start = 0; start < items.length; start += INGEST_SLICE) {
    // setImmediate, not a microtask: pending messages and socket reads are served first. Before the
    // first slice too: the items were just decoded or received, in the same turn of the event loop.
    await new Promise<void>((resume) => setImmediate(resume));
    ingest(items.slice(start, start + INGEST_SLICE));
  }
}

/**
 * Decodes and stores one export. Resolves (never rejects) once every slice is stored, so the
 * client's answer still means "stored". If storing fails midway, the slices before stay stored;
 * a retry is harmless, as the store keeps the first copy of a span it already has.
 */
export async function handleExport(signal: Signal, body: Uint8Array, encoding: OtlpEncoding, wireBytes: number, context: ExportContext): Promise<ExportOutcome> {
  const record: RequestRecord = { transport: context.transport, signal, ok: false, accepted: 0, rejected: 0, bytes: wireBytes, remote: context.remote };
  let rejected = 0;
  let errors: string[] = [];
  try {
    if (signal === 'traces' && context.prepared) {
      const { preparer, ingestPreparedSpans } = context.prepared;
      const result = await preparer.prepareTraces(body, encoding);
      ({ rejected, errors } = result);
      for (const warning of result.warnings) context.log('warn', warning);
      record.accepted = result.spans.length;
      const { texts, packed } = result;
      await ingestInSlices(result.spans, (spans) => ingestPreparedSpans(packed ? { spans, texts, packed } : { spans, texts }));
    } else if (signal === 'traces') {
      const result = decodeTraces(body, encoding);
      ({ rejected, errors } = result);
      record.accepted = result.items.length;
      await ingestInSlices(result.items, (slice) => context.sink.ingestSpans(slice));
    } else if (signal === 'logs') {
      const result = decodeLogs(body, encoding);
      ({ rejected, errors } = result);
      record.accepted = result.items.length;
      await ingestInSlices(result.items, (slice) => context.sink.ingestLogs(slice));
    } else {
      record.accepted = countMetricDataPoints(body, encoding);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const malformed = error instanceof OtlpDecodeError;
    record.error = malformed ? message : `storing failed: ${message}`;
    record.rejected = rejected;
    recordSafely(context, record);
    context.log(malformed ? 'warn' : 'error', `${context.transport} ${signal} export from ${context.remote ?? 'unknown'} ${malformed ? 'refused' : 'failed'}: ${record.error}`);
    return malformed ? { kind: 'malformed', message } : { kind: 'failed', message: record.error };
  }
  record.ok = true;
  record.rejected = rejected;
  const errorMessage = rejected > 0 ? `${rejected} ${signal === 'traces' ? 'span(s)' : 'item(s)'} rejected: ${errors.join('; ')}` : undefined;
  if (errorMessage) {
    record.error = errorMessage;
    context.log('warn', `${context.transport} ${signal} export from ${context.remote ?? 'unknown'}: ${errorMessage}`);
  }
  recordSafely(context, record);
  return { kind: 'accepted', response: encodeExportResponse(signal, encoding, rejected, errorMessage), accepted: record.accepted, rejected };
}

/** Records a request that was refused before decoding (bad Host, content type, size, ...). */
export function recordRefused(context: ExportContext, signal: Signal, wireBytes: number, error: string): void {
  recordSafely(context, { transport: context.transport, signal, ok: false, accepted: 0, rejected: 0, bytes: wireBytes, error, remote: context.remote });
  context.log('warn', `${context.transport} ${signal} export from ${context.remote ?? 'unknown'} refused: ${error}`);
}

/** Bookkeeping must never turn a served request into a failed one. */
function recordSafely(context: ExportContext, record: RequestRecord): void {
  try {
    context.sink.recordRequest(record);
  } catch (error) {
    context.log('error', `recording a request failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
