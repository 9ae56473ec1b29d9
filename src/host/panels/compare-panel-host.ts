/**
 * Compare panels: one per ordered pair of runs, on the generic panel layer, restored after a window
 * reload from the two trace ids the webview persisted. "Open in Diff Editor" goes to the diff
 * documents (host/compare/diff-documents.ts).
 */
import type * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { COMPARE_PANEL_VIEW_TYPE, comparePanelKey, type FromComparePanel, type ToComparePanel } from '../../protocol/compare-panel';
import { parseComparePanelState, parseFromComparePanel } from '../../protocol/compare-panel-guards';
import type { CompareDocuments } from '../compare/diff-documents';
import { ComparePanelSession } from './compare-panel-session';
import type { WebviewServices } from './panel-connection';
import { PanelRegistry } from './panel-registry';

export interface ComparePanels extends vscode.Disposable {
  /** Opens (or reveals) the comparison of run A (baseline) with run B. */
  open(traceIdA: string, traceIdB: string): void;
}

export function registerComparePanels(extensionUri: vscode.Uri, engine: EngineClientLike, services: WebviewServices, documents: CompareDocuments): ComparePanels {
  const registry: PanelRegistry<ToComparePanel, FromComparePanel, ComparePanelSession> = new PanelRegistry(
    {
      viewType: COMPARE_PANEL_VIEW_TYPE,
      entry: 'compare',
      label: 'compare panel',
      parse: parseFromComparePanel,
      keyFromState: (state) => {
        const ids = parseComparePanelState(state);
        return ids ? comparePanelKey(ids.traceIdA, ids.traceIdB) : null;
      },
      initialTitle: (key) => `Compare ${key.slice(0, 6)} ↔ ${key.slice(33, 39)}`,
      createSession: (key, tab) => {
        const [traceIdA, traceIdB] = key.split(':');
        return new ComparePanelSession(traceIdA, traceIdB, engine, { ...tab, openDiff: (a, b) => documents.openDiff(a, b) });
      },
    },
    { extensionUri, engine, services },
  );
  return {
    open: (traceIdA, traceIdB) => void registry.open(comparePanelKey(traceIdA, traceIdB)),
    dispose: () => registry.dispose(),
  };
}
