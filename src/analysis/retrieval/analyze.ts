/**
 * The retrieval analysis over one trace's spans (Trace JSON): for every retrieval and rerank step,
 * each document's id, score, distance, duplicates, rank before the reranker, injection findings,
 * and whether the answer of the model call that consumed the documents used it. The result is
 * what Trace JSON carries (contract in ARCHITECTURE.md, "Retrieval analysis").
 */
import type { RetrievalInfo, RetrievedDocument, TraceJsonSpan } from '../../protocol/trace-json';
import { answerText, findConsumerInSlices, PromptIndex, spansFrom, textFromPrompt, type Consumer, type CutOf, type SearchCut, type SpansFrom, type TraceSpans } from './consumer';
import { citationLabels, duplicates, identify, scoreOf, textFromMetadata } from './document-fields';
import { analyzeAnswer } from './evidence';
import { findInjections } from './injection';
import { matchRerankInputs } from './rerank';

export interface RetrievalAnalysisOptions {
  /** Spans of other traces to search, by content, for a consuming model call (called lazily). */
  otherTraces?: () => readonly TraceSpans[];
  /**
   * The same, for a sliced analysis whose other traces may have to be built first: pausing on the
   * analysis's own `slices` (instead of building them in one piece). Used instead of `otherTraces`.
   */
  otherTracesInSlices?: (slices: AnalysisSlices) => Generator<void, readonly TraceSpans[]>;
  /**
   * For a reader whose `modelCalls` may stop before the trace's end (retrievals read alone): whether
   * the last search stopped early. A step whose consuming call that leaves unsettled says so
   * (`answerSearch`) instead of claiming an answer the whole trace may not give.
   */
  searchCut?: CutOf;
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
  /** Set when the search for its consumer stopped before settling it. */
  cut?: SearchCut;
  /** Its place among the trace's steps. */
  index: number;
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
  return toEnd(analyzeRetrievalsInSlices(spans, options, UNSLICED));
}

/**
 * When a sliced analysis may pause (the shape of the engine's SliceClock): asked after each step's
 * piece of work; `restart` is called once the caller resumed it.
 */
export interface AnalysisSlices {
  due(): boolean;
  restart(): void;
}

const UNSLICED: AnalysisSlices = { due: () => false, restart: () => undefined };

function toEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * analyzeRetrievals a piece at a time, yielding between steps whenever `slices` says so, so a big
 * RAG trace's analysis (seconds) does not stop its thread. The same result.
 */
export function* analyzeRetrievalsInSlices(spans: readonly TraceJsonSpan[], options: RetrievalAnalysisOptions, slices: AnalysisSlices): Generator<void, TraceJsonSpan[]> {
  const out = spans.slice();
  const { at, refs } = stepsIn(spans);
  if (at.length === 0) return out;
  for (const [k, span] of yield* analyzeSteps(refs, spansFrom(spans), options, undefined, slices)) out[at[k]] = span;
  return out;
}

/** The one step of `analyzeRetrievals(spans)` with this id, analyzed alone (undefined as in analyzeRetrievalStep). */
export function analyzeRetrievalStepIn(spans: readonly TraceJsonSpan[], spanId: string, options: RetrievalAnalysisOptions = {}): TraceJsonSpan | undefined {
  return analyzeRetrievalStep(stepsIn(spans).refs, spanId, spansFrom(spans), options);
}

/** The steps among spans in memory: their indexes, and as StepRefs. */
function stepsIn(spans: readonly TraceJsonSpan[]): { at: number[]; refs: StepRef[] } {
  const at: number[] = [];
  spans.forEach((span, i) => { if (isStep(span)) at.push(i); });
  const refs = at.map((i): StepRef => {
    const { spanId, kind, parentSpanId, startTimeUnixMs } = spans[i];
    return { spanId, kind, parentSpanId, startTimeUnixMs, span: () => spans[i] };
  });
  return { at, refs };
}

/** A retrieval or rerank span of the trace, in start order: what ordering needs, and the span itself on demand. */
export interface StepRef {
  spanId: string;
  kind: string;
  parentSpanId: string | null;
  startTimeUnixMs: number;
  span(): TraceJsonSpan | null;
}

/**
 * One retrieval or rerank step of a trace analyzed as `analyzeRetrievals` analyzes it in the whole
 * trace, from only what that needs: of the trace's steps (in start order) only those that fed it or
 * that it fed are loaded, and its model calls from the step's start on are read lazily up to the
 * call that consumed the documents. Undefined when `spanId` is no step with a result.
 */
export function analyzeRetrievalStep(steps: readonly StepRef[], spanId: string, modelCalls: SpansFrom,
  options: RetrievalAnalysisOptions = {}): TraceJsonSpan | undefined {
  const k = steps.findIndex((s) => s.spanId === spanId);
  return k < 0 ? undefined : toEnd(analyzeSteps(steps, modelCalls, options, k, UNSLICED)).get(k);
}

/** The trace's steps, each loaded and described once, when first needed; those without a result are no steps. */
class StepList {
  private readonly built = new Map<number, Step | null>();

