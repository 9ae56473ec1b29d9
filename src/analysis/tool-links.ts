/**
 * Which LLM call asked for a tool, and which LLM call read its result: the one rule, used for the
 * `toolLink` of tool spans in Trace JSON, which the trace panel shows as it is. Pure, over a
 * trace's Trace JSON spans (the store runs it per trace).
 *
 * "Consumed by" is ONE span, the first LLM call that read the result. An agent resends its whole
 * history on every step, so every later call's input also carries the result; listing them all
 * would say nothing a user can act on ("used by" every remaining step). The call that first
 * received it is the one whose answer the result shaped, and the one to open next.
 *
 * Rule, for each tool span (kind `tool`), in start order:
 * 1. By call id, when the tool span has one (`gen_ai.tool.call.id`, `tool.id`, `ai.toolCall.id`):
 *    - requested by: the LLM span whose OUTPUT has a tool_call part with that id (the latest one
 *      that started before the tool, if several claim it);
 *    - consumed by: the earliest LLM span, started at or after the tool, whose INPUT has a
 *      tool_result part with that id.
 * 2. Otherwise by name and order:
 *    - requested by: the latest LLM span started before the tool whose output has a tool_call with
 *      the tool's name that no earlier tool span claimed (the k-th `search` tool span after a call
 *      asking for two `search`es takes the k-th one);
 *    - consumed by: the earliest LLM span started after the tool whose input has a tool_result
 *      (or a tool message) — or, when content was not captured, the first LLM span after the tool
 *      with the same parent as the requester (the agent loop's next step).
 * Parallel tool calls (one output asking for several) link each tool span to the same requester,
 * and usually to the same consumer, the call that received all their results.
 * A tool span no LLM span claims gets no entry (an entry is only made when something links).
 */
import type { Message, SpanKind, ToolInfo } from '../protocol/trace-json';

export interface ToolLinkSpan {
  spanId: string;
  parentSpanId: string | null;
  kind: SpanKind;
  startTimeUnixMs: number;
  tool?: ToolInfo;
  input?: { messages: Message[] };
  output?: { messages: Message[] };
}

export interface ToolLink {
  requestedBySpanId?: string;
  consumedBySpanId?: string;
}

interface LlmCall {
  span: ToolLinkSpan;
  /** Tool calls in the output: id and name, with a flag once a tool span claimed it. */
  calls: { id?: string; name: string; claimed: boolean }[];
  resultIds: Set<string>;
  hasResults: boolean;
}

function indexLlm(span: ToolLinkSpan): LlmCall {
  const calls: LlmCall['calls'] = [];
  for (const m of span.output?.messages ?? []) {
    for (const p of m.parts) if (p.type === 'tool_call') calls.push({ id: p.id, name: p.name, claimed: false });
  }
  const resultIds = new Set<string>();
  let hasResults = false;
  for (const m of span.input?.messages ?? []) {
    if (m.role === 'tool') hasResults = true;
    for (const p of m.parts) {
      if (p.type !== 'tool_result') continue;
      hasResults = true;
      if (p.id) resultIds.add(p.id);
    }
  }
  return { span, calls, resultIds, hasResults };
}

