/**
 * Messages in the shapes real libraries put them (after JSON parsing):
 * - OTel GenAI `{role, parts[], name?, finish_reason?}`;
 * - OpenAI chat `{role, content, name?, tool_calls?, tool_call_id?}`, request bodies `{messages}`,
 *   responses `{choices[{message, finish_reason}]}`, Responses API `{input|output: items[]}`;
 * - Anthropic request `{system, messages}` and response `{role, content[], stop_reason}`;
 * - Gemini / Google ADK `{contents[{role, parts}]}`, responses `{candidates[{content}]}`;
 * - LangChain serialized messages (`{lc:1, type:'constructor', id:[..., 'HumanMessage'], kwargs}`),
 *   dict messages (`{type:'human', data:{content}}`), `{messages:[[...]]}` and `{generations}`;
 * - Genkit `{messages[{role, content[]}]}` / `{message}` and the Vercel AI SDK's core messages.
 * Everything returns undefined for values that are not recognisably messages, so callers can fall
 * back to showing the raw value.
 */
import type { Message } from '../../protocol/trace-json';
import { isRecord, toText } from './attributes';
import { contentToParts, toPart, toolCallsToParts } from './message-parts';

const LANGCHAIN_ROLES: Record<string, string> = {
  human: 'user', user: 'user', ai: 'assistant', assistant: 'assistant', system: 'system',
  tool: 'tool', function: 'tool', chat: 'user', developer: 'system',
  HumanMessage: 'user', AIMessage: 'assistant', SystemMessage: 'system', ToolMessage: 'tool',
  FunctionMessage: 'tool', ChatMessage: 'user', HumanMessageChunk: 'user', AIMessageChunk: 'assistant',
};

/** Roles as sent, except synonyms that mean the same thing (`model`/`ai` → assistant, `human` → user). */
export function normalizeRole(role: string): string {
  const lower = role.toLowerCase();
  if (lower === 'model' || lower === 'ai' || lower === 'bot') return 'assistant';
  if (lower === 'human') return 'user';
  return lower;
}

/** Unwraps LangChain's serialized and dict message forms into `{role, ...fields}`. */
function unwrapLangChain(obj: Record<string, unknown>): Record<string, unknown> {
  if (obj.lc === 1 && Array.isArray(obj.id) && isRecord(obj.kwargs)) {
    const cls = String(obj.id[obj.id.length - 1] ?? '');
    return { ...obj.kwargs, role: obj.kwargs.role ?? LANGCHAIN_ROLES[cls] ?? cls };
  }
  if (typeof obj.type === 'string' && isRecord(obj.data) && LANGCHAIN_ROLES[obj.type]) {
    return { ...obj.data, role: obj.data.role ?? LANGCHAIN_ROLES[obj.type] };
  }
  if (obj.role === undefined && typeof obj.type === 'string' && LANGCHAIN_ROLES[obj.type] && 'content' in obj) {
    return { ...obj, role: LANGCHAIN_ROLES[obj.type] };
  }
  return obj;
}

export function isMessageLike(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (typeof value.role === 'string') return true;
  if (value.lc === 1 && Array.isArray(value.id)) return true;
  return typeof value.type === 'string' && !!LANGCHAIN_ROLES[value.type] && (isRecord(value.data) || 'content' in value);
}

/** One message-like object → a message; `defaultRole` when it names none. */
export function toMessage(value: unknown, defaultRole: string): Message | undefined {
  if (typeof value === 'string') return { role: defaultRole, parts: [{ type: 'text', text: value }] };
  if (!isRecord(value)) return undefined;
  const obj = unwrapLangChain(value);
  const role = normalizeRole(typeof obj.role === 'string' && obj.role ? obj.role : defaultRole);
  const parts = Array.isArray(obj.parts) ? contentToParts(obj.parts)
    : obj.content !== undefined ? contentToParts(obj.content)
    : typeof obj.text === 'string' ? contentToParts(obj.text) : [];
  const extra = isRecord(obj.additional_kwargs) ? obj.additional_kwargs : undefined;
  parts.push(...toolCallsToParts(obj.tool_calls ?? obj.toolCalls ?? extra?.tool_calls));
  const fnCall = obj.function_call ?? extra?.function_call;
  if (isRecord(fnCall)) parts.push(...toolCallsToParts([{ function: fnCall }]));
  const callId = obj.tool_call_id ?? obj.toolCallId ?? (role === 'tool' ? obj.id : undefined);
  if (role === 'tool' && (callId !== undefined || parts.every((p) => p.type === 'text'))) {
    // A tool message's text is the tool's result: make it a tool_result part carrying the call id.
    const textParts = parts.filter((p) => p.type === 'text');
    if (textParts.length === parts.length && parts.length > 0) {
      const result = textParts.map((p) => (p.type === 'text' ? p.text : '')).join('');
      parts.length = 0;
      parts.push(callId !== undefined ? { type: 'tool_result', id: String(callId), result } : { type: 'tool_result', result });
    }
  }
  const message: Message = { role, parts };
  if (typeof obj.name === 'string' && obj.name) message.name = obj.name;
  const finish = obj.finish_reason ?? obj.finishReason ?? obj.stop_reason;
  if (typeof finish === 'string' && finish) message.finishReason = finish;
  return message;
}

