/**
 * The Traces tree: newest traces first (optionally grouped by service or session), each expanding
 * into its span tree. It asks the engine for what it shows (a page of summaries, one trace's span
 * rows) and keeps only that; every `changed` event from the engine becomes, through
 * `CoalescedRefresh`, at most one reload per interval, never one per span.
 */
import * as vscode from 'vscode';
import type { EngineClientLike, ListTracesQuery, SpanRow, TraceSummary } from '../../protocol/engine-api';
import { CoalescedRefresh } from '../coalesced-refresh';
import type { TraceGrouping } from '../settings';
import { buildSpanTree, type SpanTree, type SpanTreeRow } from '../../analysis/span-tree';
import { groupTraces, type TraceGroup } from './trace-groups';
import { SPAN_KIND_ICONS, spanDescription, traceDescription, traceLabel, traceTooltipLines } from './trace-labels';
import { sendTracesHintItem, UNTRACED_LOGS_PAGE, untracedLogChildren, untracedLogItem, untracedLogsItem, untracedLogsMoreItem, type UntracedLogsNode } from './untraced-logs-node';

export type TracesNode =
  | UntracedLogsNode
  | { type: 'group'; group: TraceGroup; grouping: Exclude<TraceGrouping, 'none'> }
  | { type: 'trace'; trace: TraceSummary }
  | { type: 'span'; traceId: string; tree: SpanTree<SpanRow>; index: number };

export interface TraceFilter {
  text: string;
  errorsOnly: boolean;
  /** Only these traces (Show Traces Using This Prompt), with what they share for the message. */
  traceIds?: string[];
  label?: string;
}

/** Shortest time between two reloads caused by incoming telemetry. */
const RELOAD_INTERVAL_MS = 300;

