/**
 * Commands on traces: open (by id or from the tree), copy its id, export it (Trace JSON or OTLP
 * JSON), delete it, and import OTLP files.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImportFileResult } from '../protocol/engine-api';
import type { HostServices } from './host-services';
import type { TracesNode } from './traces/traces-tree';
import { completeWalkthroughStep } from './walkthrough';

const TRACE_ID = /^[0-9a-f]{32}$/i;

/** A trace id from a command argument: a string (palette, links, tests) or a tree node (menus). */
function traceIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim().toLowerCase() || undefined;
  const node = arg as TracesNode | undefined;
  if (node?.type === 'trace') return node.trace.traceId;
  if (node?.type === 'span') return node.traceId;
  return undefined;
}

async function pickTraceId(services: HostServices, title: string): Promise<string | undefined> {
  const recent = services.traces.traces.slice(0, 50);
  const picked = await vscode.window.showQuickPick(
    recent.map((t) => ({ label: t.name || t.traceId, description: t.service, detail: t.traceId, traceId: t.traceId })),
    { title, placeHolder: 'Choose a recent trace', matchOnDetail: true },
  );
  return picked?.traceId;
}

async function openTrace(services: HostServices, arg?: unknown, spanId?: string): Promise<void> {
  let traceId = traceIdOf(arg);
  if (!traceId) {
    traceId = (await vscode.window.showInputBox({
      title: 'Open Trace by Id',
      prompt: 'Trace id (32 hex characters)',
      validateInput: (v) => (TRACE_ID.test(v.trim()) ? undefined : 'A trace id is 32 hexadecimal characters.'),
    }))?.trim().toLowerCase();
    if (!traceId) return;
  }
  const node = arg as TracesNode | undefined;
  const span = node?.type === 'span' ? node.tree.rows[node.index].span.spanId : spanId;
  if (!(await services.engine.call('getTraceSummary', { traceId }))) {
    void vscode.window.showWarningMessage(`Tracelight has no trace ${traceId}.`);
    return;
  }
  services.panels.open(traceId, span);
  completeWalkthroughStep('openTrace');
}

export function registerTraceCommands(services: HostServices): vscode.Disposable {
  const { engine, log } = services;
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tracelight.openTrace', (arg?: unknown, spanId?: string) => openTrace(services, arg, spanId)),
    // The same, titled for the tree's context menu (where there is always a trace).
    vscode.commands.registerCommand('tracelight.traces.openTrace', (arg?: unknown) => openTrace(services, arg)),
    vscode.commands.registerCommand('tracelight.traces.copyTraceId', async (arg?: unknown) => {
      const traceId = traceIdOf(arg) ?? (await pickTraceId(services, 'Copy Trace Id'));
      if (traceId) await vscode.env.clipboard.writeText(traceId);
      return traceId;
    }),
    vscode.commands.registerCommand('tracelight.traces.deleteTrace', async (arg?: unknown) => {
      const traceId = traceIdOf(arg) ?? (await pickTraceId(services, 'Delete Trace'));
      if (!traceId) return;
      await engine.call('deleteTrace', { traceId });
      await services.traces.reload();
    }),
    vscode.commands.registerCommand('tracelight.exportTrace', async (arg?: unknown, options?: { format?: 'trace-json' | 'otlp-json'; target?: vscode.Uri }) => {
      const traceId = traceIdOf(arg) ?? (await pickTraceId(services, 'Export Trace'));
      if (!traceId) return undefined;
      const format = options?.format ?? (await vscode.window.showQuickPick(
        [
          { label: 'Trace JSON', description: 'Tracelight’s normalized format (spans, messages, documents, cost)', value: 'trace-json' as const },
          { label: 'OTLP JSON', description: 'ExportTraceServiceRequest, for other OpenTelemetry tools', value: 'otlp-json' as const },
        ],
        { title: `Export Trace ${traceId.slice(0, 8)}…` },
      ))?.value;
      if (!format) return undefined;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `trace-${traceId.slice(0, 12)}${format === 'otlp-json' ? '.otlp' : ''}.json`;
      const target = options?.target ?? (await vscode.window.showSaveDialog({
        title: 'Export Trace',
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: { JSON: ['json'] },
      }));
      if (!target) return undefined;
      const data = format === 'otlp-json'
        ? await engine.call('exportOtlpJson', { traceId })
        : await engine.call('getTraceJson', { traceIds: [traceId] });
      await vscode.workspace.fs.writeFile(target, Buffer.from(JSON.stringify(data, null, 2) + '\n', 'utf8'));
      log.info(`exported trace ${traceId} as ${format} to ${target.toString(true)}`);
      void vscode.window.showInformationMessage(`Exported trace to ${vscode.workspace.asRelativePath(target)}.`);
      return target;
    }),
    vscode.commands.registerCommand('tracelight.importOtlpFiles', (files?: Array<vscode.Uri | string>) => importFiles(services, files)),
  );
}

