/**
 * The trace list: summaries filtered by service, status, session and text, newest first, one page
 * at a time, with the total that matched.
 */
import type { ListTracesQuery, TraceSummary } from '../../protocol/engine-api';
import { validListQuery } from './list-query';
import type { PreparedStatements } from './prepared';
import { SUMMARY_COLUMNS, summaryFromRow } from './trace-summary';

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listTraceSummaries(sql: PreparedStatements, request: ListTracesQuery): { traces: TraceSummary[]; total: number } {
  const query = validListQuery(request);
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.service !== undefined) {
    where.push('service = ?');
    params.push(query.service);
  }
  if (query.status === 'error') where.push('error_count > 0');
  if (query.status === 'ok') where.push('error_count = 0');
  if (query.sessionId !== undefined) {
    where.push('session_id = ?');
    params.push(query.sessionId);
  }
  if (query.text) {
    // LIKE is case-insensitive for ASCII in SQLite; the pattern's own % and _ are escaped.
    where.push("(name LIKE ? ESCAPE '\\' OR service LIKE ? ESCAPE '\\' OR trace_id LIKE ? ESCAPE '\\' OR session_id LIKE ? ESCAPE '\\')");
    const pattern = likePattern(query.text);
    params.push(pattern, pattern, pattern, pattern);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const { limit, offset } = query;
  const total = sql.number(`SELECT count(*) FROM traces ${clause}`, params);
  const rows = sql.select(SUMMARY_COLUMNS, `FROM traces ${clause} ORDER BY start_ms DESC, trace_id LIMIT ? OFFSET ?`, [...params, limit, offset]);
  return { traces: rows.map(summaryFromRow), total };
}