/** Index of the first LLM call starting at or after `time` (or strictly after it); calls sorted by start. */
function firstAtOrAfter(llms: LlmCall[], time: number, strictlyAfter = false): number {
  let lo = 0;
  let hi = llms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = llms[mid].span.startTimeUnixMs;
    if (t < time || (strictlyAfter && t === time)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of the first entry ≥ `from` in ascending `indices`. */
function firstIndexFrom(indices: readonly number[], from: number): number {
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (indices[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function linkToolCalls(spans: readonly ToolLinkSpan[]): Map<string, ToolLink> {
  const byStart = [...spans].sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
  const llms = byStart.filter((s) => s.kind === 'llm').map(indexLlm);
  // Indexes by call id (requests in outputs, results in inputs), in start order.
  const requestsById = new Map<string, LlmCall[]>();
  const resultsById = new Map<string, LlmCall[]>();
  for (const l of llms) {
    for (const c of l.calls) if (c.id) push(requestsById, c.id, l);
    for (const id of l.resultIds) push(resultsById, id, l);
  }
  const anyResultIds = resultsById.size > 0;
  // nextWithResults[i]: the first LLM call at index i or later whose input has tool results (-1: none),
  // so the structural fallback is a lookup, not a scan per tool (quadratic when no call has any).
  const nextWithResults = new Array<number>(llms.length + 1);
  nextWithResults[llms.length] = -1;
  for (let i = llms.length - 1; i >= 0; i--) nextWithResults[i] = llms[i].hasResults ? i : nextWithResults[i + 1];
  const llmsByParent = new Map<string | null, number[]>();
  llms.forEach((l, i) => push(llmsByParent, l.span.parentSpanId, i));
  const links = new Map<string, ToolLink>();
  for (const tool of byStart) {
    if (tool.kind !== 'tool') continue;
    const start = tool.startTimeUnixMs;
    const callId = tool.tool?.callId;
    const name = tool.tool?.name;
    // LLM calls that started before the tool: [0, split); at or after it: [split, end).
    const split = firstAtOrAfter(llms, start, true);
    let requester: LlmCall | undefined;
    let consumer: LlmCall | undefined;
    if (callId) {
      const claiming = requestsById.get(callId) ?? [];
      requester = claiming.filter((l) => l.span.startTimeUnixMs <= start).pop() ?? claiming[0];
      requester?.calls.forEach((c) => { if (c.id === callId) c.claimed = true; });
      consumer = (resultsById.get(callId) ?? []).find((l) => l.span.startTimeUnixMs >= start && l.span.spanId !== tool.spanId);
    }
    if (!requester && name) {
      for (let i = split - 1; i >= 0 && !requester; i--) {
        const call = llms[i].calls.find((c) => !c.claimed && c.name === name && (!callId || !c.id));
        if (call) {
          call.claimed = true;
          requester = llms[i];
        }
      }
    }
    // With an id that no LLM input carries (content capture off), fall back to structure.
    if (!consumer && (!callId || !anyResultIds)) {
      const from = firstAtOrAfter(llms, start);
      if (nextWithResults[from] >= 0) consumer = llms[nextWithResults[from]];
      if (!consumer && requester) {
        // The calls under the requester's parent, in start order: the first at or after `from`, not the requester.
        const siblings = llmsByParent.get(requester.span.parentSpanId) ?? [];
        let k = firstIndexFrom(siblings, from);
        if (k < siblings.length && llms[siblings[k]] === requester) k++;
        if (k < siblings.length) consumer = llms[siblings[k]];
      }
    }
    const link: ToolLink = {};
    if (requester) link.requestedBySpanId = requester.span.spanId;
    if (consumer) link.consumedBySpanId = consumer.span.spanId;
    if (link.requestedBySpanId || link.consumedBySpanId) links.set(tool.spanId, link);
  }
  return links;
}

const isJsonObjectText = (text: string | undefined): boolean => {
  if (text === undefined || !text.trimStart().startsWith('{')) return false;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};

/**
 * The arguments a tool span should show, when its own are missing or not a JSON object: those the
 * model asked for, in the requesting call's tool_call part with the tool's call id. LangChain's
 * OpenInference tool spans give a one-parameter tool's bare value (`Paris`), not `{"city": "Paris"}`.
 * Undefined when the tool's own arguments stand or nothing matches by id.
 */
export function requestedArguments(tool: ToolLinkSpan, requester: ToolLinkSpan): string | undefined {
  const callId = tool.tool?.callId;
  if (!callId || isJsonObjectText(tool.tool?.arguments)) return undefined;
  for (const m of requester.output?.messages ?? []) {
    for (const p of m.parts) if (p.type === 'tool_call' && p.id === callId && isJsonObjectText(p.arguments)) return p.arguments;
  }
  return undefined;
}
