/**
 * The engine's typed API: what a caller (extension host, CLI, tests) may ask the engine worker, and
 * the events the worker emits. One method map drives both the client and the worker dispatcher, so a
 * request and its result type cannot drift apart. No `vscode`, no DOM.
 */
import type { LinkingSpan, LinkTargetName, SpanKind, SpanStatus, TraceJsonDocument, TraceJsonSpan, TraceJsonTrace, Usage } from './trace-json';

export type { LinkingSpan, LinkTargetName } from './trace-json';
import type { CostQuery, CostReport, WhatIfQuery, WhatIfResult } from './cost';
import type { UserPrices } from '../analysis/pricing/user-prices';
import type { UntracedLogPage, UntracedLogQuery, UntracedLogRecord } from './untraced-logs';

export interface EngineConfig {
  /** Bind address; loopback unless the user explicitly opted in to another. */
  host: string;
  /** Preferred OTLP/HTTP port; the next free one is taken when busy. 0 = any free port. */
  httpPort: number;
  /** Preferred OTLP/gRPC port; null disables gRPC. */
  grpcPort: number | null;
  /** Limit for a request body, compressed and decompressed (bytes). */
  maxBodyBytes: number;
  /** Retention caps: oldest whole traces are evicted beyond either. */
  maxSpans: number;
  maxBytes: number;
  /** When set, the database is loaded from here at start and saved on `saveSnapshot`/`stop`. */
  snapshotPath: string | null;
  /** With a snapshot path: also save it this often when something changed (ms); 0 = only on stop. */
  autosaveMs: number;
  /** Debounce for `changed` events (ms). */
  changeDebounceMs: number;
  /**
   * Recently arrived big traces get their Trace JSON built after this long without a change to the
   * store (ms), so their first read is a hit (engine/store/idle-prebuild.ts); 0 = never. Default 1000.
   */
  prebuildQuietMs?: number;
  /** User prices, USD per million tokens by model name or glob (analysis/pricing/user-prices.ts). */
  prices: UserPrices;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  host: '127.0.0.1',
  httpPort: 4318,
  grpcPort: 4317,
  maxBodyBytes: 64 * 1024 * 1024,
  maxSpans: 200_000,
  maxBytes: 512 * 1024 * 1024,
  snapshotPath: null,
  autosaveMs: 0,
  changeDebounceMs: 100,
  prices: {},
};

export interface Endpoint {
  host: string;
  port: number;
  /** The port that was asked for, when it was busy and another was taken. */
  requestedPort?: number;
}

export interface ReceiverState {
  running: boolean;
  http: Endpoint | null;
  grpc: Endpoint | null;
  /** Set when the receiver could not start, e.g. no free port. */
  error?: string;
}

/** One row of the traces list: kept up to date on insert, cheap to page. */
export interface TraceSummary {
  traceId: string;
  name: string;
  service: string;
  startTimeUnixMs: number;
  durationMs: number;
  status: 'ok' | 'error';
  spanCount: number;
  errorCount: number;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  /** Rolled up like usage (each call once); the known part when some calls are unpriced. */
  costUsd: number | null;
  /** Counted model calls with tokens but no price. */
  unpricedCalls: number;
  /** Set when the run cost over 3× the median of its flow's earlier runs (analysis/cost-spikes.ts). */
  costSpike?: { earlierMedianUsd: number };
  sessionId?: string;
  /** false while the trace's root span has not arrived (yet). */
  hasRoot: boolean;
  /** Monotonic counter of the last change, for incremental refresh. */
  updatedSeq: number;
}

/** A span's links in both directions, for views that name the spans at either end. */
export interface SpanLinksInfo {
  /** One per entry of the span's `links`, in order: the named span when it is stored, else null. */
  targets: Array<LinkTargetName | null>;
  /** Spans linking to this span, in start order, the first `limit`. */
  linkedFrom: LinkingSpan[];
  /** How many stored spans link to this span in all. */
  linkedFromTotal: number;
}

