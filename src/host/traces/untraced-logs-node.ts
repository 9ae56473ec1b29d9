/**
 * The Traces tree's "Logs without a trace (N)" node and its children, one per log record that
 * arrived outside any span. Bodies are telemetry: shown as one clipped line of text (control
 * characters blanked), never as markup; the whole record opens as a read-only JSON document.
 */
import * as vscode from 'vscode';
import type { UntracedLogRow } from '../../protocol/untraced-logs';

export type UntracedLogsNode =
  | { type: 'untracedLogs'; total: number; evicted: number }
  | { type: 'untracedLog'; row: UntracedLogRow };

/** Rows listed under the node: the newest. */
export const UNTRACED_LOGS_SHOWN = 200;
/** Characters of the body on a row; the tooltip shows the whole preview. */
const ROW_BODY_CHARS = 120;
export const OPEN_UNTRACED_LOG_COMMAND = 'tracelight.openUntracedLog';

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

function clock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function untracedLogsItem(node: { total: number; evicted: number }): vscode.TreeItem {
  const item = new vscode.TreeItem(`Logs without a trace (${node.total})`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = 'untraced-logs';
  item.iconPath = new vscode.ThemeIcon('output');
  item.contextValue = 'untracedLogs';
  if (node.evicted > 0) item.description = `${node.evicted} oldest dropped`;
  const lines = ['Log records sent outside any span (no trace id), newest first.'];
  if (node.total > UNTRACED_LOGS_SHOWN) lines.push(`The newest ${UNTRACED_LOGS_SHOWN} are listed.`);
  if (node.evicted > 0) lines.push(`${node.evicted} older record(s) were dropped by retention.`);
  item.tooltip = lines.join('\n');
  return item;
}

export function untracedLogItem(row: UntracedLogRow): vscode.TreeItem {
  const severity = severityName(row);
  const body = bodyLine(row.bodyPreview) || '(empty body)';
  const item = new vscode.TreeItem(`${clock(row.timeUnixMs)} ${severity} ${body}`, vscode.TreeItemCollapsibleState.None);
  item.id = `untraced-log:${row.id}`;
  item.description = row.service;
  const n = row.severityNumber ?? 0;
  item.iconPath = n >= 17
    ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
    : n >= 13 ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('info');
  const clipped = row.bodyChars > row.bodyPreview.length ? `\n… (${row.bodyChars.toLocaleString('en-US')} characters in all; open it to see more)` : '';
  // A plain string tooltip is shown as text, never rendered as markdown.
  item.tooltip = `${new Date(row.timeUnixMs).toISOString()} ${severity} · ${row.service}\n\n${bodyLine(row.bodyPreview, 300)}${clipped}`;
  item.contextValue = 'untracedLog';
  item.command = { command: OPEN_UNTRACED_LOG_COMMAND, title: 'Open Log Record', arguments: [row.id] };
  item.accessibilityInformation = { label: `${severity} log from ${row.service}: ${body}` };
  return item;
}
