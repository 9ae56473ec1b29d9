/**
 * The status bar's cost item: the cost of the budget's window, coloured by the budget (warning from
 * 80%, error from 100%, one notification per crossing); a click opens the cost panel. Refreshed
 * when traces change (at most once a second) and when the budget or prices change.
 */
import * as vscode from 'vscode';
import { BudgetNotifier } from '../analysis/budget';
import type { EngineClientLike } from '../protocol/engine-api';
import { readSettings } from './config';
import { budgetMessage, costStatusText } from './cost-status-text';
import { utcOffset } from './panels/cost-panel-session';

const REFRESH_MS = 1000;

export class CostStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tracelight.cost', vscode.StatusBarAlignment.Left, 49);
  private readonly notifier = new BudgetNotifier();
  private readonly subscription: { dispose(): void };
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly engine: EngineClientLike, private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'Tracelight Cost';
    this.item.command = 'tracelight.showCost';
    this.subscription = engine.onEvent((e) => {
      if (e.type === 'changed' && !this.timer) this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
    });
    void this.refresh();
  }

  get text(): string {
    return this.item.text;
  }

  async refresh(): Promise<void> {
    this.timer = undefined;
    const { budgetUsd, budgetWindow } = readSettings().cost;
    const window = budgetUsd > 0 ? budgetWindow : 'today';
    try {
      const { totals } = await this.engine.call('costReport', { window, utcOffsetMinutes: utcOffset() });
      if (totals.calls === 0 && budgetUsd <= 0) {
        this.item.hide();
        return;
      }
      const view = costStatusText(totals, window, budgetUsd);
      this.item.text = view.text;
      this.item.tooltip = view.tooltip;
      this.item.backgroundColor = view.level === 'ok' ? undefined : new vscode.ThemeColor(`statusBarItem.${view.level}Background`);
      this.item.show();
      if (this.notifier.shouldNotify(view.level)) {
        const show = view.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
        void show(budgetMessage(view.level, totals, window, budgetUsd), 'Show Cost').then((choice) => choice && vscode.commands.executeCommand('tracelight.showCost'));
      }
    } catch (error) {
      this.log.warn(`could not compute the cost for the status bar: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
