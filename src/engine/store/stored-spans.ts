/**
 * Reading stored spans and log records back: one query for the rows, the detail decoded, each
 * content string read (each shared resource or scope parsed, each quoted piece quoted) once per call
 * even when many spans share it.
 */
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { columns } from './columns';
import type { ContentTable } from './content-table';
import type { ContentReader } from './detail-codec';
import { type PreparedStatements, textOf } from './prepared';
import { decodeLogDetail, decodeSpanDetail, type SpanIdentity } from './span-record';

export interface StoredSpan {
  span: DecodedSpan;
  service: string;
  /** Arrival order in the store (rowid): the last tie-breaker when spans are ordered. */
  arrival: number;
  /** Characters of its stored detail and of the content it references: what it holds once decoded. */
  chars: number;
}

// The detail is read back as TEXT (see textOf in prepared.ts).
const STORED_SPAN_COLUMNS = columns({
  spanId: 'span_id', parentSpanId: 'parent_span_id', name: 'name', startMs: 'start_ms', status: 'status',
  statusMessage: 'status_message', detail: 'CAST(detail AS TEXT)', service: 'service', durationMs: 'duration_ms', arrival: 'rowid',
});

const LOG_COLUMNS = columns({ spanId: 'span_id', detail: 'CAST(detail AS TEXT)' });

/** Marks a span whose stored detail could not be read back (a damaged snapshot). */
export const UNREADABLE_DETAIL = 'tracelight.store.unreadable_detail';

/**
 * A damaged snapshot (bytes changed on disk) can hold detail that no longer parses. The row's own
 * columns are still good: the span is shown from them, with its attributes replaced by a note
 * that says so, rather than failing every query that touches the trace.
 */
function unreadableSpan(identity: SpanIdentity, durationMs: number, service: string, error: unknown): DecodedSpan {
  const message = error instanceof Error ? error.message : String(error);
  return {
    traceId: identity.traceId, spanId: identity.spanId, parentSpanId: identity.parentSpanId, name: identity.name,
    spanKind: 'unspecified', startTimeUnixMs: identity.startTimeUnixMs, endTimeUnixMs: identity.startTimeUnixMs + durationMs,
    status: identity.statusMessage !== null ? { code: identity.statusCode, message: identity.statusMessage } : { code: identity.statusCode },
    attributes: { [UNREADABLE_DETAIL]: `the stored detail of this span could not be read: ${message}` },
    events: [], links: [], resource: { 'service.name': service }, scope: { name: '' },
  };
}

/** A log record whose stored detail no longer parses (damaged snapshot) is left out. */
function readableLog(decode: () => DecodedLogRecord): DecodedLogRecord[] {
  try {
    return [decode()];
  } catch {
    return [];
  }
}

/** A reader for one call: each content string read, and each shared JSON value parsed, once. */
function cachedReader(content: ContentTable): ContentReader {
  const cache = new Map<string, string>();
  const reader: ContentReader = (hash) => {
    let text = cache.get(hash);
    if (text === undefined) cache.set(hash, (text = content.read(hash)));
    return text;
  };
  reader.parsed = new Map();
  reader.quoted = new Map();
  return reader;
}

/** A trace's spans (or the one with `spanId`), in no particular order. */
export function readStoredSpans(sql: PreparedStatements, content: ContentTable, traceId: string, spanId?: string): StoredSpan[] {
  const rows = spanId === undefined
    ? sql.select(STORED_SPAN_COLUMNS, 'FROM spans WHERE trace_id = ?', [traceId])
    : sql.select(STORED_SPAN_COLUMNS, 'FROM spans WHERE trace_id = ? AND span_id = ?', [traceId, spanId]);
  const cached = cachedReader(content);
  let chars = 0;
  const read: ContentReader = (hash) => {
    const text = cached(hash);
    chars += text.length;
    return text;
  };
  read.parsed = cached.parsed;
  read.quoted = cached.quoted;
  return rows.map((row) => {
    const identity: SpanIdentity = {
      traceId, spanId: String(row.spanId), parentSpanId: row.parentSpanId === null ? null : String(row.parentSpanId),
      name: String(row.name), startTimeUnixMs: Number(row.startMs), statusCode: String(row.status) as DecodedSpan['status']['code'],
      statusMessage: row.statusMessage === null ? null : String(row.statusMessage),
    };
    const service = String(row.service);
    const arrival = Number(row.arrival);
    const detail = textOf(row.detail);
    chars = detail.length;
    try {
      return { span: decodeSpanDetail(identity, detail, read), service, arrival, chars };
    } catch (error) {
      return { span: unreadableSpan(identity, Number(row.durationMs), service, error), service, arrival, chars };
    }
  });
}

/** The log records joined to one span, in time order. */
export function readStoredLogs(sql: PreparedStatements, content: ContentTable, traceId: string, spanId: string): DecodedLogRecord[] {
  const rows = sql.select(LOG_COLUMNS, 'FROM logs WHERE trace_id = ? AND span_id = ? ORDER BY time_ms, id', [traceId, spanId]);
  const read = cachedReader(content);
  return rows.flatMap((r) => readableLog(() => decodeLogDetail(traceId, spanId, textOf(r.detail), read)));
}

/** The log records of a whole trace by span id, each list in time order. */
export function readTraceLogs(sql: PreparedStatements, content: ContentTable, traceId: string): Map<string, DecodedLogRecord[]> {
  const rows = sql.select(LOG_COLUMNS, 'FROM logs WHERE trace_id = ? AND span_id IS NOT NULL ORDER BY time_ms, id', [traceId]);
  const read = cachedReader(content);
  const bySpan = new Map<string, DecodedLogRecord[]>();
  for (const r of rows) {
    const spanId = String(r.spanId);
    let list = bySpan.get(spanId);
    if (!list) bySpan.set(spanId, (list = []));
    list.push(...readableLog(() => decodeLogDetail(traceId, spanId, textOf(r.detail), read)));
  }
  return bySpan;
}
