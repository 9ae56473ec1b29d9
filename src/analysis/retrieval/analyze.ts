/**
 * The retrieval analysis over one trace's spans (Trace JSON): for every retrieval and rerank step,
 * each document's id, score, distance, duplicates, rank before the reranker, injection findings,
 * and whether the answer of the model call that consumed the documents used it. The result is
 * what Trace JSON carries (contract in ARCHITECTURE.md, "Retrieval analysis").
 */
import type { RetrievalInfo, RetrievedDocument, TraceJsonSpan } from '../../protocol/trace-json';
import { answerText, findConsumer, PromptIndex, spansFrom, textFromPrompt, type Consumer, type SpansFrom, type TraceSpans } from './consumer';
import { citationLabels, duplicates, identify, scoreOf, textFromMetadata } from './document-fields';
import { analyzeAnswer } from './evidence';
import { findInjections } from './injection';
import { matchRerankInputs } from './rerank';

export interface RetrievalAnalysisOptions {
  /** Spans of other traces to search, by content, for a consuming model call (called lazily). */
  otherTraces?: () => readonly TraceSpans[];
}

const isStep = (s: TraceJsonSpan): boolean => s.kind === 'retrieval' || s.kind === 'rerank';

/** Fields that need only the document itself. */
export function describeDocument(doc: RetrievedDocument, index: number): RetrievedDocument {
  const out: RetrievedDocument = { ...doc, rank: doc.rank ?? index + 1 };
  const { id, idSource } = identify(doc);
  if (id !== undefined) Object.assign(out, { id, idSource });
  const { score, scoreSource, distance } = scoreOf(doc);
  if (score !== undefined) Object.assign(out, { score, scoreSource });
  if (distance !== undefined) out.distance = distance;
  const fromMetadata = textFromMetadata(doc);
  if (fromMetadata) Object.assign(out, fromMetadata);
  return out;
}

function describeList(docs: readonly RetrievedDocument[], normalize: (text: string) => string): RetrievedDocument[] {
  const out = docs.map(describeDocument);
  duplicates(out, normalize).forEach((rank, i) => { if (rank !== undefined) out[i].duplicateOf = rank; });
  return out;
}

interface Step {
  span: TraceJsonSpan;
  retrieval: RetrievalInfo;
  consumer?: Consumer;
}

/** The retrieval step that fed a rerank without recorded inputs: the latest one started before it. */
function feedingStep(rerank: Step, steps: readonly Step[]): Step | undefined {
  const before = steps.filter((s) => s.span.kind === 'retrieval' && s.span.startTimeUnixMs <= rerank.span.startTimeUnixMs);
  const siblings = before.filter((s) => s.span.parentSpanId === rerank.span.parentSpanId);
  return (siblings.length > 0 ? siblings : before).at(-1);
}

function applyAnswer(step: Step, prompts: PromptIndex): void {
  const consumer = step.consumer;
  if (!consumer) return;
  const docs = step.retrieval.documents;
  const prompt = prompts.of(consumer.span).raw;
  for (const doc of docs) {
    if (doc.content || doc.id === undefined) continue;
    const listed = textFromPrompt(prompt, doc.id);
    if (listed) Object.assign(doc, { content: listed, contentSource: 'prompt' });
  }
  const answer = answerText(consumer.span);
  const inContext = docs.map((d) => prompts.holds(consumer.span, d));
  const analysis = analyzeAnswer(answer, docs.flatMap((d, key) => (inContext[key] ? [{ key, content: d.content, labels: citationLabels(d) }] : [])), prompts.normalize);
  docs.forEach((doc, key) => {
    const evidence = analysis.evidence.get(key) ?? [];
    doc.used = evidence.length > 0;
    if (evidence.length > 0) doc.evidence = evidence.map(({ kind, text }) => ({ kind, text }));
  });
}

