/**
 * One model call recorded by two instrumentors: with OpenInference's LangChain and OpenAI
 * instrumentors both on, each call arrives as a `ChatOpenAI` span and an OpenAI `ChatCompletion`
 * span, and in a LangGraph agent the second is not under the first but its sibling or cousin
 * (the framework runs the client in another context). A streamed call traced by Logfire is a
 * request span plus a zero-length `streaming response …` log span beside it. Counting both would
 * double the trace's tokens and cost, wherever the two sit in the tree.
 *
 * Rule, for any pair of instrumentors: two model-call spans (llm or embedding) of one trace are one
 * call when
 * - their models agree (equal, or one is the dated snapshot of the other: `gpt-4o-mini` /
 *   `gpt-4o-mini-2024-07-18`; an absent model does not disagree),
 * - their usage agrees where both report it (input and output tokens),
 * - their input messages are the same (`callFingerprint`: the text of every text part and tool
 *   result, in order; roles and tool-call formatting are left out because instrumentors spell them
 *   differently), or neither span captured content,
 * - something besides the model ties them: equal usage, or equal captured input,
 * - and they overlap in time (one starts while the other runs; one starting as the other ends is a
 *   loop's next call, not an overlap), or one is a zero-length record under the same parent that follows
 *   the other (a log span written when a stream ends; it is paired with the latest such call).
 * The group's first span to start stands for the call (the outer framework span, or the request
 * span of a stream); the others are its duplicates. Trace JSON shows them as `duplicateOf` /
 * `alsoRecordedBy`, and the roll-up (rollup.ts) counts the group once, with the largest usage and
 * cost any member reported. Sequential identical calls (retries, loops) never overlap, so they
 * stay separate.
 */
import { AT_ONCE, pauseDue, type Slices, toEnd } from '../../analysis/sliced-work';
import type { Message, TraceJsonSpan, Usage } from '../../protocol/trace-json';

export interface CallRecord {
  spanId: string;
  parentSpanId: string | null;
  kind: string;
  startTimeUnixMs: number;
  durationMs: number;
  /** The served model, else the requested one. */
  model?: string | null;
  usage?: Usage;
  /** callFingerprint() of the span's input; null or absent when it captured none. */
  inputKey?: string | null;
}

/** FNV-1a over UTF-16 code units, two 32-bit lanes: a short key, not a security hash. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

type InputFields = { input?: { messages: Message[] } };

/** What callFingerprint hashes: the trimmed, non-empty texts and tool results of the input, in order. */
function inputTexts(fields: InputFields): string[] {
  const texts: string[] = [];
  for (const m of fields.input?.messages ?? []) {
    for (const p of m.parts) {
      const text = p.type === 'text' ? p.text : p.type === 'tool_result' ? p.result : undefined;
      if (text !== undefined && text.trim() !== '') texts.push(text.trim());
    }
  }
  return texts;
}

/** A key of what the call was asked: the texts and tool results of its input, in order. */
export function callFingerprint(fields: InputFields): string | undefined {
  const texts = inputTexts(fields);
  return texts.length > 0 ? hash(texts.join('\u0001')) : undefined;
}

const isCall = (s: CallRecord): boolean => (s.kind === 'llm' || s.kind === 'embedding') && (!!s.model || hasTokens(s.usage));
const hasTokens = (u: Usage | undefined): boolean => !!u && (u.inputTokens !== undefined || u.outputTokens !== undefined);

/** What a dated snapshot adds to a model name: `-2024-07-18`, `-20241022`, `-0125`, `-latest`. */
const SNAPSHOT_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

function sameModel(a: CallRecord, b: CallRecord): boolean {
  if (!a.model || !b.model) return true;
  const x = a.model.toLowerCase();
  const y = b.model.toLowerCase();
  // `gpt-4o` is not `gpt-4o-mini`: only a snapshot suffix may differ.
  return x === y || (x.startsWith(y) && SNAPSHOT_SUFFIX.test(x.slice(y.length))) || (y.startsWith(x) && SNAPSHOT_SUFFIX.test(y.slice(x.length)));
}

function sameField(x: number | undefined, y: number | undefined): boolean {
  return x === undefined || y === undefined || x === y;
}

/** 'equal' when both report usage and it agrees, 'unknown' when one lacks it, 'different' otherwise. */
function usageAgreement(a: CallRecord, b: CallRecord): 'equal' | 'unknown' | 'different' {
  if (!hasTokens(a.usage) || !hasTokens(b.usage)) return 'unknown';
  return sameField(a.usage!.inputTokens, b.usage!.inputTokens) && sameField(a.usage!.outputTokens, b.usage!.outputTokens) ? 'equal' : 'different';
}

