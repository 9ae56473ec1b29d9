/**
 * Recomputes one trace's summary row from its span rows. Called once per batch for each trace the
 * batch touched, because spans of one trace arrive in any order and over many requests.
 */
import type { PriceTable } from '../../analysis/pricing/span-cost';
import type { TraceSummary } from '../../protocol/engine-api';
import type { Usage } from '../../protocol/trace-json';
import { deleteTraceCalls, writeTraceCalls, type CallSource } from './call-costs';
import type { CallRowsMemo, SummedRowsMemo } from './call-rows-memo';
import type { CostSummaries } from './cost-rollup';
import { columns, type NamedRow } from './columns';
import type { PreparedStatements } from './prepared';
import type { SummaryWrites } from './summary-writes';
import type { SpanRowValues } from './span-row-values';

/** What a trace's summary is computed from, per span. */
const SUMMED_SPAN_COLUMNS = columns({
  spanId: 'span_id', parentSpanId: 'parent_span_id', name: 'name', service: 'service', startMs: 'start_ms',
  durationMs: 'duration_ms', status: 'status', inputTokens: 'input_tokens', outputTokens: 'output_tokens',
  totalTokens: 'total_tokens', costUsd: 'cost_usd', sessionId: 'session_id', bytes: 'bytes',
  kind: 'kind', provider: 'provider', model: 'model', cacheReadTokens: 'cache_read_tokens',
  cacheWriteTokens: 'cache_write_tokens', reasoningTokens: 'reasoning_tokens', promptName: 'prompt_name', promptVersion: 'prompt_version',
});

type SummedSpan = NamedRow<keyof typeof SUMMED_SPAN_COLUMNS.columns>;

const SUMMED_ROW_COLUMNS = SUMMED_SPAN_COLUMNS.and(columns({ rowid: 'rowid' }));
type SummedRow = NamedRow<keyof typeof SUMMED_ROW_COLUMNS.columns>;

/**
 * The trace's span rows: with the rows a previous refresh read (`before`), only those stored since
 * (rowids above its largest; a row's columns change in place only when log records arrive, and the
 * store forgets the memo then), checked by count, so a replaced placeholder or a deletion reads all.
 */
function summedRows(sql: PreparedStatements, traceId: string, before: SummedRowsMemo<SummedRow> | undefined): { rows: SummedRow[]; reused: boolean } {
  if (before) {
    const count = sql.number('SELECT count(*) FROM spans WHERE trace_id = ?', [traceId]);
    const fresh = sql.select(SUMMED_ROW_COLUMNS, 'FROM spans WHERE trace_id = ? AND rowid > ?', [traceId, before.maxRowid]);
    if (before.rows.length + fresh.length === count) return { rows: [...before.rows, ...fresh], reused: true };
  }
  return { rows: sql.select(SUMMED_ROW_COLUMNS, 'FROM spans WHERE trace_id = ?', [traceId]), reused: false };
}

/** The normalized columns a summed row reads that may be NULL: a NaN bound there is stored as NULL. */
const NULLABLE_NUMBERS = ['inputTokens', 'outputTokens', 'totalTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens', 'costUsd'] as const;

/**
 * A span row as the summary would read it back, from the values just written (`bytes`: its `bytes`
 * column; `rowid`: at least its rowid, see arrivedRows); null when reading it back could give
 * something else (a NaN, which SQLite stores as NULL).
 */
export function summedRowOf(row: SpanRowValues, bytes: number, rowid: number): SummedRow | null {
  const n = row.normalized;
  for (const key of NULLABLE_NUMBERS) if (Number.isNaN(n[key])) return null;
  return {
    spanId: row.rowSpanId, parentSpanId: row.rowParentSpanId, name: row.name, service: row.service, startMs: row.startMs,
    durationMs: row.durationMs, status: row.statusCode, inputTokens: n.inputTokens, outputTokens: n.outputTokens,
    totalTokens: n.totalTokens, costUsd: n.costUsd, sessionId: n.sessionId, bytes, kind: n.kind, provider: n.provider, model: n.model,
    cacheReadTokens: n.cacheReadTokens, cacheWriteTokens: n.cacheWriteTokens, reasoningTokens: n.reasoningTokens,
    promptName: n.promptName, promptVersion: n.promptVersion, rowid,
  };
}

