/**
 * The cost panel's data side, without VS Code: asks the engine for the report of the chosen window,
 * sends it, refreshes it when traces change (at most once per `refreshMs`), answers what-if
 * questions, and passes settings changes and CSV export to the host's actions.
 */
import { budgetLevel } from '../../analysis/budget';
import { costBreakdownCsv } from '../../analysis/cost-csv';
import type { CostReport, CostWindow } from '../../protocol/cost';
import type { BudgetState, CostPanelRequest, ToCostPanel } from '../../protocol/cost-panel';
import type { EngineClientLike, EngineEvent } from '../../protocol/engine-api';
import { assertNever } from '../../protocol/panel-messages';
import type { PanelChannel, PanelSession } from './panel-connection';

/** What the panel asks of VS Code (settings, dialogs); the extension and the tests each supply one. */
export interface CostPanelActions {
  budget(): { limitUsd: number; window: CostWindow } | null;
  /** Asks for a price and writes it to `tracelight.prices`. */
  addPrice(model: string, provider?: string): Promise<void>;
  setBudget(): Promise<void>;
  saveCsv(csv: string): Promise<void>;
}

export class CostPanelSession implements PanelSession<CostPanelRequest> {
  private window: CostWindow = 'today';
  private report: CostReport | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly channel: PanelChannel<ToCostPanel>,
    private readonly engine: EngineClientLike,
    private readonly actions: CostPanelActions,
    private readonly refreshMs = 500,
  ) {}

  async onReady(): Promise<void> {
    await this.sendReport();
  }

  async handle(message: CostPanelRequest): Promise<void> {
    switch (message.type) {
      case 'setWindow':
        this.window = message.window;
        return this.sendReport();
      case 'whatIf': {
        const result = await this.engine.call('whatIfCost', { window: this.window, model: message.model, utcOffsetMinutes: utcOffset(), ...(message.traceId ? { traceId: message.traceId } : {}) });
        this.channel.post({ type: 'whatIf', requestId: message.requestId, result });
        return;
      }
      case 'addPrice':
        return this.actions.addPrice(message.model, message.provider);
      case 'setBudget':
        return this.actions.setBudget();
      case 'exportCsv':
        if (this.report) await this.actions.saveCsv(costBreakdownCsv(this.report));
        return;
      default:
        return assertNever(message, 'cost panel request');
    }
  }

  onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'changed' || this.disposed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sendReport();
    }, this.refreshMs);
  }

  /** Settings changed (prices, budget): the report is fetched again. */
  refresh(): Promise<void> {
    return this.sendReport();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async sendReport(): Promise<void> {
    if (this.disposed || !this.channel.isReady()) return;
    try {
      const report = await this.engine.call('costReport', { window: this.window, utcOffsetMinutes: utcOffset() });
      this.report = report;
      this.channel.post({ type: 'report', report, budget: this.budgetState(report) });
    } catch (e) {
      this.channel.post({ type: 'error', message: `Could not compute costs: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private budgetState(report: CostReport): BudgetState | null {
    const budget = this.actions.budget();
    if (!budget) return null;
    if (budget.window !== report.window) return { ...budget, spentUsd: null, level: 'ok' };
    return { ...budget, spentUsd: report.totals.costUsd, level: budgetLevel(report.totals.costUsd, budget.limitUsd) };
  }
}

/** Minutes east of UTC, so "today" starts at the user's midnight. */
export function utcOffset(): number {
  return -new Date().getTimezoneOffset();
}
