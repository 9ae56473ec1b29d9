/**
 * What the retrieval inspector shows, built from analyzed Trace JSON: the steps that fed one model
 * call (retrieval, reranker), the query and the question a model rewrote into it, and the answer
 * with where each context document shows in it and which sentences no document supports.
 */
import type { AnswerSentenceView, EvidenceMark, RetrievalStepView, RetrievalView } from '../../protocol/retrieval-panel';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import { answerText, PromptIndex } from './consumer';
import { citationLabels } from './document-fields';
import { analyzeAnswer } from './evidence';
import { normalizeForMatch } from './lexical';

const isStep = (s: TraceJsonSpan): boolean => (s.kind === 'retrieval' || s.kind === 'rerank') && !!s.retrieval;

/** The steps that fed the same model call as the focused span (or fed the focused model call). */
export function retrievalChain(spans: readonly TraceJsonSpan[], focusSpanId: string): TraceJsonSpan[] {
  const focus = spans.find((s) => s.spanId === focusSpanId);
  if (!focus) return [];
  const answerId = focus.kind === 'llm' ? focus.spanId : focus.retrieval?.answerSpanId;
  if (!isStep(focus) && focus.kind !== 'llm') return [];
  if (!answerId) return isStep(focus) ? [focus] : [];
  const chain = spans.filter((s) => isStep(s) && s.retrieval?.answerSpanId === answerId
    && (focus.kind !== 'llm' || s.retrieval?.answerTraceId === undefined));
  return chain.sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
}

function stepView(span: TraceJsonSpan): RetrievalStepView {
  const r = span.retrieval!;
  const view: RetrievalStepView = { spanId: span.spanId, name: span.name, kind: span.kind === 'rerank' ? 'rerank' : 'retrieval', documents: r.documents };
  if (r.query !== undefined) view.query = r.query;
  if (span.kind === 'rerank' && r.dropped) {
    view.dropped = r.dropped;
    view.inputCount = r.documents.length + r.dropped.length;
  }
  return view;
}

const lastUserText = (span: TraceJsonSpan): string | undefined => {
  const user = [...(span.input?.messages ?? [])].reverse().find((m) => m.role === 'user');
  return user?.parts.map((p) => (p.type === 'text' ? p.text : '')).join('').trim() || undefined;
};

/** A model call that finished before the first step and answered exactly the query: it rewrote the question. */
function rewriter(spans: readonly TraceJsonSpan[], first: TraceJsonSpan, query: string | undefined): TraceJsonSpan | undefined {
  if (!query?.trim()) return undefined;
  const target = normalizeForMatch(query);
  return spans.find((s) => s.kind === 'llm' && s.startTimeUnixMs + s.durationMs <= first.startTimeUnixMs + 1
    && normalizeForMatch(answerText(s)) === target && lastUserText(s) !== undefined);
}

function answerView(span: TraceJsonSpan, traceId: string, context: RetrievalStepView): RetrievalView['answer'] {
  const text = answerText(span);
  const prompts = new PromptIndex();
  const docs = context.documents;
  const inContext = docs.flatMap((d, i) => (prompts.holds(span, d) ? [i] : []));
  const analysis = analyzeAnswer(text, inContext.map((i) => ({ key: i, content: docs[i].content, labels: citationLabels(docs[i]) })));
  const rankOf = (key: number): number => docs[key].rank ?? key + 1;
  const marks: EvidenceMark[] = [];
  for (const [key, list] of analysis.evidence) for (const e of list) marks.push({ rank: rankOf(key), kind: e.kind, start: e.start, end: e.end });
  marks.sort((a, b) => a.start - b.start || a.rank - b.rank);
  const sentences: AnswerSentenceView[] = analysis.sentences.map((s) => ({
    start: s.start, end: s.end, judged: s.judged, supportedBy: [...new Set(s.support.map((x) => rankOf(x.key)))].sort((a, b) => a - b),
  }));
  const view: NonNullable<RetrievalView['answer']> = { spanId: span.spanId, traceId, name: span.name, text, inContext: inContext.map(rankOf), marks, sentences };
  if (span.model) view.model = span.model;
  return view;
}

export interface PipelineInput {
  traceId: string;
  traceName?: string;
  spans: readonly TraceJsonSpan[];
  focusSpanId: string;
  /** Spans of the trace that holds the answer, when it is another trace. */
  answerTraceSpans?: readonly TraceJsonSpan[];
}

export function buildRetrievalView(input: PipelineInput): RetrievalView | null {
  const chain = retrievalChain(input.spans, input.focusSpanId);
  if (chain.length === 0) return null;
  const steps = chain.map(stepView);
  const view: RetrievalView = { traceId: input.traceId, steps };
  if (input.traceName) view.traceName = input.traceName;
  const query = steps.find((s) => s.kind === 'retrieval')?.query ?? steps[0].query;
  if (query !== undefined) view.query = query;
  const rewrote = rewriter(input.spans, chain[0], query);
  if (rewrote) Object.assign(view, { question: lastUserText(rewrote), rewrittenBySpanId: rewrote.spanId });
  const last = chain[chain.length - 1].retrieval!;
  const answerTraceId = last.answerTraceId ?? input.traceId;
  const answerSpans = last.answerTraceId ? input.answerTraceSpans ?? [] : input.spans;
  const answerSpan = answerSpans.find((s) => s.spanId === last.answerSpanId);
  if (answerSpan) view.answer = answerView(answerSpan, answerTraceId, steps[steps.length - 1]);
  return view;
}
