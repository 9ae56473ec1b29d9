/**
 * Prompt-link settings (`tracelight.promptLinks.*`, `tracelight.pathMappings`) and the editor's
 * `files.exclude`, read in one place, turned into what the engine needs.
 */
import * as vscode from 'vscode';
import type { PromptWorkspaceSettings } from '../../protocol/engine-api';

export const PROMPT_SETTING_PREFIXES = ['tracelight.promptLinks', 'tracelight.pathMappings', 'files.exclude'];

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('tracelight').get<boolean>('promptLinks.codeLens', true);
}

/** The workspace folder prompt links use: the first local one. */
export function promptRoot(): vscode.WorkspaceFolder | undefined {
  return (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.scheme === 'file');
}

export function promptWorkspaceSettings(): PromptWorkspaceSettings {
  const folder = promptRoot();
  if (!folder) return { root: null };
  const c = vscode.workspace.getConfiguration('tracelight', folder.uri);
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, boolean>>('exclude', {});
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
  const mappings = c.get<Record<string, unknown>>('pathMappings', {});
  return {
    root: folder.uri.fsPath,
    include: strings(c.get('promptLinks.include')),
    exclude: [...strings(c.get('promptLinks.exclude')), ...Object.entries(filesExclude).filter(([, on]) => on === true).map(([glob]) => glob)],
    pathMappings: Object.entries(mappings)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([from, to]) => ({ from, to: to.replace('${workspaceFolder}', folder.uri.fsPath) })),
  };
}
