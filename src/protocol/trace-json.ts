/**
 * Trace JSON (version 1): Tracelight's export format, and the normalized span model shared by the
 * engine, the extension host and the webviews. No `vscode`, no DOM here.
 *
 * Absent information is an omitted key (or null where the contract says so), never an invented value.
 */

export type SpanKind =
  | 'llm' | 'embedding' | 'retrieval' | 'rerank' | 'tool' | 'agent' | 'chain'
  | 'guardrail' | 'evaluator' | 'other';

export type SpanStatus = 'ok' | 'error' | 'unset';

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  /** Subset of inputTokens (OTel GenAI semantics: input includes cached tokens). */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Subset of outputTokens. */
  reasoningTokens?: number;
}

export type MessagePart =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: string }
  | { type: 'tool_result'; id?: string; result: string }
  /** Images, audio, files: a reference (uri / file id) or inline data, never decoded here. */
  | { type: 'media'; modality?: string; mimeType?: string; uri?: string; fileId?: string; dataLength?: number };

export interface Message {
  role: string; // 'system' | 'user' | 'assistant' | 'tool' | other roles as sent
  name?: string;
  parts: MessagePart[];
  finishReason?: string;
  /** Input messages only, when a workspace is known: the template lines that produced it. */
  source?: PromptSource;
}

export type SourceVia = 'template' | 'content' | 'registry' | 'code';

export interface SourceRange {
  /** Workspace-relative, `/` separators. */
  path: string;
  /** 1-based, inclusive: the template text itself (no key, role marker or comment header). */
  startLine: number;
  endLine: number;
}

/** Where an input message came from (rules in src/analysis/prompt-links/link-messages.ts). */
export interface PromptSource extends SourceRange {
  via: SourceVia;
  /** 0–1; at most 0.5 when another template fits as well (then listed in `candidates`). */
  confidence: number;
  /** The templates that fit equally well, the chosen one first, when the choice is uncertain. */
  candidates?: SourceRange[];
  /** Other templates whose text makes up other parts of the same message (concatenations). */
  contributors?: SourceRange[];
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON text of the parameter schema, as sent. */
  parameters?: string;
}

export interface ToolInfo {
  name: string;
  callId?: string;
  arguments?: string;
  result?: string;
  description?: string;
}

export interface RetrievedDocument {
  id?: string;
  content?: string;
  score?: number;
  metadata?: Record<string, unknown>;
  /** 1-based position in the list the step produced. */
  rank?: number;
  /** On rerank outputs: the 1-based rank the document had going into the reranker. */
  rankBefore?: number;
  // The fields below are added by the retrieval analysis (src/analysis/retrieval/), see ARCHITECTURE.md.
  /** Where `id` came from: `id` (the document's own id) or `metadata.<key>` / `metadata.source+chunk`. */
  idSource?: string;
  /** Where `score` came from: `score` or `metadata.<key>` (relevance_score, score, similarity). */
  scoreSource?: string;
  /** Distance reported by the store (smaller is closer); not a score. */
  distance?: number;
  /** Where `content` came from when the span itself did not carry it: `metadata.<key>` or `prompt` (the consuming call's prompt listed it under the document's id). */
  contentSource?: string;
  /** Rank of an earlier document in the same list with the same id or the same text. */
  duplicateOf?: number;
  /** Whether the answer of the consuming model call used this document (absent when no answer is known). */
  used?: boolean;
  /** How the answer used it; `text` is the part of the answer that shows it. */
  evidence?: RetrievalEvidence[];
  /** Instruction-like text aimed at the model (indirect prompt injection). */
  findings?: RetrievalFinding[];
}

export interface RetrievalEvidence {
  kind: 'quote' | 'citation' | 'paraphrase';
  text: string;
}

export interface RetrievalFinding {
  category: 'injection';
  text: string;
  /** Which rule matched (instruction override, hidden directive, exfiltration link, ...). */
  rule?: string;
}

export interface RetrievalInfo {
  query?: string;
  documents: RetrievedDocument[];
  /** For rerank spans: the documents that went in, in input order. */
  inputDocuments?: RetrievedDocument[];
  /** For rerank spans: the input documents the reranker did not keep. */
  dropped?: { id?: string; rankBefore: number }[];
  /** The model call whose input held these documents (see ARCHITECTURE.md, "Retrieval analysis"). */
  answerSpanId?: string;
  /** Set when that model call is in another trace (LangChain can record it in a second trace). */
  answerTraceId?: string;
  /**
   * Set only on a step read alone (one span, not its whole trace) when the search for the consuming
   * model call stopped after this many model calls without settling it: the answer and the
   * documents' `used` and `evidence` are then unknown, not absent. The whole trace's read has none.
   */
  answerSearch?: { stoppedAfterCalls: number };
}

export interface PromptInfo {
  name?: string;
  version?: string;
  template?: string;
  variables?: Record<string, unknown>;
  id?: string;
  url?: string;
}

export interface CodeLocation {
  file?: string;
  /** The call site's file relative to the workspace, when it resolves inside it. */
  workspacePath?: string;
  line?: number;
  column?: number;
  function?: string;
}

export interface ErrorInfo {
  type?: string;
  message?: string;
  stacktrace?: string;
}