  constructor(readonly refs: readonly StepRef[], private readonly prompts: PromptIndex) {}

  at(k: number): Step | null {
    let step = this.built.get(k);
    if (step === undefined) {
      const span = this.refs[k].span();
      const src = span?.retrieval;
      if (!span || !src) step = null; // a step that recorded no result: nothing to analyze
      else {
        const retrieval: RetrievalInfo = { ...src, documents: describeList(src.documents, this.prompts.normalize) };
        if (src.inputDocuments) retrieval.inputDocuments = describeList(src.inputDocuments, this.prompts.normalize);
        step = { span: { ...span, retrieval }, retrieval, index: k };
      }
      this.built.set(k, step);
    }
    return step;
  }

  /**
   * The retrieval step that fed a rerank without recorded inputs: the latest (in start order) of
   * those started before it, its siblings first. Scanned from the end, loading only candidates.
   */
  feeding(rerank: Step): Step | undefined {
    let other: Step | undefined;
    for (let k = this.refs.length - 1; k >= 0; k--) {
      const ref = this.refs[k];
      if (ref.kind !== 'retrieval' || ref.startTimeUnixMs > rerank.span.startTimeUnixMs) continue;
      const sibling = ref.parentSpanId === rerank.span.parentSpanId;
      if (!sibling && other) continue;
      const step = this.at(k);
      if (!step) continue;
      if (sibling) return step;
      other = step;
    }
    return other;
  }
}

/**
 * The steps analyzed, by index in `refs`: all of them, or only the one at `only` (consumers are then
 * searched for that step and, if it finds none, the reranks it fed).
 */
function* analyzeSteps(refs: readonly StepRef[], modelCalls: SpansFrom, options: RetrievalAnalysisOptions, only: number | undefined,
  slices: AnalysisSlices): Generator<void, Map<number, TraceJsonSpan>> {
  const pause = function* (): Generator<void, void> {
    if (slices.due()) {
      yield;
      slices.restart();
    }
  };
  const prompts = new PromptIndex();
  const list = new StepList(refs, prompts);
  const indices = only === undefined ? refs.map((_, k) => k) : [only];
  const wanted: Step[] = [];
  for (const k of indices) {
    const step = list.at(k);
    if (step) wanted.push(step);
    yield* pause();
  }
  for (const step of wanted.filter((s) => s.span.kind === 'rerank')) {
    const inputs = step.retrieval.inputDocuments ?? list.feeding(step)?.retrieval.documents;
    if (inputs) matchRerankInputs(step.retrieval, inputs, prompts.normalize);
    yield* pause();
  }
  let others: readonly TraceSpans[] | undefined;
  const otherTraces = function* (): Generator<void, readonly TraceSpans[]> {
    others ??= options.otherTracesInSlices ? yield* options.otherTracesInSlices(slices) : options.otherTraces?.() ?? [];
    return others;
  };
  // Every consumer is searched for before any answer is applied (applying fills documents' text in).
  const searched = new Set<Step>();
  const consumerOf = function* (step: Step): Generator<void, Consumer | undefined> {
    if (!searched.has(step)) {
      searched.add(step);
      const found = yield* findConsumerInSlices(step.span, step.retrieval.documents, modelCalls, otherTraces, prompts, options.searchCut ?? (() => undefined), slices);
      if (found && 'span' in found) step.consumer = found;
      else step.cut = found;
    }
    return step.consumer;
  };
  for (const step of wanted) {
    yield* consumerOf(step);
    yield* pause();
  }
  // A retrieval whose kept documents reached the model only through a reranker answers to the same
  // call (unless its own search was cut: the whole trace may hold a call of its own).
  for (const step of wanted.filter((s) => s.span.kind === 'retrieval' && !s.consumer && !s.cut)) {
    for (let k = 0; k < refs.length; k++) {
      if (refs[k].kind !== 'rerank') continue;
      const rerank = list.at(k);
      if (!rerank || list.feeding(rerank) !== step) continue;
      const consumer = yield* consumerOf(rerank);
      // An earlier rerank left unsettled: which rerank answers is unknown.
      step.cut = rerank.cut;
      if (consumer || rerank.cut) {
        step.consumer = consumer;
        break;
      }
    }
    yield* pause();
  }
  const out = new Map<number, TraceJsonSpan>();
  for (const step of wanted) {
    if (step.cut) step.retrieval.answerSearch = { stoppedAfterCalls: step.cut.stoppedAfterCalls };
    if (step.consumer) {
      step.retrieval.answerSpanId = step.consumer.span.spanId;
      if (step.consumer.traceId) step.retrieval.answerTraceId = step.consumer.traceId;
    }
    applyAnswer(step, prompts);
    for (const doc of step.retrieval.documents) {
      const findings = doc.content ? findInjections(doc.content) : [];
      if (findings.length > 0) doc.findings = findings;
    }
    out.set(step.index, step.span);
    yield* pause();
  }
  return out;
}
