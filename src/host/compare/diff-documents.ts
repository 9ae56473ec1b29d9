/**
 * Read-only documents of one span of one run, for VS Code's own diff editor: scheme
 * `tracelight-compare`, path `/<traceId>/<spanId>/<label>.md`, the text from `spanText` (role
 * headers, tool calls as pretty JSON, no ids), fetched from the engine. They follow the store:
 * when a trace changes, its open documents are refreshed (a run still arriving), and a span that is
 * gone reads as such instead of failing.
 */
import * as vscode from 'vscode';
import { spanText } from '../../analysis/compare/pair-text';
import type { EngineClientLike } from '../../protocol/engine-api';

export const COMPARE_DOCUMENT_SCHEME = 'tracelight-compare';

const ID_PATH = /^\/([0-9a-f]{32})\/([0-9a-f]{16})\//;

/** The document URI of a span; `label` names the tab (run and span name), made safe for a path. */
export function spanDocumentUri(traceId: string, spanId: string, label: string): vscode.Uri {
  const safe = label.replace(/[\\/:*?"<>|#%\u0000-\u001f]+/g, ' ').trim().slice(0, 80) || 'span';
  return vscode.Uri.from({ scheme: COMPARE_DOCUMENT_SCHEME, path: `/${traceId}/${spanId}/${safe}.md` });
}

export function parseSpanDocumentUri(uri: vscode.Uri): { traceId: string; spanId: string } | null {
  const match = ID_PATH.exec(uri.path);
  return match ? { traceId: match[1], spanId: match[2] } : null;
}

export class CompareDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly engine: EngineClientLike) {
    const events = engine.onEvent((event) => {
      if (event.type !== 'changed') return;
      const touched = new Set([...event.traceIds, ...event.evictedTraceIds]);
      for (const doc of vscode.workspace.textDocuments) {
        const ids = doc.uri.scheme === COMPARE_DOCUMENT_SCHEME ? parseSpanDocumentUri(doc.uri) : null;
        if (ids && touched.has(ids.traceId)) this.changed.fire(doc.uri);
      }
    });
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(COMPARE_DOCUMENT_SCHEME, this),
      { dispose: () => events.dispose() },
      this.changed,
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ids = parseSpanDocumentUri(uri);
    if (!ids) return `This is not a Tracelight span document: ${uri.toString()}\n`;
    try {
      const span = await this.engine.call('getSpan', ids);
      return span ? spanText(span) : `Span ${ids.spanId} of trace ${ids.traceId} is not in Tracelight (any more).\n`;
    } catch (error) {
      return `Could not read span ${ids.spanId}: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  /** Opens the two spans side by side in the diff editor. */
  async openDiff(a: { traceId: string; spanId: string; name: string }, b: { traceId: string; spanId: string; name: string }): Promise<void> {
    const left = spanDocumentUri(a.traceId, a.spanId, `A ${a.name}`);
    const right = spanDocumentUri(b.traceId, b.spanId, `B ${b.name}`);
    const title = a.name === b.name ? `${b.name}: run A ↔ run B` : `${a.name} (A) ↔ ${b.name} (B)`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
