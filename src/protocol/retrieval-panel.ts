/**
 * The retrieval inspector's message protocol on the generic panel layer: host → webview
 * (`ToRetrievalPanel`) and webview → host (`FromRetrievalPanel`, the common messages plus its own).
 * Messages from the webview are untrusted and validated by `parseFromRetrievalPanel`
 * (retrieval-panel-guards.ts). No `vscode`, no DOM here.
 */
import type { CommonFromWebview, CommonToWebview } from './panel-messages';
import type { RetrievalEvidence, RetrievedDocument } from './trace-json';

export const RETRIEVAL_PANEL_VIEW_TYPE = 'tracelight.retrieval';

/** One retrieval or rerank step of the pipeline, as Trace JSON carries it. */
export interface RetrievalStepView {
  spanId: string;
  name: string;
  kind: 'retrieval' | 'rerank';
  query?: string;
  documents: RetrievedDocument[];
  /** Rerank steps: how many documents went in, and those not kept. */
  inputCount?: number;
  dropped?: { id?: string; rankBefore: number }[];
}

/** Where in the answer a document shows, and how. */
export interface EvidenceMark {
  /** Rank of the document in the context step (the last step). */
  rank: number;
  kind: RetrievalEvidence['kind'];
  start: number;
  end: number;
}

export interface AnswerSentenceView {
  start: number;
  end: number;
  /** Ranks (in the context step) of the documents that support it. */
  supportedBy: number[];
  /** False when the sentence is too short to judge ("Yes."). */
  judged: boolean;
}

export interface RetrievalView {
  traceId: string;
  traceName?: string;
  /** The original question, when a model call rewrote it into the retrieval query. */
  question?: string;
  /** The query the retriever ran. */
  query?: string;
  /** The model call that rewrote the question, when there was one. */
  rewrittenBySpanId?: string;
  steps: RetrievalStepView[];
  /** The consuming model call: its answer, the evidence in it, and what was found in its prompt. */
  answer?: {
    spanId: string;
    traceId: string;
    name: string;
    model?: string;
    text: string;
    /** Ranks (in the last step) of documents found in the prompt. */
    inContext: number[];
    marks: EvidenceMark[];
    sentences: AnswerSentenceView[];
  };
}

export type ToRetrievalPanel =
  | CommonToWebview
  /** Everything to show; sent after `ready` and again whenever the trace changes. */
  | { type: 'snapshot'; focusSpanId: string | null; view: RetrievalView | null; message?: string }
  | { type: 'traceRemoved'; traceId: string };

export type RetrievalPanelRequest =
  /** Show the pipeline of another step (or model call) of the same trace (a restored panel asks for its own). */
  { type: 'focus'; spanId: string };

export type FromRetrievalPanel = CommonFromWebview | RetrievalPanelRequest;

/** View state the webview persists with `vscode.setState`; the serializer reopens from it. */
export interface RetrievalPanelPersistedState {
  traceId: string;
  /** The span the inspector was opened on (a retrieval or rerank step, or a model call). */
  spanId?: string;
  /** The step shown in the document list (its span id). */
  stepSpanId?: string;
  /** The selected document's identity (`id:<id>` or `text:<first characters>`). */
  selected?: string;
  /** Identities of documents expanded beyond their first lines. */
  expanded?: string[];
  filter?: string;
}