/** One span as a small row: enough for a tree and a waterfall, no content. */
export interface SpanRow {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  status: SpanStatus;
  startTimeUnixMs: number;
  durationMs: number;
  service: string;
  model?: string;
  usage?: Usage;
  costUsd?: number | null;
  /**
   * A Logfire pending placeholder standing in for a span still running (shown in its place until
   * the real span arrives and replaces it); absent for ordinary spans.
   */
  pending?: true;
}

export interface ListTracesQuery {
  limit?: number;
  offset?: number;
  service?: string;
  status?: 'ok' | 'error';
  /** Case-insensitive substring of the trace name, service, trace id or session id. */
  text?: string;
  sessionId?: string;
}

export interface EngineStats {
  traceCount: number;
  spanCount: number;
  /** Log records stored, with a trace or without. */
  logCount: number;
  /** Log records without a trace id stored, and dropped by retention (oldest first) since start. */
  untracedLogCount: number;
  evictedUntracedLogs: number;
  /** Bytes held by the database (approximate, from SQLite's page count). */
  databaseBytes: number;
  /** Distinct content strings and their total size. */
  contentCount: number;
  contentBytes: number;
  evictedTraces: number;
  evictedSpans: number;
  requests: { http: number; grpc: number; failed: number };
  rejectedSpans: number;
  rejectedLogs: number;
  metricsRequests: number;
  receiver: ReceiverState;
  /** What the engine keeps of built traces, and what building them ahead while ingest was quiet cost (engine/store/idle-prebuild.ts). */
  readCaches?: ReadCacheStats;
}

export interface ReadCacheStats {
  /** Bytes of Trace JSON text kept, and the estimate of what the kept spans hold. */
  textBytes: number;
  spanBytes: number;
  prebuild: { built: number; cancelled: number; tooBig: number; overBudget: number; spans: number; busyMs: number; longestSliceMs: number };
}

export interface ImportFileResult {
  file: string;
  ok: boolean;
  spans: number;
  logs: number;
  rejected: number;
  error?: string;
  /** Set when the file was read but some of its items were rejected (invalid ids, ...): why. */
  warning?: string;
}

/** The workspace folder whose prompt files the engine indexes for prompt links. */
export interface PromptWorkspaceSettings {
  /** Absolute folder; null stops prompt links. */
  root: string | null;
  /** Globs (gitignore syntax) of template files to index; all template types when empty. */
  include?: string[];
  /** Globs never indexed (the editor's files.exclude and the user's own). */
  exclude?: string[];
  /** Call-site paths recorded elsewhere: FROM prefix → TO folder (`${workspaceFolder}` allowed). */
  pathMappings?: { from: string; to: string }[];
}

export interface PromptWorkspaceState {
  root: string | null;
  files: number;
  /** Files that hold at least one template. */
  templates: number;
  indexMs: number;
}

export interface PromptUsageSpan {
  traceId: string;
  spanId: string;
  name: string;
  startTimeUnixMs: number;
  durationMs: number;
  status: SpanStatus;
  model?: string;
}

/** How the model calls that used one template behaved (recent traces). */
export interface PromptTemplateUsage {
  path: string;
  startLine: number;
  endLine: number;
  calls: number;
  totalTokens: number;
  /** Sum over the calls with a known cost; null when none has one. */
  costUsd: number | null;
  p50DurationMs: number;
  errors: number;
  /** Newest first. */
  recentSpans: PromptUsageSpan[];
  traceIds: string[];
}

/** One linked message seen from its template (src/analysis/prompt-links/workspace-linker.ts). */
export interface RenderedPromptView {
  messageIndex: number;
  path: string;
  startLine: number;
  endLine: number;
  /** 1-based line, 0-based columns of each placeholder, with the value the run gave it. */
  values: { line: number; column: number; endColumn: number; value: string }[];
  changed: boolean;
  sent: string;
  current: string;
}

