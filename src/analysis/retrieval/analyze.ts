/**
 * The retrieval analysis over one trace's spans (Trace JSON): for every retrieval and rerank step,
 * each document's id, score, distance, duplicates, rank before the reranker, injection findings,
 * and whether the answer of the model call that consumed the documents used it. The result is
 * what Trace JSON carries (contract in ARCHITECTURE.md, "Retrieval analysis").
 */
import type { RetrievalInfo, RetrievedDocument, TraceJsonSpan } from '../../protocol/trace-json';
import { answerText, findConsumer, PromptIndex, textFromPrompt, type Consumer, type TraceSpans } from './consumer';
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
  const steps: Step[] = [];
  const prompts = new PromptIndex();
  out.forEach((span, i) => {
    if (!isStep(span)) return;
    const src = span.retrieval;
    if (!src) return; // a step that recorded no result: nothing to analyze
    const retrieval: RetrievalInfo = { ...src, documents: describeList(src.documents, prompts.normalize) };
    if (src.inputDocuments) retrieval.inputDocuments = describeList(src.inputDocuments, prompts.normalize);
    out[i] = { ...span, retrieval };
    steps.push({ span: out[i], retrieval });
  });
  if (steps.length === 0) return out;
  for (const step of steps.filter((s) => s.span.kind === 'rerank')) {
    const inputs = step.retrieval.inputDocuments ?? feedingStep(step, steps)?.retrieval.documents;
    if (inputs) matchRerankInputs(step.retrieval, inputs, prompts.normalize);
  }
  let others: readonly TraceSpans[] | undefined;
  const otherTraces = (): readonly TraceSpans[] => (others ??= options.otherTraces?.() ?? []);
  for (const step of steps) step.consumer = findConsumer(step.span, step.retrieval.documents, out, otherTraces, prompts);
  // A retrieval whose kept documents reached the model only through a reranker answers to the same call.
  for (const step of steps.filter((s) => s.span.kind === 'retrieval' && !s.consumer)) {
    const rerank = steps.find((r) => r.span.kind === 'rerank' && r.consumer && feedingStep(r, steps) === step);
    if (rerank) step.consumer = rerank.consumer;
  }
  for (const step of steps) {
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
  return out;
}
