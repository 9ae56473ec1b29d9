/**
 * In a prompt file opened from a span: the value the run put in each placeholder, shown after it
 * (a decoration, cleared when the file is edited), and a notice when the template no longer renders
 * to what the run sent, with a diff of the two.
 */
import * as vscode from 'vscode';
import type { EngineClientLike, RenderedPromptView } from '../../protocol/engine-api';

const SCHEME = 'tracelight-prompt';
const MAX_SHOWN = 60;

const shown = (value: string) => {
  const flat = value.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN - 1)}…` : flat;
};

export class PromptValueHints implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorInlayHint.foreground'), backgroundColor: new vscode.ThemeColor('editorInlayHint.background'), margin: '0 0 0 0.4em', fontStyle: 'italic' },
  });
  private readonly texts = new Map<string, string>();
  private readonly decorated = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly changedEmitter = new vscode.EventEmitter<vscode.Uri>();

  constructor(private readonly engine: EngineClientLike) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
        onDidChange: this.changedEmitter.event,
        provideTextDocumentContent: (uri) => this.texts.get(uri.toString()) ?? '',
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const key = e.document.uri.toString();
        if (e.contentChanges.length === 0 || !this.decorated.delete(key)) return;
        for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) editor.setDecorations(this.decoration, []);
      }),
    ];
  }

  /** Decorates `editor` (showing `path`) with the values span `spanId` rendered into it. */
  async show(editor: vscode.TextEditor, path: string, traceId: string, spanId: string): Promise<RenderedPromptView[]> {
    const views = (await this.engine.call('promptRendered', { traceId, spanId })).filter((v) => v.path === path);
    const options: vscode.DecorationOptions[] = views.flatMap((v) => v.values.map((value) => ({
      range: new vscode.Range(value.line - 1, value.column, value.line - 1, value.endColumn),
      hoverMessage: new vscode.MarkdownString().appendText(`This run's value:\n\n${value.value}`),
      renderOptions: { after: { contentText: `= ${shown(value.value)}` } },
    })));
    editor.setDecorations(this.decoration, options);
    this.decorated.add(editor.document.uri.toString());
    const changed = views.find((v) => v.changed);
    if (changed) {
      void vscode.window.showInformationMessage(`Tracelight: ${path} changed since this run: lines ${changed.startLine}–${changed.endLine} no longer render to what the run sent.`, 'Compare').then((choice) => {
        if (choice) void this.compare(changed, spanId);
      });
    }
    return views;
  }

  /** VS Code's diff editor: what the run sent, against the template now rendered with the run's values. */
  async compare(view: RenderedPromptView, spanId: string): Promise<void> {
    const base = `${spanId}/${view.messageIndex}/${view.path.replace(/[^\w.-]+/g, '_')}`;
    const sent = vscode.Uri.from({ scheme: SCHEME, path: `/sent/${base}` });
    const current = vscode.Uri.from({ scheme: SCHEME, path: `/current/${base}` });
    this.texts.set(sent.toString(), view.sent);
    this.texts.set(current.toString(), view.current);
    await vscode.commands.executeCommand('vscode.diff', sent, current, `${view.path}: what the run sent ↔ the template now`);
  }

  dispose(): void {
    this.decoration.dispose();
    this.changedEmitter.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
