/**
 * Trace panels: one per open trace, on the generic panel layer (PanelRegistry). Opened from other
 * views with `open(traceId, spanId)`, restored after a window reload from the state the webview
 * persisted. Other features register what "Open prompt" and "Compare with…" do through
 * `registerAction`; the buttons show only while a handler is registered.
 */
import type * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { TRACE_PANEL_VIEW_TYPE, type FromTracePanel, type ToTracePanel } from '../../protocol/trace-panel';
import { parseFromTracePanel, parseTracePanelState } from '../../protocol/trace-panel-guards';
import type { WebviewServices } from './panel-connection';
import { PanelRegistry } from './panel-registry';
import { TracePanelActionRegistry, type TracePanelAction, type TracePanelActionHandlers } from './trace-panel-actions';
import { TracePanelSession } from './trace-panel-session';

export type { TracePanelAction, TracePanelActionHandlers } from './trace-panel-actions';

export interface TracePanels extends vscode.Disposable {
  /** Opens the trace's panel (or reveals it), selecting `spanId` when given. */
  open(traceId: string, spanId?: string): void;
  registerAction<A extends TracePanelAction>(action: A, handler: TracePanelActionHandlers[A]): vscode.Disposable;
}

export function registerTracePanels(extensionUri: vscode.Uri, engine: EngineClientLike, services: WebviewServices): TracePanels {
  const actions = new TracePanelActionRegistry(() => {
    for (const session of registry.sessions()) session.actionsChanged();
  });
  const registry: PanelRegistry<ToTracePanel, FromTracePanel, TracePanelSession> = new PanelRegistry(
    {
      viewType: TRACE_PANEL_VIEW_TYPE,
      entry: 'trace',
      label: 'trace panel',
      parse: parseFromTracePanel,
      keyFromState: (state) => parseTracePanelState(state)?.traceId ?? null,
      initialTitle: (traceId) => `Trace ${traceId.slice(0, 8)}`,
      createSession: (traceId, tab) => {
        void engine.call('getTraceSummary', { traceId }).then(
          (summary) => summary?.name && tab.setTitle(`Trace: ${summary.name}`),
          () => undefined, // the tab keeps its id-based title; the panel itself reports the failure
        );
        const editor = {
          ...tab,
          openText: (content: string, language: string) => services.openText(content, language),
          openPrompt: (t: string, s: string) => actions.openPrompt(t, s),
          compareWith: (t: string) => actions.compareWith(t),
          openSource: (t: string, s: string, range: { path: string; startLine: number; endLine: number }) => actions.openSource(t, s, range),
          inspectRetrieval: (t: string, s: string) => actions.inspectRetrieval(t, s),
        };
        return new TracePanelSession(traceId, engine, editor, () => actions.available());
      },
    },
    { extensionUri, engine, services },
  );

  return {
    open(traceId, spanId) {
      const { session } = registry.open(traceId);
      if (spanId) session.select(spanId);
    },
    registerAction: (action, handler) => actions.register(action, handler),
    dispose: () => registry.dispose(),
  };
}
