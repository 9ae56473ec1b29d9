/**
 * A trace's span rows (the tree view's lines): read from the spans table's columns alone, without
 * decoding any span's stored detail.
 */
import type { SpanRow } from '../../protocol/engine-api';
import type { SpanKind, SpanStatus, Usage } from '../../protocol/trace-json';
import type { PreparedStatements, Row } from './prepared';
import { inStartOrder, type Orderable } from './span-start-order';

const SPAN_ROW_COLUMNS = `span_id, parent_span_id, name, kind, status, start_ms, duration_ms, service, model,
  input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, pending, rowid`;

function usageFromRow(r: Row, from: number): Usage | undefined {
  const keys = ['inputTokens', 'outputTokens', 'totalTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;
  const usage: Usage = {};
  let any = false;
  keys.forEach((key, i) => {
    const v = r[from + i];
    if (v !== null) {
      usage[key] = Number(v);
      any = true;
    }
  });
  return any ? usage : undefined;
}

function spanRowFrom(r: Row): SpanRow {
  const row: SpanRow = {
    spanId: String(r[0]),
    parentSpanId: r[1] === null ? null : String(r[1]),
    name: String(r[2]),
    kind: String(r[3]) as SpanKind,
    status: String(r[4]) as SpanStatus,
    startTimeUnixMs: Number(r[5]),
    durationMs: Number(r[6]),
    service: String(r[7]),
  };
  if (r[8] !== null) row.model = String(r[8]);
  const usage = usageFromRow(r, 9);
  if (usage) row.usage = usage;
  if (r[15] !== null) row.costUsd = Number(r[15]);
  if (r[16] === 1) row.pending = true;
  return row;
}

/** A span row with what ordering needs, which the row itself does not carry. */
function orderableRow(r: Row): SpanRow & Orderable {
  const row = spanRowFrom(r);
  return Object.assign(row, { arrival: Number(r[17]) });
}

/** The trace's span rows in start order. */
export function readSpanRows(sql: PreparedStatements, traceId: string): SpanRow[] {
  const rows = inStartOrder(sql.all(`SELECT ${SPAN_ROW_COLUMNS} FROM spans WHERE trace_id = ?`, [traceId]).map(orderableRow));
  return rows.map(({ arrival: _arrival, ...row }) => row);
}
