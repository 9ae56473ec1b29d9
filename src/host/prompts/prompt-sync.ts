/**
 * Keeps the engine's prompt index in step with the workspace: the folder and settings at start and
 * on change, then the file watcher's reports, batched (a checkout touching thousands of files
 * becomes a few messages). All reading and indexing happens on the engine's thread.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { PROMPT_SETTING_PREFIXES, promptRoot, promptWorkspaceSettings } from './prompt-settings';

const BATCH_MS = 300;

export class PromptSync implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the index changed (opened, or files changed). */
  readonly onDidChangeIndex = this.emitter.event;
  private readonly changed = new Set<string>();
  private readonly deleted = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private opened: Promise<void> = Promise.resolve();

  constructor(private readonly engine: EngineClientLike, private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => this.note(uri, false)),
      watcher.onDidChange((uri) => this.note(uri, false)),
      watcher.onDidDelete((uri) => this.note(uri, true)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.open()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (PROMPT_SETTING_PREFIXES.some((p) => e.affectsConfiguration(p))) this.open();
      }),
    );
    this.open();
  }

  /** Settles once the current index is built. */
  get ready(): Promise<void> {
    return this.opened;
  }

  open(): void {
    const settings = promptWorkspaceSettings();
    this.opened = this.engine.call('setPromptWorkspace', settings).then(
      (state) => {
        if (state.root) this.log.info(`prompt links: ${state.templates} template files of ${state.files} indexed in ${state.indexMs.toFixed(0)} ms`);
        this.emitter.fire();
      },
      (error) => this.log.error(`prompt links: could not index the workspace: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private note(uri: vscode.Uri, deleted: boolean): void {
    const root = promptRoot();
    if (!root || uri.scheme !== 'file') return;
    const rel = path.relative(root.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return;
    (deleted ? this.deleted : this.changed).add(rel);
    (deleted ? this.changed : this.deleted).delete(rel);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const changed = [...this.changed];
    const deleted = [...this.deleted];
    this.changed.clear();
    this.deleted.clear();
    void this.opened.then(() => this.engine.call('promptFilesChanged', { changed, deleted })).then(
      () => this.emitter.fire(),
      (error) => this.log.warn(`prompt links: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
