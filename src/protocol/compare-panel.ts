/**
 * The compare panel's message protocol (host → webview `ToComparePanel`, webview → host
 * `FromComparePanel`), on top of the messages every panel speaks. The host sends the whole
 * comparison after `ready` and again whenever either run changes (a run still arriving); span
 * details are fetched per selected pair. No `vscode`, no DOM here.
 */
import type { AlignedRow, CompareJson } from './compare-json';
import type { CommonFromWebview, CommonToWebview } from './panel-messages';
import type { SpanKind, SpanStatus, TraceJsonSpan } from './trace-json';

export const COMPARE_PANEL_VIEW_TYPE = 'tracelight.compare';

/** What a row of the aligned tree shows of one run's span. */
export interface CompareSpanBrief {
  spanId: string;
  name: string;
  kind: SpanKind;
  status: SpanStatus;
  /** Start relative to its run's start: both runs share one time axis from 0. */
  offsetMs: number;
  durationMs: number;
}

export interface CompareRowView extends Omit<AlignedRow, 'a' | 'b'> {
  a: CompareSpanBrief | null;
  b: CompareSpanBrief | null;
}

export interface CompareView {
  comparison: CompareJson;
  rows: CompareRowView[];
}

export type ToComparePanel =
  | CommonToWebview
  /** The comparison, after `ready` and whenever a run changed. */
  | { type: 'comparison'; view: CompareView }
  /** A run is not (or no longer) in the store. */
  | { type: 'missing'; traceIds: string[] }
  /** The two spans of a row (null where the row has none). */
  | { type: 'pairDetail'; requestId: number; a: TraceJsonSpan | null; b: TraceJsonSpan | null };

export type ComparePanelRequest =
  | { type: 'requestPair'; requestId: number; a: string | null; b: string | null }
  /** Open the two spans in VS Code's diff editor. */
  | { type: 'openDiff'; a: string; b: string };

export type FromComparePanel = CommonFromWebview | ComparePanelRequest;

/** The webview's persisted view state; it holds the panel's key (both trace ids). */
export interface ComparePanelPersistedState {
  traceIdA: string;
  traceIdB: string;
  selected?: { a: string | null; b: string | null };
  split?: number;
}

/** The panel's key: one panel per ordered pair of runs. */
export const comparePanelKey = (traceIdA: string, traceIdB: string) => `${traceIdA}:${traceIdB}`;
