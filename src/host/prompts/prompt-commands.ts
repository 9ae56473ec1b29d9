/**
 * Commands between spans and prompt files: Open Prompt (the trace panel's action and the Traces
 * tree's context menu), Open Call Site, the CodeLens's list of recent spans, and Show Traces Using
 * This Prompt. A file is opened only when it resolves inside the workspace.
 */
import * as vscode from 'vscode';
import type { EngineClientLike, PromptTemplateUsage } from '../../protocol/engine-api';
import type { SourceRange, TraceJsonSpan } from '../../protocol/trace-json';
import { resolveWorkspaceFile } from '../panels/open-location';
import type { TracePanels } from '../panels/trace-panel-host';
import type { TracesNode } from '../traces/traces-tree';
import type { PromptCodeLens } from './prompt-codelens';
import { promptRoot } from './prompt-settings';
import type { PromptValueHints } from './prompt-values';

function roots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Opens a workspace file with lines startLine..endLine selected; undefined when it is not inside the workspace. */
export async function openSourceRange(range: SourceRange): Promise<vscode.TextEditor | undefined> {
  const file = await resolveWorkspaceFile(range.path, promptRoot() ? [promptRoot()!.uri.fsPath] : roots());
  if (!file) {
    void vscode.window.showWarningMessage(`Tracelight: ${range.path} is not a file inside the workspace, so it was not opened.`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const last = Math.min(range.endLine, document.lineCount) - 1;
  const selection = new vscode.Selection(Math.max(0, range.startLine - 1), 0, last, document.lineAt(Math.max(0, last)).text.length);
  return vscode.window.showTextDocument(document, { selection, preview: true });
}

/** Every range the span's input messages came from, in message order, each once. */
export function promptRanges(span: TraceJsonSpan): (SourceRange & { label: string })[] {
  const out: (SourceRange & { label: string })[] = [];
  const add = (r: SourceRange, label: string) => {
    if (!out.some((o) => o.path === r.path && o.startLine === r.startLine && o.endLine === r.endLine)) out.push({ ...r, label });
  };
  span.input?.messages.forEach((m, i) => {
    if (!m.source) return;
    add(m.source, `${m.role} message ${i + 1}`);
    for (const c of m.source.contributors ?? []) add(c, `${m.role} message ${i + 1} (also)`);
    for (const c of m.source.candidates ?? []) add(c, `${m.role} message ${i + 1} (candidate)`);
  });
  return out;
}

async function pickRange(ranges: (SourceRange & { label: string })[], title: string): Promise<SourceRange | undefined> {
  if (ranges.length === 1) return ranges[0];
  const picked = await vscode.window.showQuickPick(
    ranges.map((r) => ({ label: `${r.path}:${r.startLine}–${r.endLine}`, description: r.label, range: r })),
    { title, placeHolder: 'Several files made this call\'s messages' },
  );
  return picked?.range;
}

function spanOf(arg: unknown, spanId?: string): { traceId: string; spanId: string } | undefined {
  if (typeof arg === 'string' && spanId) return { traceId: arg, spanId };
  const node = arg as TracesNode | undefined;
  if (node?.type === 'span') return { traceId: node.traceId, spanId: node.tree.rows[node.index].span.spanId };
  return undefined;
}

export function registerPromptCommands(engine: EngineClientLike, panels: TracePanels, codeLens: PromptCodeLens, hints: PromptValueHints): vscode.Disposable {
  /** Opens a span's source range and shows the values the span rendered into it. */
  const openFromSpan = async (traceId: string, spanId: string, range: SourceRange): Promise<void> => {
    const editor = await openSourceRange(range);
    if (editor) await hints.show(editor, range.path, traceId, spanId);
  };
  const openPrompt = async (traceId: string, spanId: string): Promise<void> => {
    const span = await engine.call('getSpan', { traceId, spanId });
    const ranges = span ? promptRanges(span) : [];
    if (ranges.length === 0) {
      void vscode.window.showInformationMessage('Tracelight: no message of this span came from a file in the workspace.');
      return;
    }
    const range = await pickRange(ranges, 'Open Prompt');
    if (range) await openFromSpan(traceId, spanId, range);
  };
  const openCallSite = async (traceId: string, spanId: string): Promise<void> => {
    for (let id: string | null = spanId, depth = 0; id && depth < 64; depth++) {
      const span: TraceJsonSpan | null = await engine.call('getSpan', { traceId, spanId: id });
      if (span?.code?.file) {
        if (span.code.workspacePath) await openSourceRange({ path: span.code.workspacePath, startLine: span.code.line ?? 1, endLine: span.code.line ?? 1 });
        else void vscode.window.showWarningMessage(`Tracelight: the call site ${span.code.file} is not in this workspace.`);
        return;
      }
      id = span?.parentSpanId ?? null;
    }
    void vscode.window.showInformationMessage('Tracelight: this span records no call site (code.* attributes).');
  };
  return vscode.Disposable.from(
    panels.registerAction('openPrompt', (t, s) => void openPrompt(t, s)),
    panels.registerAction('openSource', (t, s, range) => openFromSpan(t, s, range)),
    vscode.commands.registerCommand('tracelight.openPrompt', (arg?: unknown, spanId?: string) => {
      const target = spanOf(arg, spanId);
      return target ? openPrompt(target.traceId, target.spanId) : undefined;
    }),
    vscode.commands.registerCommand('tracelight.openCallSite', (arg?: unknown, spanId?: string) => {
      const target = spanOf(arg, spanId);
      return target ? openCallSite(target.traceId, target.spanId) : undefined;
    }),
    vscode.commands.registerCommand('tracelight.prompts.showRecentSpans', async (usage?: PromptTemplateUsage) => {
      if (!usage) return;
      const picked = await vscode.window.showQuickPick(usage.recentSpans.map((s) => ({
        label: s.name, description: `${new Date(s.startTimeUnixMs).toLocaleString()} · ${Math.round(s.durationMs)} ms${s.status === 'error' ? ' · error' : ''}`,
        detail: s.model, span: s,
      })), { title: `Recent calls using ${usage.path}:${usage.startLine}–${usage.endLine}`, placeHolder: 'Newest first' });
      if (picked) panels.open(picked.span.traceId, picked.span.spanId);
    }),
    vscode.commands.registerCommand('tracelight.prompts.showTracesUsingPrompt', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const line = editor.selection.active.line + 1;
      const usage = (await codeLens.usageOf(editor.document)).filter((u) => u.startLine <= line && line <= u.endLine);
      if (usage.length === 0) {
        void vscode.window.showInformationMessage('Tracelight: no recent trace used the template under the cursor.');
        return;
      }
      const traceIds = [...new Set(usage.flatMap((u) => u.traceIds))];
      await vscode.commands.executeCommand('tracelight.traces.filterByTraceIds', traceIds, `${usage[0].path}:${usage[0].startLine}`);
    }),
  );
}
