/**
 * The cost panel: one per window ("Tracelight: Show Cost", the cost item in the status bar), on the
 * generic panel layer, restored after a reload. Settings changes (prices, budget) refresh it.
 */
import type * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { COST_PANEL_KEY, COST_PANEL_VIEW_TYPE, type FromCostPanel, type ToCostPanel } from '../../protocol/cost-panel';
import { parseCostPanelState, parseFromCostPanel } from '../../protocol/cost-panel-guards';
import { CostPanelSession, type CostPanelActions } from './cost-panel-session';
import type { WebviewServices } from './panel-connection';
import { PanelRegistry } from './panel-registry';

export interface CostPanels extends vscode.Disposable {
  open(): void;
  /** Prices or the budget changed: open panels fetch their report again. */
  refresh(): void;
}

export function registerCostPanels(extensionUri: vscode.Uri, engine: EngineClientLike, services: WebviewServices, actions: CostPanelActions): CostPanels {
  const registry = new PanelRegistry<ToCostPanel, FromCostPanel, CostPanelSession>(
    {
      viewType: COST_PANEL_VIEW_TYPE,
      entry: 'cost',
      label: 'cost panel',
      parse: parseFromCostPanel,
      keyFromState: (state) => (parseCostPanelState(state) ? COST_PANEL_KEY : null),
      initialTitle: () => 'Cost',
      createSession: (_key, tab) => new CostPanelSession(tab, engine, actions),
    },
    { extensionUri, engine, services },
  );
  return {
    open: () => void registry.open(COST_PANEL_KEY),
    refresh: () => {
      for (const session of registry.sessions()) void session.refresh();
    },
    dispose: () => registry.dispose(),
  };
}