/** A list of message-like items (nested batches flattened) → messages; undefined if not one. */
export function toMessageList(value: unknown, defaultRole: string): Message[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  // LangChain chat model inputs are batches: [[msg, msg]].
  const items = value.every(Array.isArray) ? (value as unknown[][]).flat() : value;
  if (!items.every(isMessageLike)) return undefined;
  const out: Message[] = [];
  for (const item of items) {
    const m = toMessage(item, defaultRole);
    if (m) out.push(m);
  }
  return out.length > 0 ? out : undefined;
}

/** A leading system message from a request's separate system field (Anthropic, Gemini, Responses API). */
function systemMessage(system: unknown): Message[] {
  if (system === undefined || system === null || system === '') return [];
  const inner = isRecord(system) && (Array.isArray(system.parts) || system.text !== undefined) ? system : { content: system };
  const m = toMessage(inner, 'system');
  return m && m.parts.length > 0 ? [{ ...m, role: 'system' }] : [];
}

/**
 * A request or response body (or a bare message list) → messages. `side` picks the default role
 * for items that name none: user for inputs, assistant for outputs.
 */
export function messagesFromValue(value: unknown, side: 'input' | 'output'): Message[] | undefined {
  const role = side === 'input' ? 'user' : 'assistant';
  const list = toMessageList(value, role) ?? responsesItems(value);
  if (list) return list;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => isRecord(v) && isRecord(v.message))) {
    return toMessageList(value.map((v) => (v as Record<string, unknown>).message), role);
  }
  if (!isRecord(value)) return undefined;
  const config = isRecord(value.config) ? value.config : undefined;
  const system = systemMessage(value.system ?? value.instructions ?? value.systemInstruction ?? value.system_instruction
    ?? config?.system_instruction ?? config?.systemInstruction);
  for (const key of ['messages', 'contents', 'input', 'all_messages', 'output']) {
    const inner = toMessageList(value[key], role) ?? responsesItems(value[key]);
    if (inner) return [...system, ...inner];
  }
  if (typeof value.input === 'string' && side === 'input' && system.length > 0) {
    return [...system, { role: 'user', parts: [{ type: 'text', text: value.input }] }]; // Responses API `{instructions, input}`
  }
  // Bedrock Converse responses: `{output: {message}, stopReason}`.
  const bedrock = isRecord(value.output) && isRecord(value.output.message) ? value.output.message : undefined;
  if (bedrock) {
    const m = toMessage(bedrock, role);
    if (m && typeof value.stopReason === 'string') m.finishReason = value.stopReason;
    return m ? [m] : undefined;
  }
  if (typeof value.prompt === 'string' && side === 'input') return [...system, { role: 'user', parts: [{ type: 'text', text: value.prompt }] }];
  if (isRecord(value.message) && (isMessageLike(value.message) || Array.isArray(value.message.content))) {
    const m = toMessage(value.message, role);
    if (m && value.finishReason !== undefined && !m.finishReason) m.finishReason = String(value.finishReason);
    return m ? [m] : undefined;
  }
  const choices = value.choices ?? value.candidates ?? value.generations;
  if (Array.isArray(choices) && choices.length > 0) return choicesToMessages(choices, role);
  if (isMessageLike(value) && value.content !== undefined) {
    const m = toMessage(value, role);
    return m ? [m] : undefined;
  }
  return undefined;
}

const RESPONSES_ITEM_ROLES: Record<string, string> = {
  message: 'assistant', function_call: 'assistant', reasoning: 'assistant', function_call_output: 'tool',
};

/** OpenAI Responses API item lists (`input` / `output`): messages, function calls and their outputs, reasoning. */
function responsesItems(value: unknown): Message[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((v) => isRecord(v) && (typeof v.role === 'string' || (typeof v.type === 'string' && RESPONSES_ITEM_ROLES[v.type])))) return undefined;
  const out: Message[] = [];
  for (const item of value as Record<string, unknown>[]) {
    if (typeof item.role === 'string') {
      const m = toMessage(item, 'assistant');
      if (m) out.push(m);
      continue;
    }
    const part = toPart(item);
    if (part) out.push({ role: RESPONSES_ITEM_ROLES[item.type as string], parts: [part] });
  }
  return out.length > 0 ? out : undefined;
}

/** OpenAI `choices`, Gemini `candidates`, LangChain `generations` → one message each. */
function choicesToMessages(choices: unknown[], role: string): Message[] | undefined {
  const out: Message[] = [];
  for (const c of (choices.every(Array.isArray) ? (choices as unknown[][]).flat() : choices)) {
    if (!isRecord(c)) continue;
    const inner = c.message ?? c.content ?? c.delta;
    const m = isRecord(inner) ? toMessage(inner, role) : typeof c.text === 'string' ? toMessage(c.text, role) : undefined;
    if (!m) continue;
    const finish = c.finish_reason ?? c.finishReason ?? (isRecord(c.generation_info) ? c.generation_info.finish_reason : undefined);
    if (finish !== undefined && finish !== null && !m.finishReason) m.finishReason = toText(finish) ?? '';
    out.push(m);
  }
  return out.length > 0 ? out : undefined;
}