export class TracesTreeProvider implements vscode.TreeDataProvider<TracesNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TracesNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly loadedEmitter = new vscode.EventEmitter<void>();
  /** Fires after every reload (the view updates its message; tests wait on it). */
  readonly onDidLoad = this.loadedEmitter.event;

  traces: TraceSummary[] = [];
  /** Traces matching the filter in the engine (may exceed what is shown). */
  total = 0;
  filter: TraceFilter = { text: '', errorsOnly: false };
  grouping: TraceGrouping = 'none';
  maxShown = 500;
  loadError: string | undefined;
  /** Log records without a trace: how many are stored and were dropped (shown above the traces). */
  untracedLogs = { total: 0, evicted: 0 };
  /** How many of them are listed under their node; each "Show N more…" adds a page. */
  untracedLogsShown = UNTRACED_LOGS_PAGE;

  private loaded = false;
  /** The service is worth repeating on every row only when the rows differ in it. */
  private manyServices = false;
  private readonly spanTrees = new Map<string, Promise<SpanTree<SpanRow>>>();
  private readonly reloads: CoalescedRefresh;
  private readonly subscription: { dispose(): void };

  constructor(private readonly engine: EngineClientLike, onError: (error: unknown) => void) {
    this.reloads = new CoalescedRefresh(() => this.reload(), RELOAD_INTERVAL_MS, onError);
    this.subscription = engine.onEvent((event) => {
      if (event.type !== 'changed') return;
      for (const id of event.traceIds) this.spanTrees.delete(id);
      for (const id of event.evictedTraceIds) this.spanTrees.delete(id);
      this.reloads.request();
    });
  }

  /** Number of reloads so far: lets tests check that bursts are coalesced. */
  get reloadCount(): number {
    return this.reloads.runs;
  }

  requestReload(): void {
    this.reloads.request();
  }

  /** Reloads now (commands that change the list want the result before they return). */
  async reload(): Promise<void> {
    const query: ListTracesQuery = { limit: this.maxShown };
    if (this.filter.text) query.text = this.filter.text;
    if (this.filter.errorsOnly) query.status = 'error';
    const untraced = this.engine.call('listUntracedLogs', { limit: 0 }).catch(() => null);
    try {
      const page = await this.engine.call('listTraces', query);
      const only = this.filter.traceIds && new Set(this.filter.traceIds);
      this.traces = only ? page.traces.filter((t) => only.has(t.traceId)) : page.traces;
      this.total = only ? this.traces.length : page.total;
      this.manyServices = new Set(page.traces.map((t) => t.service)).size > 1;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    }
    const counts = await untraced;
    this.untracedLogs = counts ? { total: counts.total, evicted: counts.evicted } : { total: 0, evicted: 0 };
    this.loaded = true;
    this.spanTrees.clear();
    this.changeEmitter.fire(undefined);
    this.loadedEmitter.fire();
  }

  /** Lists another page of older log records without a trace. */
  showMoreUntracedLogs(): void {
    this.untracedLogsShown += UNTRACED_LOGS_PAGE;
    this.changeEmitter.fire(undefined);
  }

  /** Re-renders without asking the engine (ages like "2 min ago" move on). */
  rerender(): void {
    this.changeEmitter.fire(undefined);
  }

  async getChildren(parent?: TracesNode): Promise<TracesNode[]> {
    if (!parent) {
      if (!this.loaded) await this.reload();
      // Not while filtering: a filter selects traces.
      const filtered = Boolean(this.filter.text) || this.filter.errorsOnly || Boolean(this.filter.traceIds);
      const logs: TracesNode[] = this.untracedLogs.total > 0 && !filtered ? [{ type: 'untracedLogs', ...this.untracedLogs }] : [];
      if (logs.length > 0 && this.traces.length === 0) logs.push({ type: 'sendTracesHint' });
      if (this.grouping === 'none') return [...logs, ...this.traces.map((trace): TracesNode => ({ type: 'trace', trace }))];
      const grouping = this.grouping;
      return [...logs, ...groupTraces(this.traces, grouping).map((group): TracesNode => ({ type: 'group', group, grouping }))];
    }
    switch (parent.type) {
      case 'untracedLogs':
        return untracedLogChildren(this.engine, this.untracedLogsShown);
      case 'untracedLog':
      case 'untracedLogsMore':
      case 'sendTracesHint':
        return [];
      case 'group':
        return parent.group.traces.map((trace) => ({ type: 'trace', trace }));
      case 'trace': {
        const traceId = parent.trace.traceId;
        const tree = await this.spanTree(traceId);
        return tree.roots.map((index) => ({ type: 'span', traceId, tree, index }));
      }
      case 'span': {
        const { traceId, tree } = parent;
        return tree.rows[parent.index].children.map((index) => ({ type: 'span', traceId, tree, index }));
      }
    }
  }

  /** The span tree of one trace (cached until the trace changes). */
  spanTree(traceId: string): Promise<SpanTree<SpanRow>> {
    let tree = this.spanTrees.get(traceId);
    if (!tree) {
      tree = this.engine.call('getSpanRows', { traceId }).then((rows) => buildSpanTree(rows));
      // A failed fetch is not cached: the next expansion asks again.
      tree.catch(() => this.spanTrees.delete(traceId));
      this.spanTrees.set(traceId, tree);
    }
    return tree;
  }

  getTreeItem(element: TracesNode): vscode.TreeItem {
    switch (element.type) {
      case 'untracedLogs':
        return untracedLogsItem(element);
      case 'untracedLog':
        return untracedLogItem(element.row);
      case 'untracedLogsMore':
        return untracedLogsMoreItem(element);
      case 'sendTracesHint':
        return sendTracesHintItem();
      case 'group': {
        const item = new vscode.TreeItem(element.group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${element.group.key}`;
        const n = element.group.traces.length;
        item.description = `${n} ${n === 1 ? 'trace' : 'traces'}`;
        item.iconPath = new vscode.ThemeIcon(element.grouping === 'service' ? 'server-process' : 'comment-discussion');
        item.contextValue = 'group';
        return item;
      }
      case 'trace':
        return this.traceItem(element.trace);
      case 'span':
        return spanItem(element.traceId, element.tree.rows[element.index]);
    }
  }

  private traceItem(trace: TraceSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(
      traceLabel(trace),
      trace.spanCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `trace:${trace.traceId}`;
    item.description = traceDescription(trace, Date.now(), { showService: this.grouping !== 'service' && this.manyServices });
    item.tooltip = traceTooltipLines(trace).join('\n');
    item.iconPath = trace.status === 'error'
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : new vscode.ThemeIcon('pulse', new vscode.ThemeColor('charts.green'));
    item.contextValue = 'trace';
    item.command = { command: 'tracelight.openTrace', title: 'Open Trace', arguments: [trace.traceId] };
    item.accessibilityInformation = { label: `${traceLabel(trace)}, ${item.description}${trace.status === 'error' ? ', failed' : ''}` };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.reloads.dispose();
    this.changeEmitter.dispose();
    this.loadedEmitter.dispose();
  }
}

function spanItem(traceId: string, node: SpanTreeRow<SpanRow>): vscode.TreeItem {
  const row = node.span;
  const item = new vscode.TreeItem(
    row.name || '(unnamed span)',
    node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `span:${traceId}:${row.spanId}`;
  item.description = (node.orphan ? 'parent missing · ' : '') + spanDescription(row);
  const icon = SPAN_KIND_ICONS[row.kind] ?? SPAN_KIND_ICONS.other;
  item.iconPath = row.status === 'error'
    ? new vscode.ThemeIcon(icon, new vscode.ThemeColor('errorForeground'))
    : new vscode.ThemeIcon(icon);
  const lines = [`${row.name} (${row.kind})`, `Span ${row.spanId}`, `Service: ${row.service}`];
  if (row.status === 'error') lines.push('Status: error');
  if (node.orphan) lines.push(`Parent span ${row.parentSpanId} has not been received.`);
  item.tooltip = lines.join('\n');
  // Retrieval steps get their own value so the menu can offer "Inspect Retrieval" on them.
  item.contextValue = row.kind === 'retrieval' || row.kind === 'rerank' ? 'retrievalSpan' : 'span';
  item.command = { command: 'tracelight.openTrace', title: 'Open Trace', arguments: [traceId, row.spanId] };
  return item;
}