function sameCall(a: CallRecord, b: CallRecord): boolean {
  if (a.kind !== b.kind || !sameModel(a, b)) return false;
  const usage = usageAgreement(a, b);
  if (usage === 'different') return false;
  return usage === 'equal' || !!a.inputKey; // the buckets already made the input keys equal
}

const end = (s: CallRecord): number => s.startTimeUnixMs + Math.max(0, s.durationMs);
/** Clocks of two instrumentors in one process agree; this absorbs rounding of exported times. */
const EPSILON_MS = 0.5;

/**
 * `b` (starting no earlier than `a`) starts while `a` runs. Touching is not overlapping: a loop's
 * next call starts the instant the last one ended, so `b` must start more than the rounding allowance
 * before `a` ends. A record of (about) zero length is an instant, met within the allowance.
 */
function startsDuring(a: CallRecord, b: CallRecord): boolean {
  return a.durationMs <= EPSILON_MS ? b.startTimeUnixMs <= end(a) + EPSILON_MS : b.startTimeUnixMs < end(a) - EPSILON_MS;
}

/**
 * Groups by the rule. `relaxed` ignores the inputs (a superset of the strict groups): the store's
 * trace summary uses it to find the few spans whose inputs it must read.
 */
function* groupSteps(spans: readonly CallRecord[], relaxed: boolean, slices: Slices): Generator<void, Map<string, string>> {
  const buckets = new Map<string, CallRecord[]>();
  for (let i = 0; i < spans.length; i++) {
    if (pauseDue(i, slices)) { yield; slices.restart(); }
    const s = spans[i];
    if (!isCall(s)) continue;
    const key = relaxed ? s.kind : `${s.kind}\u0000${s.inputKey ?? ''}`;
    const list = buckets.get(key);
    if (list) list.push(s);
    else buckets.set(key, [s]);
  }
  const leaderOf = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (leaderOf.has(root)) root = leaderOf.get(root)!;
    return root;
  };
  const join = (first: CallRecord, second: CallRecord): void => {
    const a = find(first.spanId);
    const b = find(second.spanId);
    if (a !== b) leaderOf.set(b, a);
  };
  const same = (a: CallRecord, b: CallRecord): boolean => (relaxed ? a.kind === b.kind && sameModel(a, b) && usageAgreement(a, b) !== 'different' : sameCall(a, b));
  let done = 0;
  for (const list of buckets.values()) {
    if (list.length < 2) continue;
    list.sort((x, y) => x.startTimeUnixMs - y.startTimeUnixMs || x.spanId.localeCompare(y.spanId));
    // Earlier spans can overlap only if they started within the longest duration seen; the
    // zero-length records look back among their own siblings only (so siblings are listed only
    // where there is one).
    let longest = 0;
    const byParent = list.some((r) => r.durationMs === 0) ? new Map<string | null, CallRecord[]>() : undefined;
    for (let j = 0; j < list.length; j++) {
      if (pauseDue(done++, slices)) { yield; slices.restart(); }
      const b = list[j];
      for (let i = j - 1; i >= 0 && b.startTimeUnixMs - list[i].startTimeUnixMs <= longest + EPSILON_MS; i--) {
        const a = list[i];
        if (startsDuring(a, b) && same(a, b)) join(a, b);
      }
      if (byParent) {
        const siblings = byParent.get(b.parentSpanId) ?? [];
        if (b.durationMs === 0 && find(b.spanId) === b.spanId) {
          for (let i = siblings.length - 1; i >= 0; i--) {
            if (same(siblings[i], b)) {
              join(siblings[i], b);
              break;
            }
          }
        }
        siblings.push(b);
        byParent.set(b.parentSpanId, siblings);
      }
      longest = Math.max(longest, b.durationMs);
    }
  }
  // Joins happen only inside a bucket, so each group lies in one bucket, sorted by start: its
  // first member stands for the call. With no join every call stands for itself.
  const out = new Map<string, string>();
  if (leaderOf.size === 0) return out;
  for (const list of buckets.values()) {
    const firstOf = new Map<string, string>();
    for (const s of list) {
      if (pauseDue(done++, slices)) { yield; slices.restart(); }
      const root = find(s.spanId);
      const first = firstOf.get(root);
      if (first === undefined) firstOf.set(root, s.spanId);
      else out.set(s.spanId, first);
    }
  }
  return out;
}

