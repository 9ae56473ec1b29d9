/**
 * The trace panel's message protocol: host → webview (`ToTracePanel`) and webview → host
 * (`FromTracePanel`), discriminated on `type`, each extending the messages every panel speaks
 * (`panel-messages.ts`). Both sides switch over `type` and end in
 * `assertNever`, so adding a message fails to compile until both sides handle it.
 *
 * Messages from the webview are untrusted (the webview renders telemetry from arbitrary
 * applications): the host validates each with `parseFromTracePanel` (trace-panel-guards.ts) before
 * acting on it. No `vscode`, no DOM here.
 */
import type { SpanLinksInfo, SpanRow, TraceSummary } from './engine-api';
import type { TraceJsonSpan } from './trace-json';
import type { CommonFromWebview, CommonToWebview } from './panel-messages';

export { assertNever } from './panel-messages';

export const TRACE_PANEL_VIEW_TYPE = 'tracelight.trace';

/** Actions offered by other parts of the extension; a hidden button stands for a missing handler. */
export interface TracePanelActions {
  openPrompt: boolean;
  compare: boolean;
  /** "Inspect retrieval" on retrieval and rerank spans, and on model calls of traces that retrieve. */
  inspectRetrieval?: boolean;
}

/** A span that requested or consumed a tool call, for links in the tool detail. */
export interface LinkedSpan {
  spanId: string;
  name: string;
}

/** A tool span's `toolLink` (rule in src/analysis/tool-links.ts) with the linked spans' names. */
export interface ToolCallLinks {
  /** The model call whose output asked for this tool call. */
  requestedBy?: LinkedSpan;
  /** The first model call that received this tool's result (later ones resend it as history). */
  consumedBy?: LinkedSpan;
}

export type ToTracePanel =
  /** The whole trace, after `ready` and whenever the panel must start over. */
  | {
      type: 'snapshot';
      traceId: string;
      summary: TraceSummary | null;
      rows: SpanRow[];
      actions: TracePanelActions;
      /** A span to select (opening a trace at a span); overrides the persisted selection. */
      selectSpanId?: string;
    }
  /** Spans added or changed since the last snapshot/update; existing rows keep their place. */
  | { type: 'spansChanged'; traceId: string; summary: TraceSummary | null; upserted: SpanRow[] }
  /** The trace was evicted by retention or deleted. */
  | { type: 'traceRemoved'; traceId: string }
  | { type: 'selectSpan'; spanId: string }
  /** `spanLinks`: the span's links named and the spans linking to it, when it has either. */
  | { type: 'spanDetail'; requestId: number; spanId: string; span: TraceJsonSpan | null; toolLinks?: ToolCallLinks; spanLinks?: SpanLinksInfo }
  | { type: 'searchResult'; requestId: number; query: string; spanIds: string[] }
  | { type: 'actions'; actions: TracePanelActions }
  | CommonToWebview;

/** What only the trace panel's webview sends; the session handles these. */
export type TracePanelRequest =
  | { type: 'requestSpan'; requestId: number; spanId: string }
  /** Search names, attributes and content of every span in the trace. */
  | { type: 'search'; requestId: number; query: string }
  | { type: 'openPrompt'; spanId: string }
  /** The workspace lines an input message came from (its `source`); opened only inside the workspace. */
  | { type: 'openSource'; spanId: string; path: string; startLine: number; endLine: number }
  | { type: 'compareWith'; traceId: string }
  /** The whole span as JSON in an editor: values too long for the panel are clipped there. */
  | { type: 'openSpanInEditor'; spanId: string }
  | { type: 'inspectRetrieval'; spanId: string };

/** Everything the trace panel's webview sends: the common panel messages and its own. */
export type FromTracePanel = CommonFromWebview | TracePanelRequest;

export type ToTracePanelType = ToTracePanel['type'];
export type FromTracePanelType = FromTracePanel['type'];

/** State the webview persists with `vscode.setState` and the serializer hands back after reload. */
export interface TracePanelPersistedState {
  traceId: string;
  selectedSpanId?: string;
  /** Collapsed rows (the default is expanded), capped to keep the state small. */
  collapsed?: string[];
  /** Width of the tree+waterfall pane, as a fraction of the panel (0.2–0.8). */
  split?: number;
  /** Width of the name column inside the left pane, as a fraction (0.2–0.8). */
  nameColumn?: number;
  rawContent?: boolean;
  scrollTop?: number;
}