/** What summedRowOf gives: every row of a trace that had none before the batch. */
export type ArrivedRows = SummedRow[];

function maxRowid(rows: readonly SummedRow[]): number {
  let max = 0;
  for (const r of rows) max = Math.max(max, Number(r.rowid));
  return max;
}

/** The traces table's columns, written by the summary and read by the list. */
export const TRACE_COLUMNS = columns({
  traceId: 'trace_id', name: 'name', service: 'service', startMs: 'start_ms', endMs: 'end_ms', spanCount: 'span_count',
  errorCount: 'error_count', inputTokens: 'input_tokens', outputTokens: 'output_tokens', totalTokens: 'total_tokens',
  costUsd: 'cost_usd', sessionId: 'session_id', hasRoot: 'has_root', updatedSeq: 'updated_seq', bytes: 'bytes',
  unpricedCalls: 'unpriced_calls',
});

const USAGE_KEYS = ['inputTokens', 'outputTokens', 'totalTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

function usageOf(row: SummedSpan): Usage | undefined {
  if (row.inputTokens === null && row.outputTokens === null && row.totalTokens === null) return undefined;
  const usage: Usage = {};
  for (const key of USAGE_KEYS) if (row[key] !== null) usage[key] = Number(row[key]);
  return usage;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function callSource(r: SummedSpan): CallSource {
  const prompt = r.promptName === null ? null : r.promptVersion === null ? String(r.promptName) : `${String(r.promptName)}@${String(r.promptVersion)}`;
  return {
    spanId: String(r.spanId), parentSpanId: text(r.parentSpanId), kind: String(r.kind), service: String(r.service),
    startMs: Number(r.startMs), durationMs: Number(r.durationMs), provider: text(r.provider), model: text(r.model), usage: usageOf(r),
    ingestedCostUsd: r.costUsd === null ? null : Number(r.costUsd), prompt,
  };
}

/**
 * Returns false when the trace has no spans left (its summary row is then removed). `inputKeyOf` gives a span's input key
 * (duplicate-calls.ts): asked only for the few spans that may record the same model call. `memo` holds what was written to
 * `calls` last, so only changed rows are written (call-rows-memo.ts). The `traces` and `calls` rows go to `writes`, which
 * the caller writes out after the batch's last refresh (summary-writes.ts). `arrived`: the trace had no rows before this
 * batch, and these are all its rows, as written: nothing is read back, and it has no `calls` or `call_duplicates` rows to delete.
 */
export function recomputeTraceSummary(sql: PreparedStatements, writes: SummaryWrites, prices: PriceTable, costs: CostSummaries, traceId: string, seq: number, mayHaveLogs = true,
  inputKeyOf?: (spanId: string) => string | undefined, memo?: CallRowsMemo, arrived?: ArrivedRows): boolean {
  if (arrived) memo?.forget(traceId);
  const before = arrived ? undefined : memo?.takeRows<SummedRow>(traceId);
  const { rows, reused } = arrived ? { rows: arrived, reused: false } : summedRows(sql, traceId, before);
  if (rows.length === 0) {
    sql.run('DELETE FROM traces WHERE trace_id = ?', [traceId]);
    deleteTraceCalls(sql, costs.rollup, traceId);
    costs.runs.remove(traceId);
    sql.run('DELETE FROM call_duplicates WHERE trace_id = ?', [traceId]);
    memo?.forget(traceId);
    return false;
  }
  // By start, then span id: the same order however the rows were read.
  rows.sort((a, b) => Number(a.startMs) - Number(b.startMs) || (String(a.spanId) < String(b.spanId) ? -1 : String(a.spanId) > String(b.spanId) ? 1 : 0));
  const ids = new Set(rows.map((r) => String(r.spanId)));
  // The root is the span without a parent. Malformed or partial traces may have none (the root has
  // not arrived, or its exporter died): the earliest span whose parent is missing stands in for the
  // name and service, and hasRoot stays false so views can say so.
  const root = rows.find((r) => r.parentSpanId === null);
  const top = root ?? rows.find((r) => !ids.has(String(r.parentSpanId))) ?? rows[0];
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  let logBytes = 0;
  let spanBytes = 0;
  const calls: CallSource[] = [];
  for (const r of rows) {
    const s = Number(r.startMs);
    start = Math.min(start, s);
    end = Math.max(end, s + Number(r.durationMs));
    if (r.status === 'error') errors++;
    spanBytes += Number(r.bytes);
    calls.push(callSource(r));
  }
  if (mayHaveLogs) logBytes = Number(sql.get('SELECT coalesce(sum(bytes), 0) FROM logs WHERE trace_id = ?', [traceId])?.[0] ?? 0);
  const session = top.sessionId ?? rows.find((r) => r.sessionId !== null)?.sessionId ?? null;
  // Prices every span and rolls usage and cost up (one rule, semconv/rollup.ts), writing `calls`.
  // Prices of the rows read before, when they were reused and the prices have not changed since.
  const reusePrices = reused && before?.prices === prices ? before.priced : undefined;
  const rollup = writeTraceCalls(sql, writes, prices, costs.rollup, { traceId, flow: String(top.name), sessionId: text(session) }, calls, inputKeyOf, memo, reusePrices,
    arrived !== undefined);
  const priced = new Map(calls.map((c, i) => [c.spanId, rollup.priced[i]]));
  memo?.keepRows<SummedRow>(traceId, { rows, maxRowid: maxRowid(rows), prices, priced });
  writeCallDuplicates(sql, traceId, rollup.duplicateOf, arrived !== undefined);
  writes.traces.add(TRACE_COLUMNS.values({
    traceId, name: String(top.name), service: String(top.service), startMs: start, endMs: end, spanCount: rows.length,
    errorCount: errors, inputTokens: rollup.usage.inputTokens, outputTokens: rollup.usage.outputTokens,
    totalTokens: rollup.usage.totalTokens, costUsd: rollup.costUsd, sessionId: session, hasRoot: root ? 1 : 0,
    updatedSeq: seq, bytes: spanBytes + logBytes, unpricedCalls: rollup.unpricedSpanIds.length,
  }));
  costs.runs.set({ id: traceId, flow: String(top.name), startTimeUnixMs: start, costUsd: rollup.costUsd });
  return true;
}

/** Rewrites the trace's rows in `call_duplicates` (usually none: one statement; none when it has no rows yet, `fresh`). */
function writeCallDuplicates(sql: PreparedStatements, traceId: string, duplicateOf: ReadonlyMap<string, string>, fresh: boolean): void {
  if (!fresh) sql.run('DELETE FROM call_duplicates WHERE trace_id = ?', [traceId]);
  let seq = 0;
  for (const [spanId, leader] of duplicateOf) sql.run('INSERT INTO call_duplicates (trace_id, span_id, leader_span_id, seq) VALUES (?, ?, ?, ?)', [traceId, spanId, leader, seq++]);
}

/** The columns a TraceSummary is read from. */
export const SUMMARY_COLUMNS = columns({
  traceId: 'trace_id', name: 'name', service: 'service', startMs: 'start_ms', endMs: 'end_ms', spanCount: 'span_count',
  errorCount: 'error_count', inputTokens: 'input_tokens', outputTokens: 'output_tokens', totalTokens: 'total_tokens',
  costUsd: 'cost_usd', sessionId: 'session_id', hasRoot: 'has_root', updatedSeq: 'updated_seq',
  unpricedCalls: 'unpriced_calls',
});

/** Maps a row selected with SUMMARY_COLUMNS. */
export function summaryFromRow(r: NamedRow<keyof typeof SUMMARY_COLUMNS.columns>): TraceSummary {
  const summary: TraceSummary = {
    traceId: String(r.traceId),
    name: String(r.name),
    service: String(r.service),
    startTimeUnixMs: Number(r.startMs),
    durationMs: Math.max(0, Number(r.endMs) - Number(r.startMs)),
    status: Number(r.errorCount) > 0 ? 'error' : 'ok',
    spanCount: Number(r.spanCount),
    errorCount: Number(r.errorCount),
    usage: { inputTokens: Number(r.inputTokens), outputTokens: Number(r.outputTokens), totalTokens: Number(r.totalTokens) },
    costUsd: r.costUsd === null ? null : Number(r.costUsd),
    unpricedCalls: Number(r.unpricedCalls ?? 0),
    hasRoot: Number(r.hasRoot) === 1,
    updatedSeq: Number(r.updatedSeq),
  };
  if (r.sessionId !== null) summary.sessionId = String(r.sessionId);
  return summary;
}
