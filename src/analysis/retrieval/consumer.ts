/**
 * The model call that consumed a retrieval: the LLM span whose input holds the documents (their
 * text, or their ids for id-only lists). Usually the next model call in the same trace; when the
 * trace has none, other traces are searched by content (LangChain can record the model call of a
 * chain in a second trace).
 */
import type { MessagePart, RetrievedDocument, TraceJsonSpan } from '../../protocol/trace-json';
import { normalizeForMatch, tokenIndex } from './lexical';

export interface TraceSpans {
  traceId: string;
  spans: readonly TraceJsonSpan[];
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
function probes(content: string): string[] {
  const norm = normalizeForMatch(content);
  if (norm.length <= 2 * PROBE) return [norm];
  const mid = Math.floor(norm.length / 2);
  return [norm.slice(0, PROBE), norm.slice(mid, mid + PROBE)];
}

/** Normalized prompts, computed once per span. */
export class PromptIndex {
  private readonly normalized = new Map<TraceJsonSpan, { raw: string; norm: string }>();

  of(span: TraceJsonSpan): { raw: string; norm: string } {
    let p = this.normalized.get(span);
    if (!p) {
      const raw = promptText(span);
      p = { raw, norm: normalizeForMatch(raw) };
      this.normalized.set(span, p);
    }
    return p;
  }

  /** Whether the prompt holds the document: its text, or (id-only documents) its id. */
  holds(span: TraceJsonSpan, doc: RetrievedDocument): boolean {
    const p = this.of(span);
    if (doc.content && doc.contentSource !== 'prompt') return probes(doc.content).some((probe) => p.norm.includes(probe));
    return doc.id !== undefined && tokenIndex(p.raw, doc.id, 0) >= 0;
  }
}

const isModelCall = (s: TraceJsonSpan): boolean => s.kind === 'llm' && (s.input?.messages.length ?? 0) > 0;

/** The best LLM span among `spans` (start order) for the documents; the first holding half of them wins. */
function bestHolder(spans: readonly TraceJsonSpan[], docs: readonly RetrievedDocument[], prompts: PromptIndex, after: number): TraceJsonSpan | undefined {
  const findable = docs.filter((d) => d.content || d.id !== undefined);
  let best: { span: TraceJsonSpan; held: number } | undefined;
  for (const span of spans) {
    if (!isModelCall(span) || span.startTimeUnixMs < after) continue;
    let held = 0;
    for (const d of findable) if (prompts.holds(span, d)) held++;
    if (held > 0 && held * 2 >= findable.length) return span;
    if (held > 0 && (!best || held > best.held)) best = { span, held };
  }
  return best?.span;
}

// Clocks of two traces from one process agree; a little slack covers rounding to milliseconds.
const CLOCK_SLACK_MS = 5;

export function findConsumer(step: TraceJsonSpan, docs: readonly RetrievedDocument[], here: readonly TraceJsonSpan[],
  elsewhere: () => readonly TraceSpans[], prompts: PromptIndex): Consumer | undefined {
  if (docs.length === 0) {
    // Nothing to look for: the next model call that started once the retrieval had finished.
    const end = step.startTimeUnixMs + step.durationMs;
    const next = here.find((s) => isModelCall(s) && s.startTimeUnixMs >= end - CLOCK_SLACK_MS);
    return next ? { span: next } : undefined;
  }
  const local = bestHolder(here, docs, prompts, step.startTimeUnixMs);
  if (local) return { span: local };
  for (const other of elsewhere()) {
    const span = bestHolder(other.spans, docs, prompts, step.startTimeUnixMs - CLOCK_SLACK_MS);
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
