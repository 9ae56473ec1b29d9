/**
 * The tool-call keys of a model call, kept when it is stored so the links of a tool span
 * (src/analysis/tool-links.ts) can be found by a lookup instead of by normalizing every model call
 * of the trace. Exactly what `linkToolCalls` reads of an LLM span: the tool calls its output asks
 * for (id and name, in order), the ids of the tool results its input carries, and whether its
 * input has any tool result or tool message at all.
 *
 * The span's row keeps the asks and the flag in its `tool_calls` column, as compact JSON
 * `{"a":[[id,name],...],"h":1}` (null for spans with neither, and for every span that is not a
 * model call, which `linkToolCalls` ignores). The result ids go to `tool_results`
 * (tool-result-index.ts): an agent re-sends every earlier result on every step, so a list per row
 * grew with the square of the run. Snapshots written before kept them in the column as `"r":[...]`.
 */
import type { NormalizedFields } from '../../protocol/trace-json';
import type { DecodedSpan } from '../model';

export interface ToolCallKeys {
  /** Tool calls the output asks for: [call id or null, tool name], in output order. */
  asks: Array<[string | null, string]>;
  /** Ids of the tool results in the input, first occurrence order. */
  resultIds: string[];
  /** The input has a tool message or a tool result part (with or without an id). */
  hasResults: boolean;
}

interface Encoded {
  a?: Array<[string | null, string]>;
  r?: string[];
  h?: 1;
}

export function toolCallKeysOf(fields: NormalizedFields): ToolCallKeys | null {
  if (fields.kind !== 'llm') return null;
  const asks: ToolCallKeys['asks'] = [];
  for (const m of fields.output?.messages ?? []) {
    for (const p of m.parts) if (p.type === 'tool_call') asks.push([p.id ?? null, p.name]);
  }
  const resultIds = new Set<string>();
  let hasResults = false;
  for (const m of fields.input?.messages ?? []) {
    if (m.role === 'tool') hasResults = true;
    for (const p of m.parts) {
      if (p.type !== 'tool_result') continue;
      hasResults = true;
      if (p.id) resultIds.add(p.id);
    }
  }
  if (asks.length === 0 && !hasResults) return null;
  return { asks, resultIds: [...resultIds], hasResults };
}

/** The column's value: the asks and the flag (the result ids are indexed apart). */
export function encodeToolCallKeys(keys: ToolCallKeys | null): string | null {
  if (!keys) return null;
  const out: Encoded = {};
  if (keys.asks.length > 0) out.a = keys.asks;
  if (keys.hasResults) out.h = 1;
  return JSON.stringify(out);
}

/** The column's keys; `resultIds` only from a column written before they were indexed apart. */
export function decodeToolCallKeys(text: string | null): ToolCallKeys {
  if (text === null) return { asks: [], resultIds: [], hasResults: false };
  const d = JSON.parse(text) as Encoded;
  return { asks: d.a ?? [], resultIds: d.r ?? [], hasResults: d.h === 1 };
}

/** The attributes `fieldsForRowColumns` leaves unparsed (the GenAI family's conversation). */
const UNPARSED_CONTENT = ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions'];
/** Text that tool calls and tool results cannot be written without. */
const TOOL_MARK = /tool|function/i;

/**
 * The fields a span is stored with when it is prepared for ingest: those of `fieldsForRowColumns`
 * (which skips parsing the GenAI conversation), unless that conversation may hold tool calls or
 * results, whose ids the `tool_calls` column keeps: then the full fields. Either way the row's
 * columns, this one included, are what `normalizeSpan` would give.
 */
export function fieldsForIngest(span: DecodedSpan, rowColumnsOnly: (span: DecodedSpan) => NormalizedFields,
  full: (span: DecodedSpan) => NormalizedFields): NormalizedFields {
  const unparsed = UNPARSED_CONTENT.filter((key) => span.attributes[key] !== undefined);
  if (unparsed.length === 0) return rowColumnsOnly(span);
  const marked = unparsed.some((key) => {
    const value = span.attributes[key];
    return typeof value !== 'string' || TOOL_MARK.test(value);
  });
  if (marked) return full(span);
  const fields = rowColumnsOnly(span);
  // Another family's messages (parsed even for row columns) could lose to the GenAI ones once those are parsed.
  return fields.kind === 'llm' && (fields.input || fields.output) ? full(span) : fields;
}
