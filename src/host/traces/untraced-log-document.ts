/**
 * Opens one log record without a trace as a read-only JSON document (a virtual document: nothing
 * is written to disk). A body too long to read in an editor is cut, and the document says so.
 */
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import type { UntracedLogRecord } from '../../protocol/untraced-logs';
import { OPEN_UNTRACED_LOG_COMMAND } from './untraced-logs-node';

const SCHEME = 'tracelight-log';
/** Characters of a string body shown in the document. */
export const DOCUMENT_BODY_CHARS = 1_000_000;

/** The document's JSON text: the record, its body cut to DOCUMENT_BODY_CHARS with a note. */
export function untracedLogDocumentText(record: UntracedLogRecord): string {
  const body = record.body;
  const shown = typeof body === 'string' && body.length > DOCUMENT_BODY_CHARS
    ? { ...record, body: body.slice(0, DOCUMENT_BODY_CHARS), bodyCut: `the first ${DOCUMENT_BODY_CHARS} of ${body.length} characters; GET /api/logs/${record.id} has it whole` }
    : record;
  return JSON.stringify({ time: new Date(record.timeUnixMs).toISOString(), ...shown }, null, 2) + '\n';
}

export function registerUntracedLogDocuments(engine: EngineClientLike): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const id = Number(/^\/log-(\d+)\.json$/.exec(uri.path)?.[1]);
      const record = Number.isInteger(id) ? await engine.call('getUntracedLog', { id }) : null;
      return record ? untracedLogDocumentText(record) : `// Log record ${uri.path} is no longer stored (dropped by retention, or the store was cleared).\n`;
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(OPEN_UNTRACED_LOG_COMMAND, async (id?: unknown) => {
      if (typeof id !== 'number' || !Number.isInteger(id)) return undefined;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: `/log-${id}.json` }));
      await vscode.languages.setTextDocumentLanguage(document, 'json');
      return vscode.window.showTextDocument(document, { preview: true });
    }),
  );
}