function group(spans: readonly CallRecord[], relaxed: boolean): Map<string, string> {
  return toEnd(groupSteps(spans, relaxed, AT_ONCE));
}

/**
 * Duplicate span id → the span that stands for the call. Spans not listed are their own call.
 * With `inputKeyOf`, the records carry no input keys: the rule first runs without inputs, and only
 * the spans it groups have their input key computed (the store's trace summary, whose rows hold no
 * messages), which gives the same answer as records with every key.
 */
export function duplicateCalls(spans: readonly CallRecord[], inputKeyOf?: (spanId: string) => string | undefined): Map<string, string> {
  if (!inputKeyOf) return group(spans, false);
  const candidates = group(spans, true);
  if (candidates.size === 0) return candidates;
  const involved = new Set([...candidates.keys(), ...candidates.values()]);
  return group(spans.filter((s) => involved.has(s.spanId)).map((s) => ({ ...s, inputKey: inputKeyOf(s.spanId) })), false);
}

/** A Trace JSON span as a call record (the same fields the store's trace summary uses). */
export function callRecordOf(s: TraceJsonSpan): CallRecord {
  return callRecordWith(s, s.kind === 'llm' || s.kind === 'embedding' ? callFingerprint(s) : undefined);
}

function callRecordWith(s: TraceJsonSpan, inputKey: string | undefined): CallRecord {
  return { spanId: s.spanId, parentSpanId: s.parentSpanId, kind: s.kind, startTimeUnixMs: s.startTimeUnixMs, durationMs: s.durationMs, model: s.model ?? s.requestModel, usage: s.usage, inputKey };
}

/** Marks duplicate calls in a trace's spans: `duplicateOf` on each duplicate, `alsoRecordedBy` on the span standing for the call. */
export function markDuplicateCalls(spans: TraceJsonSpan[]): void {
  toEnd(markDuplicateCallsInSlices(spans, AT_ONCE));
}

const isModelCall = (s: TraceJsonSpan): boolean => s.kind === 'llm' || s.kind === 'embedding';

/**
 * markDuplicateCalls a piece at a time, pausing whenever `slices` says so (a big trace must not
 * stop the engine's thread for its whole run).
 *
 * Each call's input key is callFingerprint where only equality matters: a call whose input has a
 * length (number of texts, characters in all) no other model call's has cannot share its input,
 * so that length is its key instead of a hash of every character (a shape key starts with `#`,
 * which no hash does). An agent's calls each carry the whole conversation so far; hashing every
 * one is quadratic in the conversation's length. Only spans the rule looks at (model calls with a
 * model or tokens) get a record.
 */
export function* markDuplicateCallsInSlices(spans: TraceJsonSpan[], slices: Slices): Generator<void, void> {
  const calls: number[] = [];
  const texts: string[][] = [];
  const shapes: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < spans.length; i++) {
    if (pauseDue(i, slices)) { yield; slices.restart(); }
    const s = spans[i];
    if (!isModelCall(s)) continue;
    const t = inputTexts(s);
    const shape = t.length === 0 ? '' : `#${t.length}:${t.reduce((n, text) => n + text.length, 0)}`;
    seen.set(shape, (seen.get(shape) ?? 0) + 1);
    if (!(s.model ?? s.requestModel) && !hasTokens(s.usage)) continue;
    calls.push(i);
    texts.push(t);
    shapes.push(shape);
  }
  const records: CallRecord[] = [];
  for (let k = 0; k < calls.length; k++) {
    const t = texts[k];
    records.push(callRecordWith(spans[calls[k]], t.length === 0 ? undefined : seen.get(shapes[k]) === 1 ? shapes[k] : hash(t.join('\u0001'))));
    // A hash reads the whole input: asked after each.
    if (t.length > 0 ? slices.due() : pauseDue(k, slices)) { yield; slices.restart(); }
  }
  const duplicateOf = yield* groupSteps(records, false, slices);
  if (duplicateOf.size === 0) return;
  const others = new Map<string, string[]>();
  for (const [dup, leader] of duplicateOf) others.set(leader, [...(others.get(leader) ?? []), dup]);
  for (let i = 0; i < spans.length; i++) {
    if (pauseDue(i, slices)) { yield; slices.restart(); }
    const s = spans[i];
    const leader = duplicateOf.get(s.spanId);
    if (leader !== undefined) s.duplicateOf = leader;
    const also = others.get(s.spanId);
    if (also) s.alsoRecordedBy = also;
  }
}
