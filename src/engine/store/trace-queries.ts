/**
 * Read side of the store: the queries behind EngineMethods (list, summary, span rows, one span,
 * Trace JSON). Returns plain objects; content references are resolved here.
 */
import type { ListTracesQuery, SpanRow, TraceSummary } from '../../protocol/engine-api';
import type { SpanKind, SpanStatus, TraceJsonDocument, TraceJsonSpan, TraceJsonTrace, Usage } from '../../protocol/trace-json';
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { traceJsonHeader } from '../../protocol/trace-summary-json';
import { linkToolCalls, type ToolLink } from '../semconv/tool-links';
import { eventsWithLogs } from './log-events';
import { validListQuery } from './list-query';
import type { Row } from './prepared';
import { serviceOf } from './span-record';
import type { StoredSpan } from './stored-spans';
import type { TraceStore } from './trace-store';
import { SUMMARY_COLUMNS, summaryFromRow } from './trace-summary';

export { DEFAULT_PAGE, MAX_PAGE } from './list-query';

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

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

const SPAN_ROW_COLUMNS = `span_id, parent_span_id, name, kind, status, start_ms, duration_ms, service, model,
  input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, pending, rowid`;

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
  return Object.assign(row, { endTimeUnixMs: row.startTimeUnixMs + row.durationMs, arrival: Number(r[17]) });
}

/** The order of the normalized fields in a span's JSON, as DESIGN.md lists them; others follow. */
const FIELD_ORDER = [
  'provider', 'requestModel', 'model', 'usage', 'costUsd', 'input', 'output', 'toolDefinitions', 'tool', 'retrieval',
  'prompt', 'code', 'sessionId', 'userId', 'agentName', 'error', 'finishReasons', 'requestParameters',
  'contentCaptured', 'conventions',
];

function ordered(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (fields[key] !== undefined) out[key] = fields[key];
  for (const key of Object.keys(fields)) if (!(key in out) && fields[key] !== undefined) out[key] = fields[key];
  return out;
}

/** What ordering needs of a span or row. */
export interface Orderable {
  spanId: string;
  parentSpanId: string | null;
  startTimeUnixMs: number;
  endTimeUnixMs: number;
  /** Arrival order in the store. */
  arrival: number;
}

/**
 * Start order. Ties are common: OTel JS SDK 2.x stamps span starts in whole milliseconds
 * (Date.now()), so a parent and its first child, or siblings, often share a start. They are broken
 * by depth (a parent precedes its children), then by end time (of two steps that started in the
 * same millisecond, the one that ended first most likely ran first), then by arrival. The span
 * rows and the Trace JSON both order this way.
 */
export function inStartOrder<T extends Orderable>(spans: T[]): T[] {
  const parentOf = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    let d = 0;
    const seen = new Set<string>([id]);
    // Bounded by the trace's size; `seen` guards against parent cycles in malformed input.
    for (let p = parentOf.get(id); p && parentOf.has(p) && !seen.has(p); p = parentOf.get(p)) {
      seen.add(p);
      d++;
    }
    return d;
  };
  for (const s of spans) depth.set(s.spanId, depthOf(s.spanId));
  return spans.sort((a, b) =>
    a.startTimeUnixMs - b.startTimeUnixMs || depth.get(a.spanId)! - depth.get(b.spanId)! ||
    a.endTimeUnixMs - b.endTimeUnixMs || a.arrival - b.arrival);
}

/** The span with its tool link placed right after its `tool` field (or its kind's fields). */
function withToolLink(span: TraceJsonSpan, link: ToolLink): TraceJsonSpan {
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const [key, value] of Object.entries(span)) {
    if (!placed && (key === 'events' || key === 'attributes')) {
      out.toolLink = link;
      placed = true;
    }
    out[key] = value;
    if (key === 'tool') {
      out.toolLink = link;
      placed = true;
    }
  }
  if (!placed) out.toolLink = link;
  return out as unknown as TraceJsonSpan;
}

