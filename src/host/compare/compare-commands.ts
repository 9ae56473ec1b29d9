/**
 * Starting a comparison: "Compare Traces" on two traces selected in the Traces view, "Compare
 * with…" (a quick pick, most similar runs first; also the trace panel's action) and "Compare with
 * Previous Run" (the newest earlier run of the same flow and service). The older run is A, the
 * baseline; the newer is B.
 */
import * as vscode from 'vscode';
import { formatDuration, formatTokens } from '../../analysis/format';
import { previousRun, similarRuns } from '../../analysis/compare/similar-runs';
import type { EngineClientLike, TraceSummary } from '../../protocol/engine-api';
import type { ComparePanels } from '../panels/compare-panel-host';
import type { TracesNode } from '../traces/traces-tree';

/** Runs offered in the quick pick (the newest this many traces are searched). */
const CANDIDATES = 500;

function traceIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return /^[0-9a-f]{32}$/i.test(arg.trim()) ? arg.trim().toLowerCase() : undefined;
  const node = arg as TracesNode | undefined;
  if (node?.type === 'trace') return node.trace.traceId;
  if (node?.type === 'span') return node.traceId;
  return undefined;
}

export class CompareCommands implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly engine: EngineClientLike,
    private readonly panels: ComparePanels,
  ) {
    this.subscriptions = [
      vscode.commands.registerCommand('tracelight.compareTraces', (clicked?: unknown, selected?: unknown[]) => this.compareSelected(clicked, selected)),
      vscode.commands.registerCommand('tracelight.compareWith', (arg?: unknown) => this.compareWith(traceIdOf(arg))),
      vscode.commands.registerCommand('tracelight.compareWithPrevious', (arg?: unknown) => this.compareWithPrevious(traceIdOf(arg))),
    ];
  }

  /** The trace panel's "Compare with…" button. */
  compareWith = async (traceId: string | undefined): Promise<void> => {
    const base = await this.summary(traceId);
    if (!base) return;
    const candidates = await this.candidates();
    const previous = previousRun(base, candidates);
    const items = similarRuns(base, candidates).map((t) => ({
      label: t.name || t.traceId,
      description: `${t === previous ? 'previous run · ' : ''}${t.service} · ${new Date(t.startTimeUnixMs).toLocaleString()}`,
      detail: `${t.traceId}  ${t.status === 'error' ? 'error · ' : ''}${formatDuration(t.durationMs)} · ${formatTokens(t.usage.totalTokens)} · ${t.spanCount} spans`,
      trace: t,
    }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Tracelight: there is no other trace to compare with.');
      return;
    }
    const picked = await vscode.window.showQuickPick(items, { title: `Compare "${base.name}" with…`, placeHolder: 'Most similar runs first: same flow and service, newest first', matchOnDescription: true, matchOnDetail: true });
    if (picked) this.open(base, picked.trace);
  };

  private async compareWithPrevious(traceId: string | undefined): Promise<void> {
    const base = await this.summary(traceId);
    if (!base) return;
    const previous = previousRun(base, await this.candidates());
    if (!previous) {
      void vscode.window.showInformationMessage(`Tracelight: no earlier run of "${base.name}" (${base.service}) to compare with.`);
      return;
    }
    this.panels.open(previous.traceId, base.traceId);
  }

  private async compareSelected(clicked: unknown, selected: unknown[] | undefined): Promise<void> {
    const ids = [...new Set((selected && selected.length > 0 ? selected : [clicked]).map(traceIdOf).filter((id): id is string => !!id))];
    if (ids.length !== 2) {
      void vscode.window.showInformationMessage(`Tracelight: select two traces to compare (${ids.length} selected). "Compare with…" picks the second one for you.`);
      if (ids.length === 1) await this.compareWith(ids[0]);
      return;
    }
    const [x, y] = await Promise.all(ids.map((id) => this.summary(id)));
    if (x && y) this.open(x, y);
  }

  private open(x: TraceSummary, y: TraceSummary): void {
    const [a, b] = x.startTimeUnixMs <= y.startTimeUnixMs ? [x, y] : [y, x];
    this.panels.open(a.traceId, b.traceId);
  }

  /** The trace's summary; from the palette (no trace given), the user picks a recent one. */
  private async summary(traceId: string | undefined): Promise<TraceSummary | undefined> {
    if (!traceId) {
      const recent = (await this.engine.call('listTraces', { limit: 50 })).traces;
      const picked = await vscode.window.showQuickPick(
        recent.map((t) => ({ label: t.name || t.traceId, description: `${t.service} · ${new Date(t.startTimeUnixMs).toLocaleString()}`, detail: t.traceId, trace: t })),
        { title: 'Compare: choose a run', placeHolder: 'Newest first', matchOnDetail: true },
      );
      return picked?.trace;
    }
    const summary = await this.engine.call('getTraceSummary', { traceId });
    if (!summary) void vscode.window.showWarningMessage(`Tracelight has no trace ${traceId}.`);
    return summary ?? undefined;
  }

  private async candidates(): Promise<TraceSummary[]> {
    return (await this.engine.call('listTraces', { limit: CANDIDATES })).traces;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
