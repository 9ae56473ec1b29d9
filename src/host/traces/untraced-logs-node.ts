/**
 * The Traces tree's "Logs without a trace (N)" node and its children, one per log record that
 * arrived outside any span. Bodies are telemetry: shown as one clipped line of text (control
 * characters blanked), never as markup; the whole record opens as a read-only JSON document.
 */
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { UNTRACED_LOG_MAX_LIMIT, type UntracedLogRow } from '../../protocol/untraced-logs';

export type UntracedLogsNode =
  | { type: 'untracedLogs'; total: number; evicted: number }
  | { type: 'untracedLog'; row: UntracedLogRow }
  /** The last row while more records are stored than listed: lists `count` more. */
  | { type: 'untracedLogsMore'; count: number; shown: number; total: number }
  /** After the node while no trace is stored: the guidance the empty view's welcome would give. */
  | { type: 'sendTracesHint' };

/** Rows listed under the node at first (the newest), and added by each "Show N more…". */
export const UNTRACED_LOGS_PAGE = 200;
/** Characters of the body on a row; the tooltip shows the whole preview. */
const ROW_BODY_CHARS = 120;
export const OPEN_UNTRACED_LOG_COMMAND = 'tracelight.openUntracedLog';
export const SHOW_MORE_UNTRACED_LOGS_COMMAND = 'tracelight.showMoreUntracedLogs';

/** The node's children: the newest `shown` records, then "Show N more…" while older ones are stored. */
export async function untracedLogChildren(engine: EngineClientLike, shown: number): Promise<UntracedLogsNode[]> {
  const rows = new Map<number, UntracedLogRow>();
  let asked = 0;
  let total = 0;
  // The engine lists at most UNTRACED_LOG_MAX_LIMIT rows a call.
  while (asked < shown) {
    const limit = Math.min(UNTRACED_LOG_MAX_LIMIT, shown - asked);
    const page = await engine.call('listUntracedLogs', { limit, offset: asked });
    total = page.total;
    // Records arriving between two calls shift the offsets: a row listed twice is listed once (ids are the items' ids).
    for (const row of page.records) rows.set(row.id, row);
    asked += limit;
    if (asked >= total) break;
  }
  const children: UntracedLogsNode[] = [...rows.values()].map((row) => ({ type: 'untracedLog', row }));
  if (total > asked) children.push({ type: 'untracedLogsMore', count: Math.min(UNTRACED_LOGS_PAGE, total - asked), shown: asked, total });
  return children;
}

/** OpenTelemetry severity numbers, by range (log data model). */
const SEVERITY_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export function severityName(row: Pick<UntracedLogRow, 'severityNumber' | 'severityText'>): string {
  if (row.severityText) return row.severityText;
  const n = row.severityNumber;
  return n !== undefined && n >= 1 && n <= 24 ? SEVERITY_NAMES[Math.floor((n - 1) / 4)] : 'LOG';
}

/** One line of plain text: control characters (escapes, NULs, newlines) blanked, runs of blanks folded, clipped. */
export function bodyLine(text: string, max = ROW_BODY_CHARS): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Seconds are enough on a row (the tooltip has the milliseconds): the row's room goes to the service. */
function clock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function untracedLogsItem(node: { total: number; evicted: number }): vscode.TreeItem {
  const item = new vscode.TreeItem(`Logs without a trace (${node.total})`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = 'untraced-logs';
  item.iconPath = new vscode.ThemeIcon('output');
  item.contextValue = 'untracedLogs';
  if (node.evicted > 0) item.description = `${node.evicted} oldest dropped`;
  const lines = ['Log records sent outside any span (no trace id), newest first.'];
  if (node.total > UNTRACED_LOGS_PAGE) lines.push(`The newest ${UNTRACED_LOGS_PAGE} are listed at first; "Show more" at the end lists older ones.`);
  if (node.evicted > 0) lines.push(`${node.evicted} older record(s) were dropped by retention.`);
  item.tooltip = lines.join('\n');
  return item;
}

/** The record's severity as a codicon: error, warning, info, or debug (TRACE and DEBUG). */
function severityIcon(row: Pick<UntracedLogRow, 'severityNumber' | 'severityText'>): vscode.ThemeIcon {
  const n = row.severityNumber ?? 0;
  const text = (row.severityText ?? '').toUpperCase();
  if (n >= 17 || (n === 0 && /^(ERR|FATAL|CRIT|ALERT|EMERG)/.test(text))) return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  if (n >= 13 || (n === 0 && text.startsWith('WARN'))) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  if ((n >= 1 && n <= 8) || (n === 0 && /^(DEBUG|TRACE)/.test(text))) return new vscode.ThemeIcon('debug');
  return new vscode.ThemeIcon('info');
}

/**
 * One record. What a narrow side bar must keep comes first: the severity as the icon (as the
 * Problems view shows it), the time and the service as the label; the body follows as the
 * description, the part that is cut. The tooltip and the screen reader label name the severity.
 */
export function untracedLogItem(row: UntracedLogRow): vscode.TreeItem {
  const severity = severityName(row);
  const body = bodyLine(row.bodyPreview) || '(empty body)';
  const item = new vscode.TreeItem(`${clock(row.timeUnixMs)} ${row.service}`, vscode.TreeItemCollapsibleState.None);
  item.id = `untraced-log:${row.id}`;
  item.description = body;
  item.iconPath = severityIcon(row);
  const clipped = row.bodyChars > row.bodyPreview.length ? `\n… (${row.bodyChars.toLocaleString('en-US')} characters in all; open it to see more)` : '';
  // A plain string tooltip is shown as text, never rendered as markdown.
  item.tooltip = `${new Date(row.timeUnixMs).toISOString()} ${severity} · ${row.service}\n\n${bodyLine(row.bodyPreview, 300)}${clipped}`;
  item.contextValue = 'untracedLog';
  item.command = { command: OPEN_UNTRACED_LOG_COMMAND, title: 'Open Log Record', arguments: [row.id] };
  item.accessibilityInformation = { label: `${severity} log from ${row.service}: ${body}` };
  return item;
}

export function untracedLogsMoreItem(node: { count: number; shown: number; total: number }): vscode.TreeItem {
  const item = new vscode.TreeItem(`Show ${node.count.toLocaleString('en-US')} more…`, vscode.TreeItemCollapsibleState.None);
  item.id = 'untraced-logs-more';
  item.description = `${node.shown.toLocaleString('en-US')} of ${node.total.toLocaleString('en-US')} listed`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'untracedLogsMore';
  item.command = { command: SHOW_MORE_UNTRACED_LOGS_COMMAND, title: 'Show More Log Records' };
  return item;
}

/**
 * Shown under the logs node while no trace is stored. VS Code shows a view's welcome text only while
 * the tree is empty, so once logs arrive the "how to send traces" guidance would vanish with it.
 */
export function sendTracesHintItem(): vscode.TreeItem {
  const item = new vscode.TreeItem('How to send traces…', vscode.TreeItemCollapsibleState.None);
  item.id = 'send-traces-hint';
  item.iconPath = new vscode.ThemeIcon('lightbulb');
  item.tooltip = 'Only log records outside any span have arrived, no spans. The getting-started walkthrough shows how to send traces to this receiver.';
  item.contextValue = 'sendTracesHint';
  item.command = { command: 'tracelight.showGettingStarted', title: 'How to Send Traces' };
  return item;
}
