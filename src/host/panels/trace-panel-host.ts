/**
 * Trace panels: one webview panel per open trace, opened from other views (`open(traceId, spanId)`)
 * and restored after a window reload by the serializer. Each panel pairs the generic webview host
 * (shell, handshake, validation) with a TracePanelSession (data from the engine).
 */
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { TRACE_PANEL_VIEW_TYPE, type FromTracePanel, type ToTracePanel, type TracePanelActions } from '../../protocol/trace-panel';
import { parseFromTracePanel, parseTracePanelState } from '../../protocol/trace-panel-guards';
import { createWebviewPanel, WebviewPanelHost } from './webview-panel-host';
import { TracePanelSession } from './trace-panel-session';
import { resolveWorkspaceFile } from './open-location';

/** Handlers other features register; the panel shows their buttons only when present. */
export interface TracePanelActionHandlers {
  openPrompt?(traceId: string, spanId: string): void;
  compareWith?(traceId: string): void;
}

export interface TracePanels extends vscode.Disposable {
  open(traceId: string, spanId?: string): void;
  setActionHandlers?(handlers: TracePanelActionHandlers): void;
}

interface OpenPanel {
  host: WebviewPanelHost<ToTracePanel, FromTracePanel>;
  session: TracePanelSession;
}

async function openInEditor(file: string, line?: number, column?: number): Promise<void> {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const resolved = await resolveWorkspaceFile(file, roots);
  if (!resolved) {
    void vscode.window.showWarningMessage(`Tracelight: ${file} is not a file inside the workspace, so it was not opened.`);
    return;
  }
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(resolved), { selection: new vscode.Range(position, position), preview: true });
}

export function registerTracePanels(context: vscode.ExtensionContext, engine: EngineClientLike): TracePanels {
  const panels = new Map<string, OpenPanel>();
  let handlers: TracePanelActionHandlers = {};
  const actions = (): TracePanelActions => ({ openPrompt: !!handlers.openPrompt, compare: !!handlers.compareWith });
  const log = (message: string) => console.warn(`[tracelight] ${message}`);

  const attach = (panel: vscode.WebviewPanel, traceId: string, selectSpanId?: string): OpenPanel => {
    let session!: TracePanelSession;
    const host = new WebviewPanelHost<ToTracePanel, FromTracePanel>(panel, context.extensionUri, { entry: 'trace', title: 'Trace' }, parseFromTracePanel, {
      onReady: () => session.handle({ type: 'ready' }),
      onMessage: (message) => session.handle(message),
      onRejected: (reason) => log(`trace panel message rejected: ${reason}`),
      onDispose: () => {
        session.dispose();
        if (panels.get(traceId)?.host === host) panels.delete(traceId);
      },
    });
    session = new TracePanelSession(traceId, engine, {
      post: (message) => host.post(message),
      isReady: () => host.isReady,
      openLocation: openInEditor,
      copy: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
      openPrompt: (t, s) => handlers.openPrompt?.(t, s),
      compareWith: (t) => handlers.compareWith?.(t),
      log,
    }, actions, selectSpanId);
    const open: OpenPanel = { host, session };
    panels.set(traceId, open);
    void engine.call('getTraceSummary', { traceId }).then(
      (summary) => {
        if (summary?.name) panel.title = `Trace: ${summary.name}`;
      },
      () => undefined,
    );
    return open;
  };

  const subscriptions: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(TRACE_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const parsed = parseTracePanelState(state);
        // A panel saved without a usable trace id cannot be rebuilt; close it rather than show nothing.
        if (!parsed || panels.has(parsed.traceId)) {
          panel.dispose();
          return;
        }
        attach(panel, parsed.traceId);
      },
    }),
    engine.onEvent((event) => {
      for (const { session } of panels.values()) session.onEngineEvent(event);
    }),
  ];
  context.subscriptions.push(...subscriptions);

  return {
    open(traceId, spanId) {
      const existing = panels.get(traceId);
      if (existing) {
        existing.host.panel.reveal();
        if (spanId) existing.session.select(spanId);
        return;
      }
      const panel = createWebviewPanel(TRACE_PANEL_VIEW_TYPE, `Trace ${traceId.slice(0, 8)}`, context.extensionUri);
      attach(panel, traceId, spanId);
    },
    setActionHandlers(next) {
      handlers = next;
      for (const { host } of panels.values()) host.post({ type: 'actions', actions: actions() });
    },
    dispose() {
      for (const { host } of [...panels.values()]) host.dispose();
      panels.clear();
      for (const s of subscriptions) s.dispose();
    },
  };
}
