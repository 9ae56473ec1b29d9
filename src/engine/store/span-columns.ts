/** The spans table's insert and update statements, and the columns derived from normalization. */
import type { NormalizedFields } from '../../protocol/trace-json';

// OR IGNORE: a duplicate (trace id, span id) leaves the first copy; see stored-rows.ts.
export const INSERT_SPAN = `INSERT OR IGNORE INTO spans (trace_id, span_id, parent_span_id, name, kind, status, status_message,
  start_ms, duration_ms, service, model, provider, input_tokens, output_tokens, total_tokens,
  cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, session_id, detail, content_refs, bytes, pending)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const UPDATE_NORMALIZED = `UPDATE spans SET kind = ?, model = ?, provider = ?, input_tokens = ?, output_tokens = ?,
  total_tokens = ?, cache_read_tokens = ?, cache_write_tokens = ?, reasoning_tokens = ?, cost_usd = ?,
  session_id = ? WHERE trace_id = ? AND span_id = ?`;

/** The real span replaces its pending placeholder (see pending-spans.ts). */
export const DELETE_PLACEHOLDER = 'DELETE FROM spans WHERE trace_id = ? AND span_id = ? AND pending = 1 RETURNING content_refs, bytes';

/** The row columns that come from normalization, in INSERT/UPDATE order. */
export function normalizedColumns(f: NormalizedFields): Array<string | number | null> {
  const u = f.usage ?? {};
  return [
    f.kind, f.model ?? f.requestModel ?? null, f.provider ?? null,
    u.inputTokens ?? null, u.outputTokens ?? null, u.totalTokens ?? null,
    u.cacheReadTokens ?? null, u.cacheWriteTokens ?? null, u.reasoningTokens ?? null,
    typeof f.costUsd === 'number' ? f.costUsd : null, f.sessionId ?? null,
  ];
}

