/**
 * Indexed reads about the spans around one span, so that selecting a span of a big trace costs a few
 * lookups instead of building the whole trace: the model calls that ask for a tool-call id
 * (tool-call-keys.ts), the first call that received its result (tool-result-index.ts), the first
 * model calls from a time on, and the calls recorded twice that the summary found
 * (trace-summary.ts). Each scans at most the trace's rows inside SQLite, reading only small columns.
 */
import { decodeToolCallKeys, type ToolCallKeys } from './tool-call-keys';
import type { PreparedStatements, Row } from './prepared';
import { spanCostsOfTrace } from './call-costs';

/** A model call of the trace, with its tool-call keys. */
export interface LlmCallRow {
  spanId: string;
  parentSpanId: string | null;
  startMs: number;
  keys: ToolCallKeys;
}

const LLM_COLUMNS = 'span_id, parent_span_id, start_ms, tool_calls';
const llmCallRow = (r: Row): LlmCallRow => ({
  spanId: String(r[0]), parentSpanId: r[1] === null ? null : String(r[1]), startMs: Number(r[2]),
  keys: decodeToolCallKeys(r[3] === null ? null : String(r[3])),
});

export interface ToolResultFacts {
  anyResultIds: boolean;
  anyResults: boolean;
  /** Some id's first carrier is unknown (its row was replaced or normalized again): only the whole trace can tell. */
  carriersForgotten: boolean;
}

/** The first model call whose input carries a tool result (tool-result-index.ts). */
export interface FirstCarrier {
  /** Null when that call's row was removed or normalized again without the id. */
  spanId: string | null;
  startMs: number;
  /** Another call starting in the same millisecond carries it too. */
  tied: boolean;
}

export class SpanLookups {
  private facts?: ToolResultFacts;

  constructor(private readonly sql: PreparedStatements, private readonly traceId: string, private readonly factsCache?: Map<string, ToolResultFacts>) {}

  /** toolResultFacts(), from `factsCache` (keyed by trace and version) when it has them. */
  resultFacts(): ToolResultFacts {
    if (this.facts) return this.facts;
    const found = this.factsCache?.get(this.traceId);
    this.facts = found ?? this.toolResultFacts();
    if (!found) this.factsCache?.set(this.traceId, this.facts);
    return this.facts;
  }

  /** Model calls whose keys mention the id (to be checked: a mention is not yet an ask), by start. */
  llmCallsMentioning(callId: string): LlmCallRow[] {
    return this.sql.all(`SELECT ${LLM_COLUMNS} FROM spans WHERE trace_id = ? AND kind = 'llm' AND instr(tool_calls, ?) > 0 ORDER BY start_ms`,
      [this.traceId, JSON.stringify(callId)]).map(llmCallRow);
  }

  /** The first model call, by start, whose input carries the result of the tool call `callId`; undefined when none does. */
  firstResultCarrier(callId: string): FirstCarrier | undefined {
    const row = this.sql.get('SELECT span_id, start_ms, tied FROM tool_results WHERE trace_id = ? AND call_id = ?', [this.traceId, callId]);
    if (!row) return undefined;
    return { spanId: row[0] === null ? null : String(row[0]), startMs: Number(row[1]), tied: Number(row[2]) === 1 };
  }

  /**
   * Whether any model call of the trace carries a tool result with an id, any tool result at all,
   * and whether some first carrier is forgotten: kept per trace version by the caller (`facts`).
   */
  toolResultFacts(): ToolResultFacts {
    // `"h":1` cannot occur inside an encoded id (its quotes are escaped).
    const anyResults = this.sql.get(`SELECT 1 FROM spans WHERE trace_id = ? AND kind = 'llm' AND instr(tool_calls, '"h":1') > 0 LIMIT 1`, [this.traceId]) !== null;
    const ids = this.sql.get('SELECT count(*), count(*) - count(span_id) FROM tool_results WHERE trace_id = ?', [this.traceId]);
    return { anyResultIds: Number(ids?.[0] ?? 0) > 0, anyResults, carriersForgotten: Number(ids?.[1] ?? 0) > 0 };
  }

  /** The first two model calls starting at or after `startMs` whose input has tool results. */
  firstLlmCallsWithResults(startMs: number): LlmCallRow[] {
    return this.sql.all(`SELECT ${LLM_COLUMNS} FROM spans WHERE trace_id = ? AND kind = 'llm' AND instr(tool_calls, '"h":1') > 0
      AND start_ms >= ? ORDER BY start_ms LIMIT 2`, [this.traceId, startMs]).map(llmCallRow);
  }

  /** The first two model calls starting at or after `startMs` under `parentSpanId`, other than `exceptSpanId`. */
  firstLlmCallsUnder(parentSpanId: string | null, exceptSpanId: string, startMs: number): LlmCallRow[] {
    return this.sql.all(`SELECT ${LLM_COLUMNS} FROM spans WHERE trace_id = ? AND kind = 'llm' AND parent_span_id IS ? AND span_id != ?
      AND start_ms >= ? ORDER BY start_ms LIMIT 2`, [this.traceId, parentSpanId, exceptSpanId, startMs]).map(llmCallRow);
  }

  /** The span's priced cost (calls table), keyed by its id; empty when it has none. */
  costs(spanId: string): ReturnType<typeof spanCostsOfTrace> {
    return spanCostsOfTrace(this.sql, this.traceId, spanId);
  }

  /** The span standing for the call this span also records, if it is a duplicate. */
  duplicateOf(spanId: string): string | undefined {
    const row = this.sql.get('SELECT leader_span_id FROM call_duplicates WHERE trace_id = ? AND span_id = ?', [this.traceId, spanId]);
    return row ? String(row[0]) : undefined;
  }

  /** The duplicates of the call this span stands for, in the order the roll-up found them. */
  alsoRecordedBy(spanId: string): string[] {
    return this.sql.all('SELECT span_id FROM call_duplicates WHERE trace_id = ? AND leader_span_id = ? ORDER BY seq', [this.traceId, spanId]).map((r) => String(r[0]));
  }
}