/**
 * The engine reads files from disk itself. A file from another file system (a virtual workspace,
 * a remote the extension does not run on) is copied to a temporary file first, under its own name
 * so that the engine can still tell `.jsonl` from `.pb.gz`.
 */
async function importOne(services: HostServices, uri: vscode.Uri): Promise<ImportFileResult[]> {
  if (uri.scheme === 'file') return services.engine.call('importFiles', { paths: [uri.fsPath] });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tracelight-import-'));
  try {
    const copy = path.join(dir, path.posix.basename(uri.path));
    await fs.writeFile(copy, await vscode.workspace.fs.readFile(uri));
    const results = await services.engine.call('importFiles', { paths: [copy] });
    return results.map((r) => ({ ...r, file: uri.toString(true) }));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * One file at a time, so the notification shows progress and one bad file does not stop the rest;
 * each failure is named in the log and summarized in one message.
 */
async function importFiles(services: HostServices, files?: Array<vscode.Uri | string>): Promise<ImportFileResult[] | undefined> {
  const uris = files?.map((f) => (typeof f === 'string' ? vscode.Uri.file(f) : f)) ?? (await vscode.window.showOpenDialog({
    title: 'Import OTLP Files',
    canSelectMany: true,
    openLabel: 'Import',
    filters: { 'OTLP files': ['json', 'jsonl', 'pb', 'bin', 'gz'], 'All files': ['*'] },
  }));
  if (!uris || uris.length === 0) return undefined;
  const results: ImportFileResult[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Tracelight: importing', cancellable: true },
    async (progress, cancel) => {
      for (const uri of uris) {
        if (cancel.isCancellationRequested) break;
        const name = uri.path.split('/').pop() ?? uri.path;
        progress.report({ message: name, increment: 100 / uris.length });
        try {
          results.push(...(await importOne(services, uri)));
        } catch (error) {
          results.push({ file: uri.fsPath, ok: false, spans: 0, logs: 0, rejected: 0, error: error instanceof Error ? error.message : String(error) });
        }
      }
    },
  );
  const failed = results.filter((r) => !r.ok);
  const spans = results.reduce((n, r) => n + r.spans, 0);
  const logs = results.reduce((n, r) => n + r.logs, 0);
  for (const r of results) {
    if (r.ok) services.log.info(`imported ${r.file}: ${r.spans} spans, ${r.logs} log records${r.rejected ? `, ${r.rejected} rejected` : ''}`);
    else services.log.error(`could not import ${r.file}: ${r.error ?? 'unknown error'}`);
  }
  const summary = `Imported ${spans} spans and ${logs} log records from ${results.length - failed.length} of ${results.length} file(s).`;
  if (failed.length > 0) {
    const names = failed.map((r) => `${r.file.split(/[\\/]/).pop()}: ${r.error ?? 'failed'}`).join('; ');
    void vscode.window.showWarningMessage(`${summary} Failed: ${names}`, 'Show Output Log').then((choice) => {
      if (choice) services.log.show(true);
    });
  } else {
    void vscode.window.showInformationMessage(summary);
  }
  await services.traces.reload();
  return results;
}
