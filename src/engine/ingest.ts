/**
 * The boundary between the receiver (which speaks OTLP over HTTP and gRPC) and the store. The
 * receiver decodes and validates; the sink stores. Keeping this an interface lets the receiver be
 * tested with a recording sink and the store be fed by the CLI importer without any sockets.
 */
import type { DecodedLogRecord, DecodedSpan } from './model';
import type { ListTracesQuery, TraceSummary } from '../protocol/engine-api';
import type { SpanLinksDocument } from '../protocol/trace-json';
import type { UntracedLogPage, UntracedLogQuery, UntracedLogRecord } from '../protocol/untraced-logs';

export type Transport = 'http' | 'grpc' | 'file';
export type Signal = 'traces' | 'logs' | 'metrics';

export interface RequestRecord {
  transport: Transport;
  signal: Signal;
  ok: boolean;
  /** Items accepted and rejected by the decoder. */
  accepted: number;
  rejected: number;
  bytes: number;
  /** Why the request (or some of its items) failed, for the output log. */
  error?: string;
  /** Remote address, for the output log. */
  remote?: string;
}

export interface IngestSink {
  ingestSpans(spans: DecodedSpan[]): void;
  ingestLogs(logs: DecodedLogRecord[]): void;
  recordRequest(record: RequestRecord): void;
}

/** What the read-only HTTP query API needs from the store. */
export interface TraceQuerySource {
  listTraces(query: ListTracesQuery): { traces: TraceSummary[]; total: number };
  /**
   * The UTF-8 of exactly `JSON.stringify(getTraceJson(traceIds))`, kept for an unchanged trace
   * (shared: never written to); a trace not kept is built in slices, other work running between.
   */
  readTraceJsonBytes(traceIds: string[]): Promise<Uint8Array>;
  /** A span's links named and the spans linking to it; null when the span is not stored. */
  getSpanLinks(traceId: string, spanId: string, offset: number, limit: number): SpanLinksDocument | null;
  listUntracedLogs(query: UntracedLogQuery): UntracedLogPage;
  getUntracedLog(id: number): UntracedLogRecord | null;
}
