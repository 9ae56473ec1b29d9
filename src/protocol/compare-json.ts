/**
 * Compare JSON (version 1): the comparison of two runs, printed by `tracelight compare A B --json`
 * and shown by the compare panel. Produced by `src/analysis/compare/`. Deltas are B minus A; a
 * figure unknown on either side (cost without prices, tokens a span does not report) is null.
 */
import type { SpanKind, SpanStatus } from './trace-json';

export type PairChange = 'input' | 'output' | 'model' | 'status' | 'documents' | 'tool-arguments' | 'tool-result';

export type DifferenceKind =
  | 'structure' | 'input-messages' | 'output-messages' | 'model' | 'tokens' | 'cost'
  | 'documents' | 'status' | 'tool-io' | 'latency';

export interface RunTotals {
  traceId: string;
  name: string;
  service: string;
  status: 'ok' | 'error';
  startTimeUnixMs: number;
  durationMs: number;
  spanCount: number;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  costUsd: number | null;
  llmCalls: number;
  toolCalls: number;
  /** Spans with status error. */
  errors: number;
}

export interface RunDeltas {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number | null;
  durationMs: number;
  llmCalls: number;
  toolCalls: number;
  errors: number;
}

export interface PairDeltas {
  durationMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
}

export type MessageChangeKind = 'changed' | 'only-in-a' | 'only-in-b';

export interface MessageChange {
  side: 'input' | 'output';
  /** Position in each span's input.messages / output.messages. */
  index: number;
  /** The role in run A (run B's for only-in-b). */
  role: string;
  /** Run B's role, given only when it differs from run A's. */
  roleB?: string;
  change: MessageChangeKind;
}

export interface DocumentChanges {
  onlyInA: string[];
  onlyInB: string[];
  /** 1-based ranks. */
  moved: Array<{ id: string; rankA: number; rankB: number }>;
  scoreChanged: Array<{ id: string; scoreA: number | null; scoreB: number | null }>;
  /** Same id, different text. */
  contentChanged: string[];
}

export interface ComparedPair {
  a: string;
  b: string;
  kind: SpanKind;
  /** Run B's span name; `nameA` too when the step was renamed. */
  name: string;
  nameA?: string;
  changes: PairChange[];
  deltas: PairDeltas;
  /** Response model, else request model; present when either side names one. */
  model?: { a: string | null; b: string | null };
  status: { a: SpanStatus; b: SpanStatus };
  messages: MessageChange[];
  /** Retrieval and rerank steps only. */
  documents?: DocumentChanges;
}

export interface UnmatchedSpan {
  spanId: string;
  name: string;
  kind: SpanKind;
}

export interface CompareJson {
  version: 1;
  a: RunTotals;
  b: RunTotals;
  deltas: RunDeltas;
  pairs: ComparedPair[];
  onlyInA: UnmatchedSpan[];
  onlyInB: UnmatchedSpan[];
  differences: DifferenceKind[];
  semanticDifference: boolean;
  /** One line for people: "only timing differs", "system prompt changed in 3 calls; ...". */
  verdict: string;
}

/** One row of the aligned tree (pre-order): a matched pair, or a span of one run only. */
export interface AlignedRow {
  a: string | null;
  b: string | null;
  depth: number;
  /** Index into `pairs` for a matched row, else -1. */
  pair: number;
}
