/**
 * What the cost panel asks of VS Code: a price for an unpriced model (written to
 * `tracelight.prices`), the budget, and saving the breakdown as CSV.
 */
import * as vscode from 'vscode';
import type { CostWindow } from '../protocol/cost';
import { COST_WINDOWS } from '../protocol/cost';
import { addUserPrice, readSettings, updateBudget } from './config';
import type { CostPanelActions } from './panels/cost-panel-session';

const WINDOW_LABELS: Record<CostWindow, string> = { '15m': 'Last 15 minutes', '1h': 'Last hour', today: 'Today (since local midnight)', all: 'Everything in the store' };

/** A non-negative number typed by the user, or an explanation of why not. */
export function validPrice(text: string, optional = false): string | undefined {
  if (optional && text.trim() === '') return undefined;
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? undefined : 'A non-negative number of USD per million tokens, e.g. 0.15';
}

async function askNumber(prompt: string, placeHolder: string, optional = false): Promise<number | null | undefined> {
  const text = await vscode.window.showInputBox({ prompt, placeHolder, ignoreFocusOut: true, validateInput: (t) => validPrice(t, optional) });
  if (text === undefined) return undefined; // cancelled
  return text.trim() === '' ? null : Number(text);
}

export function costPanelActions(log: vscode.LogOutputChannel): CostPanelActions {
  return {
    budget() {
      const { budgetUsd, budgetWindow } = readSettings().cost;
      return budgetUsd > 0 ? { limitUsd: budgetUsd, window: budgetWindow } : null;
    },
    async addPrice(model) {
      const input = await askNumber(`Price of ${model}: USD per million input tokens`, 'e.g. 0.15');
      if (input === undefined || input === null) return;
      const output = await askNumber(`Price of ${model}: USD per million output tokens`, 'e.g. 0.60');
      if (output === undefined || output === null) return;
      const cacheRead = await askNumber(`Price of ${model}: USD per million cached input tokens (empty: the input price)`, 'e.g. 0.075', true);
      if (cacheRead === undefined) return;
      await addUserPrice(model, { input, output, ...(cacheRead !== null ? { cacheRead } : {}) });
      log.info(`tracelight.prices: added ${model} (${input} in / ${output} out per million tokens)`);
    },
    async setBudget() {
      const current = readSettings().cost;
      const usd = await vscode.window.showInputBox({
        prompt: 'Cost budget in USD (0 for none)', value: String(current.budgetUsd), ignoreFocusOut: true,
        validateInput: (t) => validPrice(t) && 'A non-negative number of USD, e.g. 5',
      });
      if (usd === undefined) return;
      const picked = await vscode.window.showQuickPick(COST_WINDOWS.map((w) => ({ label: WINDOW_LABELS[w], window: w, picked: w === current.budgetWindow })), { title: 'The budget applies to' });
      if (!picked) return;
      await updateBudget(Number(usd), picked.window);
    },
    async saveCsv(csv) {
      const target = await vscode.window.showSaveDialog({ filters: { CSV: ['csv'] }, saveLabel: 'Export', defaultUri: vscode.Uri.file(`tracelight-cost-${new Date().toISOString().slice(0, 10)}.csv`) });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(csv));
      log.info(`cost breakdown exported to ${target.fsPath}`);
    },
  };
}