/** Where a span's cost came from (rule in analysis/pricing/span-cost.ts). */
export type CostSource = 'ingested' | 'computed' | 'override';

/** A span's cost in USD by component; a component is null where the source gave no split. */
export interface SpanCost {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  source: CostSource;
  /** The price used: `provider/model` from the price list, or the user's pattern. Null for ingested costs. */
  priceModel: string | null;
}

export interface SpanEventJson {
  name: string;
  timeUnixMs: number;
  attributes: Record<string, unknown>;
}

/** Everything the normalizer derives from one span (and the log records joined to it). */
export interface NormalizedFields {
  kind: SpanKind;
  /**
   * The name to show instead of the span's own when that is a message template: Logfire names
   * spans by `logfire.msg_template` (`Chat Completion with {request_data[model]!r}`) and sends the
   * filled-in text in `logfire.msg`. Trace JSON's `name` is this; the template stays in `attributes`.
   */
  name?: string;
  provider?: string;
  requestModel?: string;
  model?: string;
  usage?: Usage;
  /** On normalized fields: the cost the instrumentation recorded. In Trace JSON: the priced cost. */
  costUsd?: number | null;
  /** Trace JSON only: how costUsd was priced. */
  cost?: SpanCost;
  input?: { messages: Message[] };
  output?: { messages: Message[] };
  toolDefinitions?: ToolDefinition[];
  tool?: ToolInfo;
  retrieval?: RetrievalInfo;
  prompt?: PromptInfo;
  code?: CodeLocation;
  sessionId?: string;
  userId?: string;
  agentName?: string;
  error?: ErrorInfo;
  finishReasons?: string[];
  /** Request parameters (temperature, max_tokens, ...) as sent. */
  requestParameters?: Record<string, unknown>;
  /**
   * false when the span looks like a model call (model or usage present) but carries no message
   * content: content capture was off. Omitted when not applicable.
   */
  contentCaptured?: boolean;
  /** The convention families that contributed (e.g. ['openinference']), for the UI and debugging. */
  conventions?: string[];
  /**
   * A placeholder exported when a span started (Logfire `logfire.span_type = pending_span`, parented
   * to the real span): show it as work in progress, hide it once the real span has arrived.
   */
  pending?: true;
}

/**
 * A link from a span to another span, often in another trace (a batch consumer linking the spans
 * that produced its messages, an async hand-off). `inStore` says whether the linked span is in the
 * store at the time of reading.
 */
export interface SpanLinkJson {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Record<string, unknown>;
  /** Attributes the SDK dropped from the link (its limits); omitted when none. */
  droppedAttributesCount?: number;
  inStore: boolean;
}

/** The stored span a link names: its name and its trace's name. */
export interface LinkTargetName {
  name: string;
  traceName?: string;
}

/** A stored span that links to another span (the reverse of that span's own links). */
export interface LinkingSpan {
  traceId: string;
  spanId: string;
  /** Which of its links names the span asked about (its index in the linking span's `links`). */
  linkIndex: number;
  name: string;
  traceName?: string;
  startTimeUnixMs: number;
}

/** GET /api/traces/{traceId}/spans/{spanId}/links: a span's links named, and the spans linking to it. */
export interface SpanLinksDocument {
  version: 1;
  traceId: string;
  spanId: string;
  /** The span's links in order, each with the linked span's name and trace name when it is stored. */
  links: Array<SpanLinkJson & Partial<LinkTargetName>>;
  /** Stored spans whose links name this span, in start order (a page: `offset`, `limit`). */
  linkedFrom: LinkingSpan[];
  linkedFromTotal: number;
}

export interface TraceJsonSpan extends NormalizedFields {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  status: SpanStatus;
  statusMessage?: string;
  startTimeUnixMs: number;
  durationMs: number;
  service?: string;
  events?: SpanEventJson[];
  /** The span's OTel links, in the order sent; omitted when it has none. */
  links?: SpanLinkJson[];
  attributes?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  scope?: { name: string; version?: string };
  /** OTel span kind (client, server, internal, ...). */
  spanKind?: string;
  /**
   * For a tool span: the LLM call that requested it and the first one that read its result, when
   * they can be told (rule in src/analysis/tool-links.ts). Absent when nothing links.
   */
  toolLink?: { requestedBySpanId?: string; consumedBySpanId?: string };
  /**
   * This span records a model call that another span of the trace stands for (a second
   * instrumentor's record of the same call, rule in engine/semconv/duplicate-calls.ts): its usage
   * and cost are not counted again in the trace's totals.
   */
  duplicateOf?: string;
  /** The spans that record this same model call too (each has `duplicateOf` this span). */
  alsoRecordedBy?: string[];
}

export interface TraceJsonTrace {
  traceId: string;
  name: string;
  service: string;
  startTimeUnixMs: number;
  durationMs: number;
  status: 'ok' | 'error';
  spanCount: number;
  /** De-duplicated: wrapper spans that repeat their calls' usage are counted once (rule in semconv/rollup.ts). */
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  /** Rolled up like usage; the known part when some calls are unpriced. */
  costUsd: number | null;
  /** Model calls counted in the roll-up that used tokens but have no price. */
  unpricedCalls?: number;
  sessionId?: string;
  spans?: TraceJsonSpan[];
}

export interface TraceJsonDocument {
  version: 1;
  traces: TraceJsonTrace[];
}
