/**
 * The model call that consumed a retrieval: the LLM span whose input holds the documents (their
 * text, or their ids for id-only lists). Usually the next model call in the same trace; when the
 * trace has none, other traces are searched by content (LangChain can record the model call of a
 * chain in a second trace).
 */
import type { MessagePart, RetrievedDocument, TraceJsonSpan } from '../../protocol/trace-json';
import { normalizeForMatch, tokenIndex, tokenIndexInLowered } from './lexical';
import { AT_ONCE, pauseDue, type Slices, toEnd } from '../sliced-work';
import { hashAt, WINDOW, WindowFilter } from './window-hash';

export interface TraceSpans {
  traceId: string;
  spans: readonly TraceJsonSpan[];
}

/**
 * A trace's spans in start order from a time on (those starting earlier may be left out): where a
 * consuming model call is looked for. Lazy, so a reader can load the spans one at a time and stop
 * at the first call that holds the documents.
 */
export type SpansFrom = (startMs: number) => Iterable<TraceJsonSpan>;

/** SpansFrom over spans already in memory. */
export function spansFrom(spans: readonly TraceJsonSpan[]): SpansFrom {
  return function* (startMs) {
    for (const span of spans) if (span.startTimeUnixMs >= startMs) yield span;
  };
}

export interface Consumer {
  span: TraceJsonSpan;
  /** Set when the span is in another trace. */
  traceId?: string;
}

function partText(part: MessagePart): string {
  if (part.type === 'text') return part.text;
  if (part.type === 'tool_result') return part.result;
  return '';
}

/** Everything the model was given as text, message after message. */
export function promptText(span: TraceJsonSpan): string {
  return (span.input?.messages ?? []).map((m) => m.parts.map(partText).join('\n')).join('\n');
}

/** What the model answered (assistant text). */
export function answerText(span: TraceJsonSpan): string {
  return (span.output?.messages ?? []).map((m) => m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('')).join('\n').trim();
}

const PROBE = 100;

/** Pieces of a document's normalized text that must appear in a prompt that holds it. */
function probes(norm: string): string[] {
  if (norm.length <= 2 * PROBE) return [norm];
  const mid = Math.floor(norm.length / 2);
  return [norm.slice(0, PROBE), norm.slice(mid, mid + PROBE)];
}

export interface Prompt {
  raw: string;
  norm: string;
  /** Lower-cased raw text, where ids are looked for. */
  lower: string;
  /** The hashes of every WINDOW-long run of `norm` (see window-hash.ts), made on first use. */
  windows?: WindowFilter;
}

interface Probe {
  text: string;
  /** Whether head and tail are set: probes shorter than WINDOW are searched for directly. */
  hashed: boolean;
  /** Hashes of the probe's first and last WINDOW characters. */
  head: number;
  tail: number;
}

/** How a prompt is searched for one document: probes of its text, or else its lower-cased id. */
export interface DocumentMatcher {
  probes: Probe[];
  id?: string;
}

const NOTHING_TO_MATCH: DocumentMatcher = { probes: [] };

function probe(text: string): Probe {
  if (text.length < WINDOW) return { text, hashed: false, head: 0, tail: 0 };
  return { text, hashed: true, head: hashAt(text, 0), tail: hashAt(text, text.length - WINDOW) };
}

/**
 * Normalized prompts (once per span) and documents (once per text) for one analysis. Every
 * retrieval is checked against every later model call, so "does this prompt hold this document"
 * is asked (retrievals × calls × documents) times: a probe is first looked up among the prompt's
 * window hashes, and only a probe whose both ends are there is searched for in the text.
 */
export class PromptIndex {
  private readonly prompts = new Map<TraceJsonSpan, Prompt>();
  private readonly normalized = new Map<string, string>();
  private readonly byText = new Map<string, DocumentMatcher>();

  /** normalizeForMatch, once per distinct text. */
  readonly normalize = (text: string): string => {
    let norm = this.normalized.get(text);
    if (norm === undefined) this.normalized.set(text, (norm = normalizeForMatch(text)));
    return norm;
  };

  of(span: TraceJsonSpan): Prompt {
    let p = this.prompts.get(span);
    if (!p) {
      const raw = promptText(span);
      p = { raw, norm: normalizeForMatch(raw), lower: raw.toLowerCase() };
      this.prompts.set(span, p);
    }
    return p;
  }

  matcherOf(doc: RetrievedDocument): DocumentMatcher {
    if (doc.content && doc.contentSource !== 'prompt') {
      let found = this.byText.get(doc.content);
      if (!found) this.byText.set(doc.content, (found = { probes: probes(this.normalize(doc.content)).map(probe) }));
      return found;
    }
    return doc.id !== undefined ? { probes: [], id: doc.id.toLowerCase() } : NOTHING_TO_MATCH;
  }

  /** Whether the prompt holds the document: its text, or (id-only documents) its id. */
  holds(span: TraceJsonSpan, doc: RetrievedDocument): boolean {
    return heldBy(this.of(span), this.matcherOf(doc));
  }
}

