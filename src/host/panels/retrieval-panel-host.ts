/**
 * Retrieval inspectors on the generic panel layer: one panel per trace, opened on a retrieval or
 * rerank span (or on the model call that consumed one), moved to another span of the same trace
 * when opened again, restored after a window reload (the webview then asks for the span it showed).
 */
import type * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { RETRIEVAL_PANEL_VIEW_TYPE, type FromRetrievalPanel, type ToRetrievalPanel } from '../../protocol/retrieval-panel';
import { parseFromRetrievalPanel, parseRetrievalPanelState } from '../../protocol/retrieval-panel-guards';
import type { WebviewServices } from './panel-connection';
import { PanelRegistry } from './panel-registry';
import { RetrievalPanelSession } from './retrieval-panel-session';

export interface RetrievalPanels extends vscode.Disposable {
  open(traceId: string, spanId: string): void;
}

export function registerRetrievalPanels(extensionUri: vscode.Uri, engine: EngineClientLike, services: WebviewServices): RetrievalPanels {
  const registry = new PanelRegistry<ToRetrievalPanel, FromRetrievalPanel, RetrievalPanelSession>(
    {
      viewType: RETRIEVAL_PANEL_VIEW_TYPE,
      entry: 'retrieval',
      label: 'retrieval inspector',
      parse: parseFromRetrievalPanel,
      keyFromState: (state) => parseRetrievalPanelState(state)?.traceId ?? null,
      initialTitle: (traceId) => `Retrieval ${traceId.slice(0, 8)}`,
      createSession: (traceId, tab) => {
        void engine.call('getTraceSummary', { traceId }).then(
          (summary) => summary?.name && tab.setTitle(`Retrieval: ${summary.name}`),
          () => undefined,
        );
        return new RetrievalPanelSession(traceId, null, engine, tab);
      },
    },
    { extensionUri, engine, services },
  );
  return {
    open(traceId, spanId) {
      const { session } = registry.open(traceId);
      if (session.spanId !== spanId) void session.focus(spanId);
    },
    dispose: () => registry.dispose(),
  };
}
