/**
 * The Traces view: the tree, its title-bar actions (filter, errors only, grouping, refresh), the
 * message above it, and the context keys its welcome content and menus depend on.
 */
import * as vscode from 'vscode';
import type { ReceiverState } from '../../protocol/engine-api';
import { updateGrouping } from '../config';
import type { TraceGrouping, TracelightSettings } from '../settings';
import { completeWalkthroughStep } from '../walkthrough';
import { receiverWelcome, tracesViewTitle } from './receiver-welcome';
import type { TraceFilter, TracesNode, TracesTreeProvider } from './traces-tree';
import { SHOW_MORE_UNTRACED_LOGS_COMMAND } from './untraced-logs-node';

export const TRACES_VIEW_ID = 'tracelight.traces';
/** How often visible ages ("2 min ago") are redrawn. */
const AGE_REDRAW_MS = 30_000;

function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

export class TracesView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<TracesNode>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Open the view when the first trace arrives (the demo workspace sets it); once per window. */
  private revealOnFirstTrace = false;
  private revealed = false;
  private sawTraces = false;

  constructor(private readonly provider: TracesTreeProvider) {
    this.treeView = vscode.window.createTreeView(TRACES_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
    const ageTimer = setInterval(() => { if (this.treeView.visible) provider.rerender(); }, AGE_REDRAW_MS);
    this.disposables.push(
      this.treeView,
      provider.onDidLoad(() => {
        this.updateMessage();
        this.revealIfFirstTrace();
      }),
      { dispose: () => clearInterval(ageTimer) },
      vscode.commands.registerCommand('tracelight.traces.refresh', () => provider.reload()),
      vscode.commands.registerCommand('tracelight.traces.filter', (text?: string) => this.promptFilter(text)),
      vscode.commands.registerCommand('tracelight.traces.clearFilter', () => this.setFilter({ text: '', errorsOnly: false })),
      vscode.commands.registerCommand('tracelight.traces.showErrorsOnly', () => this.setFilter({ ...provider.filter, errorsOnly: true })),
      vscode.commands.registerCommand('tracelight.traces.showAll', () => this.setFilter({ ...provider.filter, errorsOnly: false })),
      vscode.commands.registerCommand('tracelight.traces.filterByTraceIds', (traceIds?: unknown, label?: unknown) => {
        if (!Array.isArray(traceIds)) return undefined;
        const ids = traceIds.filter((id): id is string => typeof id === 'string');
        return this.setFilter({ text: '', errorsOnly: false, traceIds: ids, label: typeof label === 'string' ? label : 'a prompt' });
      }),
      vscode.commands.registerCommand('tracelight.traces.groupBy', (grouping?: TraceGrouping) => this.promptGrouping(grouping)),
      // The "Show N more…" row's command, like a record's open command not offered in the palette.
      vscode.commands.registerCommand(SHOW_MORE_UNTRACED_LOGS_COMMAND, () => provider.showMoreUntracedLogs()),
    );
    this.updateContextKeys();
  }

  /** Called at start and when a `tracelight.traces.*` setting changes. */
  applySettings({ groupBy: grouping, maxShown, revealOnFirstTrace }: TracelightSettings['traces']): void {
    this.revealOnFirstTrace = revealOnFirstTrace;
    const reload = maxShown !== this.provider.maxShown;
    this.provider.maxShown = maxShown;
    if (grouping !== this.provider.grouping) {
      this.provider.grouping = grouping;
      setContext('tracelight.groupBy', grouping);
      this.provider.rerender();
    }
    if (reload) this.provider.requestReload();
  }

  setReceiver(state: ReceiverState): void {
    setContext('tracelight.receiverRunning', state.running);
    // Picks the welcome text; the live endpoint (another port when the usual one was busy) is in
    // the title, which stays visible when the container's header replaces the view's.
    setContext('tracelight.receiverState', receiverWelcome(state));
    this.treeView.title = tracesViewTitle(state);
  }

  private async promptFilter(text?: string): Promise<void> {
    const value = text ?? await vscode.window.showInputBox({
      title: 'Filter Traces',
      prompt: 'Part of a trace name, service, trace id or session id (empty to clear)',
      value: this.provider.filter.text,
    });
    if (value === undefined) return;
    await this.setFilter({ ...this.provider.filter, text: value.trim() });
  }

  private async promptGrouping(grouping?: TraceGrouping): Promise<void> {
    const choice = grouping ?? (await vscode.window.showQuickPick(
      [
        { label: 'None', description: 'newest first', value: 'none' as const },
        { label: 'Service', description: 'service.name of the root span', value: 'service' as const },
        { label: 'Session', description: 'session / conversation id', value: 'session' as const },
      ],
      { title: 'Group Traces By' },
    ))?.value;
    if (choice) await updateGrouping(choice);
  }

  private async setFilter(filter: TraceFilter): Promise<void> {
    this.provider.filter = filter;
    this.updateContextKeys();
    await this.provider.reload();
  }

  private updateContextKeys(): void {
    setContext('tracelight.errorsOnly', this.provider.filter.errorsOnly);
    setContext('tracelight.filterActive', Boolean(this.provider.filter.text) || this.provider.filter.errorsOnly || Boolean(this.provider.filter.traceIds));
    setContext('tracelight.groupBy', this.provider.grouping);
  }

  /** Completes the getting-started walkthrough's first step ("Send a first trace"), once. */
  private noteFirstTraces(): void {
    if (this.sawTraces) return;
    this.sawTraces = true;
    setContext('tracelight.hasSeenTraces', true);
    completeWalkthroughStep('sendTrace');
  }

  private revealIfFirstTrace(): void {
    if (!this.revealOnFirstTrace || this.revealed || this.provider.traces.length === 0) return;
    this.revealed = true;
    void vscode.commands.executeCommand(`${TRACES_VIEW_ID}.focus`);
  }

  private updateMessage(): void {
    const p = this.provider;
    if (p.total > 0) this.noteFirstTraces();
    const filterParts: string[] = [];
    if (p.filter.text) filterParts.push(`"${p.filter.text}"`);
    if (p.filter.errorsOnly) filterParts.push('errors only');
    if (p.filter.traceIds) filterParts.push(`using ${p.filter.label ?? 'a prompt'}`);
    let message: string | undefined;
    if (p.loadError) {
      message = `Could not load traces: ${p.loadError}`;
    } else if (p.traces.length === 0 && filterParts.length > 0) {
      message = `No traces match ${filterParts.join(', ')}.`;
    } else if (filterParts.length > 0) {
      message = `Filter: ${filterParts.join(', ')} (${p.total} ${p.total === 1 ? 'trace' : 'traces'})`;
    } else if (p.total > p.traces.length) {
      message = `Showing the newest ${p.traces.length} of ${p.total} traces.`;
    }
    // A message hides the welcome content, so an empty, unfiltered tree never has one.
    this.treeView.message = message;
    this.treeView.badge = undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
