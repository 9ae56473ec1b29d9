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
import { AT_ONCE, pauseDue, type Slices, toEnd } from './sliced-work';

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

/** A tool call in a model call's output: id and name, with a flag once a tool span claimed it. */
interface RequestedCall {
  id?: string;
  name: string;
  claimed: boolean;
}

interface LlmCall {
  span: ToolLinkSpan;
  calls: RequestedCall[];
  /** The tool-result ids of the input; undefined when it has none. */
  resultIds: Set<string> | undefined;
  hasResults: boolean;
  /** Positions (among the model calls by start) of the calls under the same parent, this one's included. */
  siblings: number[];
}

/** Shared empty lists (nothing is ever added to them). */
const NO_CALLS: RequestedCall[] = [];
const NO_POSITIONS: number[] = [];
const NO_MESSAGES: readonly Message[] = [];

function indexLlm(span: ToolLinkSpan): LlmCall {
  let calls: RequestedCall[] | undefined;
  for (const m of span.output?.messages ?? NO_MESSAGES) {
    for (const p of m.parts) if (p.type === 'tool_call') (calls ??= []).push({ id: p.id, name: p.name, claimed: false });
  }
  let resultIds: Set<string> | undefined;
  let hasResults = false;
  for (const m of span.input?.messages ?? NO_MESSAGES) {
    if (m.role === 'tool') hasResults = true;
    for (const p of m.parts) {
      if (p.type !== 'tool_result') continue;
      hasResults = true;
      if (p.id) (resultIds ??= new Set()).add(p.id);
    }
  }
  return { span, calls: calls ?? NO_CALLS, resultIds, hasResults, siblings: NO_POSITIONS };
}

/** Index of the first start at or after `time` (or strictly after it) among ascending starts. */
function firstAtOrAfter(starts: Float64Array, time: number, strictlyAfter = false): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = starts[mid];
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

/** Tool span id → its link, for every tool span something links. */
export function linkToolCalls(spans: readonly ToolLinkSpan[]): Map<string, ToolLink> {
  const links = new Map<string, ToolLink>();
  toEnd(linkToolCallsInSlices(spans, AT_ONCE, (tool, link) => { links.set(tool.spanId, link); }));
  return links;
}

const byStartTime = (a: ToolLinkSpan, b: ToolLinkSpan): number => a.startTimeUnixMs - b.startTimeUnixMs;

/** The spans by start, ties in their order: the spans themselves when they already are (a trace read in start order). */
function* byStartSteps<T extends ToolLinkSpan>(spans: readonly T[], slices: Slices): Generator<void, readonly T[]> {
  for (let i = 1; i < spans.length; i++) {
    // Not `>`: a time that is no number is no order either (the sort decides then).
    if (!(spans[i - 1].startTimeUnixMs <= spans[i].startTimeUnixMs)) return [...spans].sort(byStartTime);
    if (pauseDue(i, slices)) { yield; slices.restart(); }
  }
  return spans;
}

/**
 * linkToolCalls a piece at a time, pausing whenever `slices` says so (a big trace must not stop
 * the engine's thread for its whole run). Calls `found` for each tool span something links (the
 * entries of linkToolCalls' map, in start order), with the span of the call that requested it.
 * Spans in start order are not copied or sorted again.
 */
export function* linkToolCallsInSlices<T extends ToolLinkSpan>(spans: readonly T[], slices: Slices,
  found: (tool: T, link: ToolLink, requester: T | undefined) => void): Generator<void, void> {
  const byStart = yield* byStartSteps(spans, slices);
  const llms: LlmCall[] = [];
  for (let i = 0; i < byStart.length; i++) {
    if (byStart[i].kind === 'llm') llms.push(indexLlm(byStart[i]));
    if (pauseDue(i, slices)) { yield; slices.restart(); }
  }
  // Indexes by call id (requests in outputs, results in inputs), in start order.
  const requestsById = new Map<string, LlmCall[]>();
  const resultsById = new Map<string, LlmCall[]>();
  const llmsByParent = new Map<string | null, number[]>();
  const starts = new Float64Array(llms.length);
  for (let i = 0; i < llms.length; i++) {
    const l = llms[i];
    for (const c of l.calls) if (c.id) push(requestsById, c.id, l);
    if (l.resultIds) for (const id of l.resultIds) push(resultsById, id, l);
    let siblings = llmsByParent.get(l.span.parentSpanId);
    if (!siblings) llmsByParent.set(l.span.parentSpanId, (siblings = []));
    siblings.push(i);
    l.siblings = siblings;
    starts[i] = l.span.startTimeUnixMs;
    if (pauseDue(i, slices)) { yield; slices.restart(); }
  }
  const anyResultIds = resultsById.size > 0;
  // nextWithResults[i]: the first LLM call at index i or later whose input has tool results (-1: none),
  // so the structural fallback is a lookup, not a scan per tool (quadratic when no call has any).
  const nextWithResults = new Int32Array(llms.length + 1);
  nextWithResults[llms.length] = -1;
  for (let i = llms.length - 1; i >= 0; i--) nextWithResults[i] = llms[i].hasResults ? i : nextWithResults[i + 1];
  let scanned = 0;
  for (let t = 0; t < byStart.length; t++) {
    if (pauseDue(t, slices)) { yield; slices.restart(); }
    const tool = byStart[t];
    if (tool.kind !== 'tool') continue;
    const start = tool.startTimeUnixMs;
    const callId = tool.tool?.callId;
    const name = tool.tool?.name;
    let requester: LlmCall | undefined;
    let consumer: LlmCall | undefined;
    if (callId) {
      const claiming = requestsById.get(callId);
      if (claiming) {
        // The latest that started before the tool, else the first.
        for (let i = claiming.length - 1; i >= 0 && !requester; i--) if (claiming[i].span.startTimeUnixMs <= start) requester = claiming[i];
        requester ??= claiming[0];
        for (const c of requester.calls) if (c.id === callId) c.claimed = true;
      }
      const receiving = resultsById.get(callId);
      if (receiving) {
        for (const l of receiving) {
          if (l.span.startTimeUnixMs >= start && l.span.spanId !== tool.spanId) {
            consumer = l;
            break;
          }
        }
      }
    }
    if (!requester && name) {
      // LLM calls that started before the tool: [0, split).
      const split = firstAtOrAfter(starts, start, true);
      for (let i = split - 1; i >= 0 && !requester; i--) {
        const call = llms[i].calls.find((c) => !c.claimed && c.name === name && (!callId || !c.id));
        if (call) {
          call.claimed = true;
          requester = llms[i];
        }
        // A name no call asks for scans every earlier call.
        if (pauseDue(scanned++, slices)) { yield; slices.restart(); }
      }
    }
    // With an id that no LLM input carries (content capture off), fall back to structure.
    if (!consumer && (!callId || !anyResultIds)) {
      const from = firstAtOrAfter(starts, start);
      if (nextWithResults[from] >= 0) consumer = llms[nextWithResults[from]];
      if (!consumer && requester) {
        // The calls under the requester's parent, in start order: the first at or after `from`, not the requester.
        const siblings = requester.siblings;
        let k = firstIndexFrom(siblings, from);
        if (k < siblings.length && llms[siblings[k]] === requester) k++;
        if (k < siblings.length) consumer = llms[siblings[k]];
      }
    }
    if (!requester && !consumer) continue;
    const link: ToolLink = {};
    if (requester) link.requestedBySpanId = requester.span.spanId;
    if (consumer) link.consumedBySpanId = consumer.span.spanId;
    if (link.requestedBySpanId || link.consumedBySpanId) found(tool, link, requester?.span as T | undefined);
  }
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