export function heldBy(p: Prompt, matcher: DocumentMatcher): boolean {
  if (matcher.id !== undefined) return tokenIndexInLowered(p.lower, matcher.id, 0) >= 0;
  const probes = matcher.probes;
  for (let i = 0; i < probes.length; i++) {
    const probe = probes[i];
    if (probe.hashed) {
      const windows = (p.windows ??= new WindowFilter(p.norm));
      if (!windows.mayHave(probe.head) || !windows.mayHave(probe.tail)) continue;
    }
    if (p.norm.includes(probe.text)) return true;
  }
  return false;
}

const isModelCall = (s: TraceJsonSpan): boolean => s.kind === 'llm' && (s.input?.messages.length ?? 0) > 0;

/**
 * The best LLM span among `spans` (start order) for the documents; the first holding half of them
 * wins (`decisive`: no later call can change the answer, so a search stopped early may claim it).
 * Pauses between spans when `slices` says so (a search can cover every later call of a big trace).
 */
function* bestHolder(spans: Iterable<TraceJsonSpan>, docs: readonly RetrievedDocument[], prompts: PromptIndex, after: number,
  slices: Slices): Generator<void, { span: TraceJsonSpan; decisive: boolean } | undefined> {
  const findable = docs.filter((d) => d.content || d.id !== undefined).map((d) => prompts.matcherOf(d));
  let best: { span: TraceJsonSpan; held: number } | undefined;
  let i = 0;
  for (const span of spans) {
    if (pauseDue(i++, slices)) {
      yield;
      slices.restart();
    }
    if (!isModelCall(span) || span.startTimeUnixMs < after) continue;
    const prompt = prompts.of(span);
    let held = 0;
    for (const matcher of findable) if (heldBy(prompt, matcher)) held++;
    if (held > 0 && held * 2 >= findable.length) return { span, decisive: true };
    if (held > 0 && (!best || held > best.held)) best = { span, held };
  }
  return best && { span: best.span, decisive: false };
}

// Clocks of two traces from one process agree; a little slack covers rounding to milliseconds.
const CLOCK_SLACK_MS = 5;

/**
 * A search of the trace's model calls that stopped before the trace's end (a reader bounding what it
 * reads): nothing is known of the calls after those it read.
 */
export interface SearchCut {
  /** Model calls read from the step's start on before the search stopped. */
  stoppedAfterCalls: number;
}

/**
 * Whether the last iteration of a SpansFrom stopped before the end of the trace's calls, and after
 * how many; undefined when it reached the end (in-memory spans always do).
 */
export type CutOf = () => SearchCut | undefined;

/**
 * The consuming call, undefined when there is none, or the cut when `here` stopped early before a
 * call settled it (the whole trace could answer differently).
 */
export function findConsumer(step: TraceJsonSpan, docs: readonly RetrievedDocument[], here: SpansFrom,
  elsewhere: () => readonly TraceSpans[], prompts: PromptIndex, cutOf: CutOf = () => undefined): Consumer | SearchCut | undefined {
  return toEnd(findConsumerInSlices(step, docs, here, function* () { return elsewhere(); }, prompts, cutOf, AT_ONCE));
}

/**
 * findConsumer, pausing between the calls searched whenever `slices` says so; `elsewhere` may pause
 * too (the other traces' spans may have to be built first).
 */
export function* findConsumerInSlices(step: TraceJsonSpan, docs: readonly RetrievedDocument[], here: SpansFrom,
  elsewhere: () => Generator<void, readonly TraceSpans[]>, prompts: PromptIndex, cutOf: CutOf, slices: Slices): Generator<void, Consumer | SearchCut | undefined> {
  if (docs.length === 0) {
    // Nothing to look for: the next model call that started once the retrieval had finished.
    const from = step.startTimeUnixMs + step.durationMs - CLOCK_SLACK_MS;
    let i = 0;
    for (const span of here(from)) {
      if (isModelCall(span) && span.startTimeUnixMs >= from) return { span };
      if (pauseDue(i++, slices)) {
        yield;
        slices.restart();
      }
    }
    return cutOf();
  }
  const local = yield* bestHolder(here(step.startTimeUnixMs), docs, prompts, step.startTimeUnixMs, slices);
  if (local?.decisive) return { span: local.span };
  const cut = cutOf();
  if (cut) return cut;
  if (local) return { span: local.span };
  for (const other of yield* elsewhere()) {
    const span = (yield* bestHolder(other.spans, docs, prompts, step.startTimeUnixMs - CLOCK_SLACK_MS, slices))?.span;
    if (span) return { span, traceId: other.traceId };
  }
  return undefined;
}

/**
 * The text a prompt lists under a document's id (`[kb-12] Gift cards never expire…`,
 * `kb-12: …`): from after the id and its brackets to the end of that line.
 */
export function textFromPrompt(prompt: string, id: string): string | undefined {
  for (let i = tokenIndex(prompt, id, 0); i >= 0; i = tokenIndex(prompt, id, i + 1)) {
    const rest = prompt.slice(i + id.length);
    const lead = /^[\])}】"']*\s*[:\-–—]?\s*/.exec(rest)?.[0] ?? '';
    const lineEnd = rest.indexOf('\n', lead.length);
    const text = rest.slice(lead.length, lineEnd < 0 ? undefined : lineEnd).trim();
    if (text.length >= 20) return text;
  }
  return undefined;
}
