/** The retrieval analysis: pure functions over Trace JSON, shared by the engine, the CLI and the views. */
export { analyzeRetrievals, analyzeRetrievalsInSlices, analyzeRetrievalStep, analyzeRetrievalStepIn, describeDocument, type AnalysisSlices, type RetrievalAnalysisOptions, type StepRef } from './analyze';
export { analyzeAnswer, JUDGED_MIN_WORDS, QUOTE_WORDS, type AnswerAnalysis, type AnswerDocument, type LocatedEvidence, type SentenceSupport } from './evidence';
export { findInjections, type InjectionFinding } from './injection';
export { answerText, promptText, type CutOf, type SearchCut, type SpansFrom, type TraceSpans } from './consumer';
export { citationLabels } from './document-fields';
export { buildRetrievalView, retrievalChain, type PipelineInput } from './pipeline-view';