export function analyzeRetrievals(spans: readonly TraceJsonSpan[], options: RetrievalAnalysisOptions = {}): TraceJsonSpan[] {
  const out = spans.slice();
  const at: number[] = [];
  spans.forEach((span, i) => { if (isStep(span) && span.retrieval) at.push(i); });
  if (at.length === 0) return out;
  const analyzed = analyzeSteps(at.map((i) => spans[i]), spansFrom(spans), options);
  at.forEach((i, k) => { out[i] = analyzed[k]; });
  return out;
}

/**
 * One retrieval or rerank step of a trace analyzed as `analyzeRetrievals` analyzes it in the whole
 * trace, from only what that needs: the trace's steps in start order (a rerank's inputs and the
 * reranks a retrieval fed) and its model calls from the step's start on, which are read lazily up to
 * the call that consumed the documents. Undefined when `spanId` is not among `steps` with a result.
 */
export function analyzeRetrievalStep(steps: readonly TraceJsonSpan[], spanId: string, modelCalls: SpansFrom,
  options: RetrievalAnalysisOptions = {}): TraceJsonSpan | undefined {
  const withResult = steps.filter((s) => isStep(s) && s.retrieval);
  const k = withResult.findIndex((s) => s.spanId === spanId);
  return k < 0 ? undefined : analyzeSteps(withResult, modelCalls, options, k)[0];
}

/**
 * The steps (each with a result, in start order) analyzed; all of them, or only the one at `only`
 * (consumers are then searched for that step and, if it finds none, the reranks it fed).
 */
function analyzeSteps(spans: readonly TraceJsonSpan[], modelCalls: SpansFrom, options: RetrievalAnalysisOptions, only?: number): TraceJsonSpan[] {
  const prompts = new PromptIndex();
  const steps = spans.map((span): Step => {
    const src = span.retrieval!;
    const retrieval: RetrievalInfo = { ...src, documents: describeList(src.documents, prompts.normalize) };
    if (src.inputDocuments) retrieval.inputDocuments = describeList(src.inputDocuments, prompts.normalize);
    return { span: { ...span, retrieval }, retrieval };
  });
  for (const step of steps.filter((s) => s.span.kind === 'rerank')) {
    const inputs = step.retrieval.inputDocuments ?? feedingStep(step, steps)?.retrieval.documents;
    if (inputs) matchRerankInputs(step.retrieval, inputs, prompts.normalize);
  }
  let others: readonly TraceSpans[] | undefined;
  const otherTraces = (): readonly TraceSpans[] => (others ??= options.otherTraces?.() ?? []);
  // Every consumer is searched for before any answer is applied (applying fills documents' text in).
  const searched = new Set<Step>();
  const consumerOf = (step: Step): Consumer | undefined => {
    if (!searched.has(step)) {
      searched.add(step);
      step.consumer = findConsumer(step.span, step.retrieval.documents, modelCalls, otherTraces, prompts);
    }
    return step.consumer;
  };
  const wanted = only === undefined ? steps : [steps[only]];
  for (const step of wanted) consumerOf(step);
  // A retrieval whose kept documents reached the model only through a reranker answers to the same call.
  for (const step of wanted.filter((s) => s.span.kind === 'retrieval' && !s.consumer)) {
    const rerank = steps.find((r) => r.span.kind === 'rerank' && feedingStep(r, steps) === step && consumerOf(r));
    if (rerank) step.consumer = rerank.consumer;
  }
  for (const step of wanted) {
    if (step.consumer) {
      step.retrieval.answerSpanId = step.consumer.span.spanId;
      if (step.consumer.traceId) step.retrieval.answerTraceId = step.consumer.traceId;
    }
    applyAnswer(step, prompts);
    for (const doc of step.retrieval.documents) {
      const findings = doc.content ? findInjections(doc.content) : [];
      if (findings.length > 0) doc.findings = findings;
    }
  }
  return wanted.map((s) => s.span);
}
