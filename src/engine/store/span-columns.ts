/**
 * The spans table's written columns, by name: the insert and update statements are built from these
 * lists, and rows are bound from records keyed by the same names. A new column (say, where a cost
 * came from) is one entry in a list and one field where its value is computed.
 */
import type { NormalizedFields } from '../../protocol/trace-json';
import { columns } from './columns';
import { encodeToolCallKeys, toolCallKeysOf, type ToolCallKeys } from './tool-call-keys';

/** The columns derived from normalization: written at ingest, rewritten when log records arrive later. */
export const NORMALIZED_COLUMNS = columns({
  kind: 'kind',
  model: 'model',
  provider: 'provider',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  totalTokens: 'total_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  reasoningTokens: 'reasoning_tokens',
  costUsd: 'cost_usd',
  sessionId: 'session_id',
  promptName: 'prompt_name',
  promptVersion: 'prompt_version',
  toolCalls: 'tool_calls',
});

export type NormalizedColumnValues = Record<keyof typeof NORMALIZED_COLUMNS.columns, string | number | null>;

/** The span's own columns (as sent, or clamped where noted in span-row-values.ts). */
const SPAN_OWN_COLUMNS = columns({
  traceId: 'trace_id',
  spanId: 'span_id',
  parentSpanId: 'parent_span_id',
  name: 'name',
  status: 'status',
  statusMessage: 'status_message',
  startMs: 'start_ms',
  durationMs: 'duration_ms',
  service: 'service',
  detail: 'detail',
  contentRefs: 'content_refs',
  bytes: 'bytes',
  pending: 'pending',
});

export const SPAN_INSERT_COLUMNS = SPAN_OWN_COLUMNS.and(NORMALIZED_COLUMNS);

// OR IGNORE: a duplicate (trace id, span id) leaves the first copy; see stored-rows.ts.
export const INSERT_SPAN = `INSERT OR IGNORE INTO spans (${SPAN_INSERT_COLUMNS.sql}) VALUES (${SPAN_INSERT_COLUMNS.placeholders})`;

export const UPDATE_NORMALIZED = `UPDATE spans SET ${NORMALIZED_COLUMNS.assignments()} WHERE trace_id = ? AND span_id = ?`;

/** What a deleted span or log row held: its content references and its bytes. */
export const ROW_HOLDINGS = columns({ contentRefs: 'content_refs', bytes: 'bytes' });

/** The real span replaces its pending placeholder (see pending-spans.ts). */
export const DELETE_PLACEHOLDER = `DELETE FROM spans WHERE trace_id = ? AND span_id = ? AND pending = 1 RETURNING ${ROW_HOLDINGS.sql}`;

/** The row columns that come from normalization (`keys`: the fields' tool-call keys, when the caller has them). */
export function normalizedColumns(f: NormalizedFields, keys: ToolCallKeys | null = toolCallKeysOf(f)): NormalizedColumnValues {
  const u = f.usage ?? {};
  return {
    kind: f.kind ?? 'other',
    model: f.model ?? f.requestModel ?? null,
    provider: f.provider ?? null,
    inputTokens: u.inputTokens ?? null,
    outputTokens: u.outputTokens ?? null,
    totalTokens: u.totalTokens ?? null,
    cacheReadTokens: u.cacheReadTokens ?? null,
    cacheWriteTokens: u.cacheWriteTokens ?? null,
    reasoningTokens: u.reasoningTokens ?? null,
    costUsd: typeof f.costUsd === 'number' ? f.costUsd : null,
    sessionId: f.sessionId ?? null,
    promptName: f.prompt?.name ?? null,
    promptVersion: f.prompt?.version ?? null,
    toolCalls: encodeToolCallKeys(keys),
  };
}
