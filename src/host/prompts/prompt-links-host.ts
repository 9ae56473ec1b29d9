/** Prompt links in VS Code: index sync, CodeLens and commands, wired once at activation. */
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import type { TracePanels } from '../panels/trace-panel-host';
import { PromptCodeLens } from './prompt-codelens';
import { registerPromptCommands } from './prompt-commands';
import { PromptSync } from './prompt-sync';
import { PromptValueHints } from './prompt-values';

export interface PromptLinks extends vscode.Disposable {
  sync: PromptSync;
  codeLens: PromptCodeLens;
}

export function registerPromptLinks(engine: EngineClientLike, panels: TracePanels, log: vscode.LogOutputChannel): PromptLinks {
  const sync = new PromptSync(engine, log);
  const codeLens = new PromptCodeLens(engine);
  const hints = new PromptValueHints(engine);
  const disposables = vscode.Disposable.from(
    sync, codeLens, hints,
    sync.onDidChangeIndex(() => codeLens.refreshSoon()),
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, codeLens),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tracelight.promptLinks.codeLens')) codeLens.refreshSoon();
    }),
    registerPromptCommands(engine, panels, codeLens, hints),
  );
  return { sync, codeLens, dispose: () => disposables.dispose() };
}
