/**
 * One batch of spans or log records, row by row, inside the store's transaction: what is dropped
 * (the trace was removed), what is stored, and which traces changed. The store wraps each batch in
 * a transaction, then refreshes the changed traces' summaries and applies retention.
 */
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { decodeSpanDetail } from './span-record';
import type { PreparedSpans, SpanRowValues } from './span-row-values';
import { chunksOf } from './multi-row';
import type { PreparedStatements } from './prepared';
import { summedRowOf, type ArrivedRows } from './trace-summary';
import type { SpanNormalization } from './span-normalization';
import { readStoredLogs } from './stored-spans';
import type { StoredRows } from './stored-rows';
import type { TraceChanges } from './trace-changes';

export interface IngestTarget {
  rows: StoredRows;
  changes: TraceChanges;
  normalization: SpanNormalization;
}

export interface SpanBatchResult { stored: number; duplicates: number; dropped: number; superseded: number }

export function ingestSpanBatch(target: IngestTarget, spans: readonly DecodedSpan[], dirty: Set<string>): SpanBatchResult {
  const result: SpanBatchResult = { stored: 0, duplicates: 0, dropped: 0, superseded: 0 };
  for (const span of spans) {
    if (target.changes.isBuried(span.traceId)) {
      result.dropped++;
      continue;
    }
    // Log records may arrive before their span: the span is normalized with them.
    const outcome = target.rows.insertSpan(span, target.normalization.fieldsOf(span));
    if (outcome === 'duplicate') result.duplicates++;
    else if (outcome === 'superseded') result.superseded++;
    else {
      result.stored++;
      dirty.add(span.traceId);
    }
  }
  return result;
}

/** The traces among `traceIds` without a summary row, which have no span row either (the store writes both in one transaction). */
function tracesNotStored(sql: PreparedStatements, traceIds: readonly string[]): Set<string> {
  const fresh = new Set(traceIds);
  for (const [from, size] of chunksOf(traceIds.length)) {
    const placeholders = new Array<string>(size).fill('?').join(', ');
    for (const r of sql.all(`SELECT trace_id FROM traces WHERE trace_id IN (${placeholders})`, traceIds.slice(from, from + size))) fresh.delete(String(r[0]));
  }
  return fresh;
}

/**
 * The same for spans prepared on another thread (decoded, normalized without logs, encoded). A span
 * whose log records arrived before it (rare) is decoded back from its prepared detail and stored
 * as ingestSpanBatch would, normalized with those logs. `arrived` is given every row of each trace
 * that had none before, as its summary would read them back (trace-summary.ts, summedRowOf): for
 * the usual batch of whole new traces, the summaries then read nothing back.
 */
export function ingestPreparedSpanBatch(target: IngestTarget, batch: PreparedSpans, dirty: Set<string>, arrived?: Map<string, ArrivedRows>): SpanBatchResult {
  const result: SpanBatchResult = { stored: 0, duplicates: 0, dropped: 0, superseded: 0 };
  const { rows } = target;
  rows.content.offer(batch.texts, batch.packed);
  const kept = batch.spans.filter((row) => !target.changes.isBuried(row.traceId));
  result.dropped = batch.spans.length - kept.length;
  const fresh = arrived && rows.tracedLogCount === 0 ? tracesNotStored(rows.sql, [...new Set(kept.map((r) => r.traceId))]) : null;
  const written = new Map<string, Array<[SpanRowValues, number]>>();
  const collect = fresh && fresh.size > 0 ? (row: SpanRowValues, bytes: number) => {
    if (!fresh.has(row.traceId)) return;
    let list = written.get(row.traceId);
    if (!list) written.set(row.traceId, (list = []));
    list.push([row, bytes]);
  } : undefined;
  // While no log record is stored, none can have come before its span: the whole batch in bulk.
  const outcomes = rows.tracedLogCount === 0 ? rows.insertPreparedSpans(kept, batch.texts, collect) : kept.map((row) => {
    const logs = readStoredLogs(rows.sql, rows.content, row.traceId, row.spanId);
    if (logs.length === 0) return rows.insertPreparedSpan(row, batch.texts);
    const identity = { ...row, startTimeUnixMs: row.startMs };
    const span = decodeSpanDetail(identity, row.detail, (hash) => rows.content.read(hash));
    return rows.insertSpan(span, target.normalization.fieldsOf(span, logs));
  });
  if (arrived && written.size > 0) {
    // Rowids only bound what a later refresh reads again (call-rows-memo.ts): the highest one serves every row.
    const top = rows.sql.number('SELECT max(rowid) FROM spans');
    for (const [traceId, list] of written) {
      const summed = list.map(([row, bytes]) => summedRowOf(row, bytes, top));
      if (summed.every((r) => r !== null)) arrived.set(traceId, summed as ArrivedRows);
    }
  }
  kept.forEach((row, i) => {
    const outcome = outcomes[i];
    if (outcome === 'duplicate') result.duplicates++;
    else if (outcome === 'superseded') result.superseded++;
    else {
      result.stored++;
      dirty.add(row.traceId);
    }
  });
  return result;
}

export interface LogBatchResult {
  /** Records stored with their trace. */
  stored: number;
  /** Records without a trace id, stored apart (untraced-logs.ts). */
  untraced: number;
  /** Records of a trace already evicted or deleted: they would wait for spans that are dropped. */
  dropped: number;
}

export function ingestLogBatch(target: IngestTarget, records: readonly DecodedLogRecord[], dirty: Set<string>): LogBatchResult {
  const result: LogBatchResult = { stored: 0, untraced: 0, dropped: 0 };
  const spansWithNewLogs = new Map<string, [string, string]>();
  for (const record of records) {
    if (!record.traceId) {
      // Its span id means nothing without a trace.
      target.rows.insertLog({ ...record, traceId: null, spanId: null });
      result.untraced++;
      continue;
    }
    if (target.changes.isBuried(record.traceId)) {
      result.dropped++;
      continue;
    }
    target.rows.insertLog(record);
    result.stored++;
    if (record.spanId) spansWithNewLogs.set(`${record.traceId}/${record.spanId}`, [record.traceId, record.spanId]);
  }
  // Logs that arrive after their span: normalize the span again, now with its logs.
  for (const [traceId, spanId] of spansWithNewLogs.values()) {
    if (target.normalization.renormalize(traceId, spanId)) dirty.add(traceId);
  }
  return result;
}