/** Method name → params and result. The single source of the worker API's types. */
export interface EngineMethods {
  startReceiver: { params: Record<string, never>; result: ReceiverState };
  stopReceiver: { params: Record<string, never>; result: ReceiverState };
  configure: { params: Partial<EngineConfig>; result: ReceiverState };
  listTraces: { params: ListTracesQuery; result: { traces: TraceSummary[]; total: number } };
  getTraceSummary: { params: { traceId: string }; result: TraceSummary | null };
  getSpanRows: { params: { traceId: string }; result: SpanRow[] };
  getSpan: { params: { traceId: string; spanId: string }; result: TraceJsonSpan | null };
  /** Crosses from the worker as JSON text, parsed by the client (see EngineResponse). */
  getTraceJson: { params: { traceIds: string[] }; result: TraceJsonDocument };
  /**
   * The same document as UTF-8 text, exactly `JSON.stringify` of it, for callers that write or
   * forward it. Shared memory (a SharedArrayBuffer the engine keeps): read it, never write to it.
   */
  getTraceJsonBytes: { params: { traceIds: string[] }; result: Uint8Array };
  /** A span's links named, and the spans linking to it (`limit` of them, default 1,000); null when the span is not stored. */
  getSpanLinks: { params: { traceId: string; spanId: string; offset?: number; limit?: number }; result: SpanLinksInfo | null };
  /** One trace as an OTLP/JSON ExportTraceServiceRequest (re-export to other tools). */
  exportOtlpJson: { params: { traceId: string }; result: unknown };
  deleteTrace: { params: { traceId: string }; result: { deleted: boolean } };
  clear: { params: Record<string, never>; result: void };
  stats: { params: Record<string, never>; result: EngineStats };
  importFiles: { params: { paths: string[] }; result: ImportFileResult[] };
  saveSnapshot: { params: Record<string, never>; result: { path: string | null; bytes: number } };
  setPromptWorkspace: { params: PromptWorkspaceSettings; result: PromptWorkspaceState };
  /** Workspace-relative paths reported by the file watcher. */
  promptFilesChanged: { params: { changed: string[]; deleted: string[] }; result: { templates: number } };
  /** Usage of the templates of one workspace file (relative path), for CodeLens. */
  promptUsage: { params: { path: string }; result: PromptTemplateUsage[] };
  /** For each linked input message of a span: placeholder values and whether the template changed. */
  promptRendered: { params: { traceId: string; spanId: string }; result: RenderedPromptView[] };
  /** Totals, breakdowns, series, runs and costliest calls of a window (protocol/cost.ts). */
  costReport: { params: CostQuery; result: CostReport };
  /** Log records without a trace id, newest first (protocol/untraced-logs.ts). */
  listUntracedLogs: { params: UntracedLogQuery; result: UntracedLogPage };
  getUntracedLog: { params: { id: number }; result: UntracedLogRecord | null };
  /** The window's or one trace's calls re-priced with another model. */
  whatIfCost: { params: WhatIfQuery; result: WhatIfResult };
}
export type EngineMethod = keyof EngineMethods;

export type EngineRequest = {
  [M in EngineMethod]: { kind: 'request'; id: number; method: M; params: EngineMethods[M]['params'] };
}[EngineMethod];

export type EngineResponse =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  /**
   * A result sent as its JSON text in UTF-8 (the engine keeps Trace JSON documents serialized, in
   * shared memory): the bytes are shared with the caller, not copied, instead of a structured clone
   * of an object graph; the client decodes and parses them.
   */
  | { kind: 'response'; id: number; ok: true; json: Uint8Array }
  | { kind: 'response'; id: number; ok: false; error: string };

export type EngineLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type EngineEvent =
  /** Debounced: the traces touched since the last event (inserted, updated, evicted or deleted). */
  | { kind: 'event'; type: 'changed'; traceIds: string[]; evictedTraceIds: string[]; untracedLogs?: true; stats: EngineStats }
  | { kind: 'event'; type: 'receiver'; state: ReceiverState }
  | { kind: 'event'; type: 'log'; level: EngineLogLevel; message: string };

export type WorkerToCaller = EngineResponse | EngineEvent;
export type { TraceJsonTrace };

/** What the extension host's views and panels need from the engine (implemented by the worker client). */
export interface EngineClientLike {
  call<M extends EngineMethod>(method: M, params: EngineMethods[M]['params']): Promise<EngineMethods[M]['result']>;
  onEvent(listener: (event: EngineEvent) => void): { dispose(): void };
}
