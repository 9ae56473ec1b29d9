/**
 * A trace's span rows (the tree view's lines): read from the spans table's columns alone, without
 * decoding any span's stored detail.
 */
import type { SpanRow } from '../../protocol/engine-api';
import type { SpanKind, SpanStatus, Usage } from '../../protocol/trace-json';
import { columns, type NamedRow } from './columns';
import type { PreparedStatements } from './prepared';
import { inStartOrder, type Orderable } from './span-start-order';

const SPAN_ROW_COLUMNS = columns({
  spanId: 'span_id', parentSpanId: 'parent_span_id', name: 'name', kind: 'kind', status: 'status',
  startMs: 'start_ms', durationMs: 'duration_ms', service: 'service', model: 'model',
  inputTokens: 'input_tokens', outputTokens: 'output_tokens', totalTokens: 'total_tokens',
  cacheReadTokens: 'cache_read_tokens', cacheWriteTokens: 'cache_write_tokens', reasoningTokens: 'reasoning_tokens',
  // The priced cost (call-costs.ts), not the recorded one in spans.cost_usd.
  costUsd: '(SELECT c.cost_usd FROM calls c WHERE c.trace_id = spans.trace_id AND c.span_id = spans.span_id)',
  pending: 'pending', arrival: 'rowid',
});

type SpanRowColumns = NamedRow<keyof typeof SPAN_ROW_COLUMNS.columns>;

const USAGE_KEYS = ['inputTokens', 'outputTokens', 'totalTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

function usageFromRow(r: SpanRowColumns): Usage | undefined {
  const usage: Usage = {};
  let any = false;
  for (const key of USAGE_KEYS) {
    const v = r[key];
    if (v !== null) {
      usage[key] = Number(v);
      any = true;
    }
  }
  return any ? usage : undefined;
}

function spanRowFrom(r: SpanRowColumns): SpanRow {
  const row: SpanRow = {
    spanId: String(r.spanId),
    parentSpanId: r.parentSpanId === null ? null : String(r.parentSpanId),
    name: String(r.name),
    kind: String(r.kind) as SpanKind,
    status: String(r.status) as SpanStatus,
    startTimeUnixMs: Number(r.startMs),
    durationMs: Number(r.durationMs),
    service: String(r.service),
  };
  if (r.model !== null) row.model = String(r.model);
  const usage = usageFromRow(r);
  if (usage) row.usage = usage;
  if (r.costUsd !== null) row.costUsd = Number(r.costUsd);
  if (r.pending === 1) row.pending = true;
  return row;
}

/** A span row with what ordering needs, which the row itself does not carry. */
function orderableRow(r: SpanRowColumns): SpanRow & Orderable {
  const row = spanRowFrom(r);
  return Object.assign(row, { arrival: Number(r.arrival) });
}

/** The trace's span rows in start order. */
export function readSpanRows(sql: PreparedStatements, traceId: string): SpanRow[] {
  const rows = inStartOrder(sql.select(SPAN_ROW_COLUMNS, 'FROM spans WHERE trace_id = ?', [traceId]).map(orderableRow));
  return rows.map(({ arrival: _arrival, ...row }) => row);
}

const ORDER_COLUMNS = columns({ spanId: 'span_id', parentSpanId: 'parent_span_id', kind: 'kind', startMs: 'start_ms', durationMs: 'duration_ms', arrival: 'rowid', pending: 'pending' });

/** A span row reduced to its kind and what ordering needs (and whether it is a pending placeholder, which its real span replaces). */
export type SpanInOrder = Pick<SpanRow, 'spanId' | 'parentSpanId' | 'kind' | 'startTimeUnixMs' | 'durationMs' | 'pending'>;

/** The trace's spans in the span rows' order (the same inputs to the same rule), reading only what ordering needs. */
export function readSpanOrder(sql: PreparedStatements, traceId: string): SpanInOrder[] {
  return inStartOrder(sql.select(ORDER_COLUMNS, 'FROM spans WHERE trace_id = ?', [traceId]).map(orderRowFrom));
}

function orderRowFrom(r: NamedRow<keyof typeof ORDER_COLUMNS.columns>): SpanInOrder & { arrival: number } {
  const row: SpanInOrder & { arrival: number } = {
    spanId: String(r.spanId), parentSpanId: r.parentSpanId === null ? null : String(r.parentSpanId), kind: String(r.kind) as SpanKind,
    startTimeUnixMs: Number(r.startMs), durationMs: Number(r.durationMs), arrival: Number(r.arrival),
  };
  if (r.pending === 1) row.pending = true;
  return row;
}

/**
 * What tells whether a trace's rows only grew since its order was read (span-order-cache.ts): its
 * span count, its last arrival, and its log records (a log arriving after its span normalizes the
 * span again, which may change its kind).
 */
export interface SpanOrderMark {
  spans: number;
  lastArrival: number;
  logs: string;
}

const MARK_COLUMNS = columns({ count: 'count(*)', last: 'max(rowid)' });

export function readSpanOrderMark(sql: PreparedStatements, traceId: string): SpanOrderMark {
  const spans = sql.selectOne(MARK_COLUMNS, 'FROM spans WHERE trace_id = ?', [traceId]);
  const logs = sql.selectOne(MARK_COLUMNS, 'FROM logs WHERE trace_id = ?', [traceId]);
  return { spans: Number(spans?.count ?? 0), lastArrival: Number(spans?.last ?? 0), logs: `${Number(logs?.count ?? 0)}/${Number(logs?.last ?? 0)}` };
}

/** The trace's spans stored after an arrival (a row id), in arrival order, with what ordering needs. */
export function readSpansArrivedAfter(sql: PreparedStatements, traceId: string, arrival: number): Array<SpanInOrder & { arrival: number }> {
  return sql.select(ORDER_COLUMNS, 'FROM spans WHERE trace_id = ? AND rowid > ? ORDER BY rowid', [traceId, arrival]).map(orderRowFrom);
}
