/**
 * Recomputes one trace's summary row from its span rows. Called once per batch for each trace the
 * batch touched, because spans of one trace arrive in any order and over many requests.
 */
import { rollupTrace, type RollupInput } from '../semconv/rollup';
import type { TraceSummary } from '../../protocol/engine-api';
import type { Usage } from '../../protocol/trace-json';
import type { PreparedStatements, Row } from './prepared';

const SPANS_OF_TRACE = `SELECT span_id, parent_span_id, name, service, start_ms, duration_ms, status,
  input_tokens, output_tokens, total_tokens, cost_usd, session_id, bytes
  FROM spans WHERE trace_id = ?`;

const UPSERT = `INSERT OR REPLACE INTO traces (trace_id, name, service, start_ms, end_ms, span_count,
  error_count, input_tokens, output_tokens, total_tokens, cost_usd, session_id, has_root, updated_seq, bytes)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function usageOf(row: Row): Usage | undefined {
  const [input, output, total] = [row[7], row[8], row[9]];
  if (input === null && output === null && total === null) return undefined;
  const usage: Usage = {};
  if (input !== null) usage.inputTokens = Number(input);
  if (output !== null) usage.outputTokens = Number(output);
  if (total !== null) usage.totalTokens = Number(total);
  return usage;
}

/** Returns false when the trace has no spans left (its summary row is then removed). */
export function recomputeTraceSummary(sql: PreparedStatements, traceId: string, seq: number, mayHaveLogs = true): boolean {
  const rows = sql.all(SPANS_OF_TRACE, [traceId]);
  if (rows.length === 0) {
    sql.run('DELETE FROM traces WHERE trace_id = ?', [traceId]);
    return false;
  }
  rows.sort((a, b) => Number(a[4]) - Number(b[4]));
  const ids = new Set(rows.map((r) => String(r[0])));
  // The root is the span without a parent. Malformed or partial traces may have none (the root has
  // not arrived, or its exporter died): the earliest span whose parent is missing stands in for the
  // name and service, and hasRoot stays false so views can say so.
  const root = rows.find((r) => r[1] === null);
  const top = root ?? rows.find((r) => !ids.has(String(r[1]))) ?? rows[0];
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  let logBytes = 0;
  let spanBytes = 0;
  const rollupInputs: RollupInput[] = [];
  for (const r of rows) {
    const s = Number(r[4]);
    start = Math.min(start, s);
    end = Math.max(end, s + Number(r[5]));
    if (r[6] === 'error') errors++;
    spanBytes += Number(r[12]);
    rollupInputs.push({
      spanId: String(r[0]),
      parentSpanId: r[1] === null ? null : String(r[1]),
      usage: usageOf(r),
      costUsd: r[10] === null ? undefined : Number(r[10]),
    });
  }
  if (mayHaveLogs) logBytes = Number(sql.get('SELECT coalesce(sum(bytes), 0) FROM logs WHERE trace_id = ?', [traceId])?.[0] ?? 0);
  const rollup = rollupTrace(rollupInputs);
  const session = top[11] ?? rows.find((r) => r[11] !== null)?.[11] ?? null;
  sql.run(UPSERT, [
    traceId, String(top[2]), String(top[3]), start, end, rows.length, errors,
    rollup.usage.inputTokens, rollup.usage.outputTokens, rollup.usage.totalTokens, rollup.costUsd,
    session, root ? 1 : 0, seq, spanBytes + logBytes,
  ]);
  return true;
}

export const SUMMARY_COLUMNS = `trace_id, name, service, start_ms, end_ms, span_count, error_count,
  input_tokens, output_tokens, total_tokens, cost_usd, session_id, has_root, updated_seq`;

/** Maps a row selected with SUMMARY_COLUMNS. */
export function summaryFromRow(r: Row): TraceSummary {
  const summary: TraceSummary = {
    traceId: String(r[0]),
    name: String(r[1]),
    service: String(r[2]),
    startTimeUnixMs: Number(r[3]),
    durationMs: Math.max(0, Number(r[4]) - Number(r[3])),
    status: Number(r[6]) > 0 ? 'error' : 'ok',
    spanCount: Number(r[5]),
    errorCount: Number(r[6]),
    usage: { inputTokens: Number(r[7]), outputTokens: Number(r[8]), totalTokens: Number(r[9]) },
    costUsd: r[10] === null ? null : Number(r[10]),
    hasRoot: Number(r[12]) === 1,
    updatedSeq: Number(r[13]),
  };
  if (r[11] !== null) summary.sessionId = String(r[11]);
  return summary;
}
