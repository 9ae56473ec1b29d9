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
import { SpanAttributes } from '../semconv/attributes';
import { messagesOrRaw, systemInstructions, withSystemInstructions } from '../semconv/genai';
import { hasToolWord } from './tool-word';

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
function mayHoldToolMessages(value: unknown): boolean {
  return typeof value !== 'string' || hasToolWord(value);
}

/**
 * The GenAI conversation as far as `toolCallKeysOf` reads it, when no other family sent messages:
 * the input and output `normalizeSpan` would give, built by the GenAI family's own functions
 * (genai.ts `readContent`) from the attributes that may hold tool messages only. An attribute
 * without such a word has no tool call, tool result or tool role in it, so it
 * changes nothing in the column and is neither parsed nor turned into messages. As in
 * `finalizeSpan`, messages without parts are dropped and a side without messages is absent.
 */
function conversationForToolKeys(attributes: DecodedSpan['attributes'], marked: readonly string[]): Pick<NormalizedFields, 'input' | 'output'> {
  const attrs = new SpanAttributes(attributes);
  const read = (key: string): unknown => (marked.includes(key) ? attrs.value(key) : undefined);
  const system = systemInstructions(read('gen_ai.system_instructions'));
  const inputMessages = messagesOrRaw(read('gen_ai.input.messages'), 'user');
  const input = system || inputMessages ? withSystemInstructions(system, inputMessages ?? []) : [];
  const output = messagesOrRaw(read('gen_ai.output.messages'), 'assistant') ?? [];
  const out: Pick<NormalizedFields, 'input' | 'output'> = {};
  const inputWithParts = input.filter((m) => m.parts.length > 0);
  const outputWithParts = output.filter((m) => m.parts.length > 0);
  if (inputWithParts.length > 0) out.input = { messages: inputWithParts };
  if (outputWithParts.length > 0) out.output = { messages: outputWithParts };
  return out;
}

/**
 * The fields a span is stored with when it is prepared for ingest: those of `fieldsForRowColumns`
 * (which skips parsing the GenAI conversation), plus, for a model call whose GenAI conversation may
 * hold tool calls or results, the messages of that conversation the `tool_calls` column is read
 * from. The row's columns, this one included, are what `normalizeSpan` would give:
 * - the kind does not depend on the conversation, and only model calls have tool keys;
 * - when another family (or a generic carrier) sent messages, which of them wins over the GenAI
 *   ones is the merge's decision: the span is normalized in full;
 * - otherwise the GenAI conversation is the span's, as `conversationForToolKeys` builds it. Should
 *   building it throw, the full normalization (whose GenAI family would throw the same way and be
 *   left out) decides.
 * The other fields may be missing or partial: never show these.
 */
export function fieldsForIngest(span: DecodedSpan, rowColumnsOnly: (span: DecodedSpan) => NormalizedFields,
  full: (span: DecodedSpan) => NormalizedFields): NormalizedFields {
  const unparsed = UNPARSED_CONTENT.filter((key) => span.attributes[key] !== undefined);
  const fields = rowColumnsOnly(span);
  if (unparsed.length === 0 || fields.kind !== 'llm') return fields;
  if (fields.input || fields.output) return full(span);
  const marked = unparsed.filter((key) => mayHoldToolMessages(span.attributes[key]));
  if (marked.length === 0) return fields;
  let conversation: Pick<NormalizedFields, 'input' | 'output'>;
  try {
    conversation = conversationForToolKeys(span.attributes, marked);
  } catch {
    return full(span);
  }
  // Set on the fields themselves, which are this call's own: a spread copy of an object that
  // normalization's deletes left in dictionary mode cost more than building the conversation.
  if (conversation.input) fields.input = conversation.input;
  if (conversation.output) fields.output = conversation.output;
  return fields;
}