/** Stored spans in start order, by the row's times (a backwards end is clamped, as in the rows). */
export function storedInStartOrder(stored: readonly StoredSpan[]): DecodedSpan[] {
  const orderable = stored.map((s) => ({
    spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, startTimeUnixMs: s.span.startTimeUnixMs,
    endTimeUnixMs: Math.max(s.span.startTimeUnixMs, s.span.endTimeUnixMs), arrival: s.arrival, span: s.span,
  }));
  return inStartOrder(orderable).map((s) => s.span);
}

export class TraceQueries {
  constructor(private readonly store: TraceStore) {}

  listTraces(request: ListTracesQuery): { traces: TraceSummary[]; total: number } {
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
    const sql = this.store.sql;
    const total = Number(sql.get(`SELECT count(*) FROM traces ${clause}`, params)?.[0] ?? 0);
    const rows = sql.all(
      `SELECT ${SUMMARY_COLUMNS} FROM traces ${clause} ORDER BY start_ms DESC, trace_id LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return { traces: rows.map(summaryFromRow), total };
  }

  getTraceSummary(traceId: string): TraceSummary | null {
    const row = this.store.sql.get(`SELECT ${SUMMARY_COLUMNS} FROM traces WHERE trace_id = ?`, [traceId]);
    return row ? summaryFromRow(row) : null;
  }

  getSpanRows(traceId: string): SpanRow[] {
    const rows = inStartOrder(this.store.sql.all(`SELECT ${SPAN_ROW_COLUMNS} FROM spans WHERE trace_id = ?`, [traceId]).map(orderableRow));
    return rows.map(({ endTimeUnixMs: _end, arrival: _arrival, ...row }) => row);
  }

  getSpan(traceId: string, spanId: string): TraceJsonSpan | null {
    const stored = this.store.loadSpan(traceId, spanId);
    if (!stored) return null;
    const json = this.spanJson(stored.span, stored.service, this.store.logCount > 0 ? this.store.logsOf(traceId, spanId) : []);
    // A tool span's links need the LLM calls around it: the whole trace, for tool spans only.
    if (json.kind !== 'tool') return json;
    return this.getTraceJson([traceId]).traces[0]?.spans?.find((s) => s.spanId === spanId) ?? json;
  }

  /** A span in Trace JSON; its log records are shown as events after its own (see log-events.ts). */
  private spanJson(span: DecodedSpan, service: string, logs: readonly DecodedLogRecord[]): TraceJsonSpan {
    const { kind, ...rest } = this.store.normalizedFields(span, logs);
    const json: TraceJsonSpan = {
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      name: span.name,
      kind: kind ?? 'other',
      status: span.status.code,
      ...(span.status.message ? { statusMessage: span.status.message } : {}),
      startTimeUnixMs: span.startTimeUnixMs,
      durationMs: Math.max(0, span.endTimeUnixMs - span.startTimeUnixMs),
      service,
      ...ordered(rest),
    };
    const events = eventsWithLogs(span.events, logs);
    if (events.length > 0) json.events = events.map((e) => ({ name: e.name, timeUnixMs: e.timeUnixMs, attributes: e.attributes }));
    json.attributes = span.attributes;
    json.resource = span.resource;
    json.scope = span.scope.version !== undefined ? { name: span.scope.name, version: span.scope.version } : { name: span.scope.name };
    json.spanKind = span.spanKind;
    return json;
  }

  getTraceJson(traceIds: readonly string[]): TraceJsonDocument {
    const traces: TraceJsonTrace[] = [];
    for (const traceId of traceIds) {
      const summary = this.getTraceSummary(traceId);
      if (!summary) continue;
      const logs = this.store.logsOfTrace(traceId);
      const spans = storedInStartOrder(this.store.loadSpans(traceId)).map((span) =>
        this.spanJson(span, serviceOf(span.resource), logs.get(span.spanId) ?? []));
      const links = linkToolCalls(spans);
      for (let i = 0; i < spans.length; i++) {
        const link = links.get(spans[i].spanId);
        if (link) spans[i] = withToolLink(spans[i], link);
      }
      const trace = traceJsonHeader(summary);
      trace.spans = spans;
      traces.push(trace);
    }
    return { version: 1, traces };
  }
}
