/**
 * The status bar item: receiver state and endpoint and span count (session cost in the tooltip); a warning
 * background when something needs attention (busy port replaced, spans rejected, traces evicted),
 * an error background when the receiver could not start. A click offers the main commands.
 */
import * as vscode from 'vscode';
import { describeReceiver } from './output-log';
import type { EngineStatus } from './engine-status';
import { formatCost, formatCount } from '../analysis/format';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tracelight.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly status: EngineStatus) {
    this.item.name = 'Tracelight';
    this.item.command = 'tracelight.showQuickActions';
    this.subscription = status.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  /** The visible text (tests read it). */
  get text(): string {
    return this.item.text;
  }

  render(): void {
    const { receiver, stats, sessionCost, engineError } = this.status;
    const notes: string[] = [];
    let background: string | undefined;
    let text: string;
    if (engineError) {
      text = '$(error) Tracelight: engine failed';
      background = 'statusBarItem.errorBackground';
      notes.push(engineError);
    } else if (receiver.error) {
      text = '$(error) Tracelight: receiver failed';
      background = 'statusBarItem.errorBackground';
      notes.push(receiver.error);
    } else if (!receiver.running || !receiver.http) {
      text = '$(debug-disconnect) Tracelight: stopped';
    } else {
      text = `$(radio-tower) :${receiver.http.port}`;
      const replaced = [receiver.http, receiver.grpc].filter((e) => e && e.requestedPort !== undefined && e.requestedPort !== e.port);
      for (const e of replaced) notes.push(`Port ${e!.requestedPort} was busy; using ${e!.port}.`);
      if (replaced.length) background = 'statusBarItem.warningBackground';
    }
    if (stats) {
      text += ` · ${formatCount(stats.spanCount)} ${stats.spanCount === 1 ? 'span' : 'spans'}`;
      if (stats.rejectedSpans > 0) {
        notes.push(`${stats.rejectedSpans} span(s) rejected as malformed (see the output log).`);
        background ??= 'statusBarItem.warningBackground';
      }
      if (stats.evictedTraces > 0) {
        notes.push(`${stats.evictedTraces} oldest trace(s) (${stats.evictedSpans} spans) evicted by the retention limits.`);
        background ??= 'statusBarItem.warningBackground';
      }
      if (stats.requests.failed > 0) notes.push(`${stats.requests.failed} request(s) failed.`);
    }
    // The cost has its own item (cost-status.ts), coloured by the budget; the session's is in the tooltip.
    if (notes.length && !text.startsWith('$(error)')) text = text.replace('$(radio-tower)', '$(warning)');
    this.item.text = text;
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Tracelight**\n\n');
    tooltip.appendText(describeReceiver(receiver) + '\n');
    if (stats) {
      tooltip.appendText(`\n${stats.traceCount} traces, ${stats.spanCount} spans, ${stats.logCount} log records`);
      tooltip.appendText(`\nSession cost: ${formatCost(sessionCost.totalUsd)}${sessionCost.isLowerBound ? ' (at least)' : ''}`);
    }
    for (const note of notes) tooltip.appendText(`\n⚠ ${note}`);
    tooltip.appendMarkdown('\n\nClick for Tracelight commands.');
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
