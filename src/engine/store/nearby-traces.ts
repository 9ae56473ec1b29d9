/**
 * Traces near another one in time, from the same service: where the retrieval analysis looks for a
 * consuming model call that an instrumentation recorded in a second trace (LangChain does this when
 * a retriever and a model are invoked separately).
 */
import type { TraceSummary } from '../../protocol/engine-api';
import type { PreparedStatements } from './prepared';

/** How far around the trace to look, and how many traces at most, nearest first. */
export const NEARBY_WINDOW_MS = 60_000;
export const NEARBY_MAX = 8;

export function nearbyTraceIds(sql: PreparedStatements, trace: TraceSummary): string[] {
  const start = trace.startTimeUnixMs;
  const end = start + trace.durationMs;
  const rows = sql.all(
    `SELECT trace_id FROM traces WHERE trace_id <> ? AND service = ? AND start_ms <= ? AND end_ms >= ?
     ORDER BY abs(start_ms - ?) LIMIT ${NEARBY_MAX}`,
    [trace.traceId, trace.service, end + NEARBY_WINDOW_MS, start - NEARBY_WINDOW_MS, end],
  );
  return rows.map((r) => String(r[0]));
}
