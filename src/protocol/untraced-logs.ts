/**
 * Log records that belong to no trace (sent outside any span: startup lines, warnings, errors of a
 * worker that traces nothing). The store keeps the newest of them, within their own cap, and the
 * views list them apart from traces. No `vscode`, no DOM.
 */
/** One record as a list row: its body as text, clipped (a body may be megabytes). */
export interface UntracedLogRow {
  /** Stable while the record is stored; ids grow with arrival. */
  id: number;
  timeUnixMs: number;
  severityNumber?: number;
  severityText?: string;
  service: string;
  /** The body as text (a structured body as compact JSON), at most UNTRACED_LOG_PREVIEW_CHARS. */
  bodyPreview: string;
  /** Characters of the whole body as text. */
  bodyChars: number;
}

/** One record in full, as it arrived. */
export interface UntracedLogRecord {
  id: number;
  timeUnixMs: number;
  severityNumber?: number;
  severityText?: string;
  eventName?: string;
  body: unknown;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: { name: string; version?: string };
}

export interface UntracedLogPage {
  /** Newest first. */
  records: UntracedLogRow[];
  /** Records stored. */
  total: number;
  /** Records dropped by retention since the engine started (the oldest first). */
  evicted: number;
}

export interface UntracedLogQuery {
  /** Rows to return (0: only the counts); default 200, at most 1000. */
  limit?: number;
  offset?: number;
}

export const UNTRACED_LOG_PREVIEW_CHARS = 300;
export const UNTRACED_LOG_MAX_LIMIT = 1000;
