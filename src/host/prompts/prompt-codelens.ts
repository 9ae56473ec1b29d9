/**
 * CodeLens above every template that recent model calls used: calls, tokens, cost, p50 latency and
 * errors, refreshed (debounced) when traces arrive or files change. Clicking lists the spans.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatCompact, formatCost, formatDuration } from '../../analysis/format';
import type { EngineClientLike, PromptTemplateUsage } from '../../protocol/engine-api';
import { codeLensEnabled, promptRoot } from './prompt-settings';

const REFRESH_MS = 750;

export function usageTitle(u: PromptTemplateUsage): string {
  const parts = [`${u.calls} ${u.calls === 1 ? 'call' : 'calls'}`, `${formatCompact(u.totalTokens)} tokens`];
  if (u.costUsd !== null) parts.push(formatCost(u.costUsd));
  parts.push(`p50 ${formatDuration(u.p50DurationMs)}`);
  if (u.errors > 0) parts.push(`${u.errors} ${u.errors === 1 ? 'error' : 'errors'}`);
  return `Tracelight: ${parts.join(' · ')}`;
}

/** The workspace-relative path of a document, when it is a local file inside the prompt root. */
export function workspacePathOf(uri: vscode.Uri): string | undefined {
  const root = promptRoot();
  if (!root || uri.scheme !== 'file') return undefined;
  const rel = path.relative(root.uri.fsPath, uri.fsPath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
}

export class PromptCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly engine: EngineClientLike) {
    this.subscription = engine.onEvent((event) => {
      if (event.type === 'changed') this.refreshSoon();
    });
  }

  refreshSoon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.emitter.fire();
    }, REFRESH_MS);
  }

  async usageOf(document: vscode.TextDocument): Promise<PromptTemplateUsage[]> {
    const rel = workspacePathOf(document.uri);
    return rel ? this.engine.call('promptUsage', { path: rel }) : [];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled()) return [];
    const usage = await this.usageOf(document);
    return usage.map((u) => new vscode.CodeLens(new vscode.Range(u.startLine - 1, 0, u.startLine - 1, 0), {
      title: usageTitle(u),
      tooltip: `Model calls that used lines ${u.startLine}–${u.endLine} in recent traces. Click to list them.`,
      command: 'tracelight.prompts.showRecentSpans',
      arguments: [u],
    }));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
