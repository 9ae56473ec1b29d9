/**
 * The VS Code side of the messages every panel shares: open a `file:line` (only inside the
 * workspace), copy to the clipboard, open a trace, and log to the "Tracelight" output channel.
 */
import * as vscode from 'vscode';
import { resolveWorkspaceFile } from './open-location';
import type { WebviewServices } from './panel-connection';

async function openInEditor(file: string, line?: number, column?: number): Promise<void> {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const resolved = await resolveWorkspaceFile(file, roots);
  if (!resolved) {
    void vscode.window.showWarningMessage(`Tracelight: ${file} is not a file inside the workspace, so it was not opened.`);
    return;
  }
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(resolved), { selection: new vscode.Range(position, position), preview: true });
}

/** `openTrace` is late-bound: the trace panels are themselves built from these services. */
export function editorServices(log: vscode.LogOutputChannel, openTrace: (traceId: string, spanId?: string) => void): WebviewServices {
  return {
    openLocation: openInEditor,
    copy: async (text) => vscode.env.clipboard.writeText(text),
    openTrace,
    openExternal: async (url) => void (await vscode.env.openExternal(vscode.Uri.parse(url, true))),
    openText: async (content, language) => {
      const document = await vscode.workspace.openTextDocument({ content, language });
      await vscode.window.showTextDocument(document, { preview: false });
    },
    log,
  };
}
