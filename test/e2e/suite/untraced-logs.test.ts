/**
 * Log records without a trace in a real VS Code: the untraced-logs fixtures (Python `logging`
 * through the OTel SDK, the JS logs API; outside any span) posted to the running extension's
 * receiver appear live under "Logs without a trace (N)" in the Traces tree, as one clipped line of
 * text each, and open as a read-only JSON document.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TracelightApi } from '../../../src/host/api';
import type { TracesNode } from '../../../src/host/traces/traces-tree';
import { post, tracelight, waitFor } from './harness';

const DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'untraced-logs');
const intent = JSON.parse(fs.readFileSync(path.join(DIR, 'intent.json'), 'utf8')) as Array<{ traced: boolean; body?: unknown; bodyStart?: string; bodyLength?: number; service: string }>;

async function logsNode(api: TracelightApi): Promise<Extract<TracesNode, { type: 'untracedLogs' }> | undefined> {
  const roots = await api.traces.getChildren(undefined);
  return roots.find((n): n is Extract<TracesNode, { type: 'untracedLogs' }> => n.type === 'untracedLogs');
}

describe('Logs without a trace in the Traces tree', () => {
  let api: TracelightApi;
  let port: number;

  before(async () => {
    api = await tracelight();
    const state = await api.receiverReady;
    assert.ok(state.running && state.http);
    port = state.http.port;
  });

  it('lists records sent outside any span under their own node, live, and opens one as JSON', async () => {
    const before = (await logsNode(api))?.total ?? 0;
    for (const file of ['001-logs.pb', '002-logs.pb']) {
      assert.equal((await post(port, '/v1/logs', fs.readFileSync(path.join(DIR, file)))).status, 200);
    }
    const untraced = intent.filter((d) => !d.traced);
    // No reload is asked for: the engine's changed event brings it.
    const node = await waitFor('the node with the new records', async () => {
      const found = await logsNode(api);
      return found && found.total >= before + untraced.length ? found : undefined;
    });
    const item = api.traces.getTreeItem(node);
    assert.equal(item.label, `Logs without a trace (${node.total})`);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const rows = await api.traces.getChildren(node);
    const labels = rows.map((r) => String(api.traces.getTreeItem(r).label));
    for (const declared of untraced) {
      const start = declared.bodyStart ?? (typeof declared.body === 'string' ? declared.body : JSON.stringify(declared.body));
      const shownStart = start.replace(/[\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').slice(0, 40).trim();
      assert.ok(labels.some((l) => l.includes(shownStart)), `a row shows "${shownStart}" (rows: ${labels.slice(0, 8).join(' | ')})`);
    }
    // The 200 KB hostile body: one clipped line, no control characters.
    const hostile = labels.find((l) => l.includes('<img src=x'))!;
    assert.ok(hostile.length < 200, `clipped: ${hostile.length} characters`);
    assert.doesNotMatch(hostile, /[\u0000-\u001f]/);
    assert.match(hostile, /ERROR/);

    const pythonRow = rows.find((r) => String(api.traces.getTreeItem(r).label).includes('could not parse the config override'))!;
    const pythonItem = api.traces.getTreeItem(pythonRow);
    assert.equal(pythonItem.description, 'py-ingest-worker');
    assert.equal((pythonItem.iconPath as vscode.ThemeIcon).id, 'error');
    const command = pythonItem.command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await waitFor('the record open in an editor', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'tracelight-log' ? active : undefined;
    });
    assert.equal(editor.document.languageId, 'json');
    const record = JSON.parse(editor.document.getText()) as { body: unknown; attributes: Record<string, unknown>; resource: Record<string, unknown> };
    assert.equal(record.body, 'could not parse the config override');
    assert.equal(record.attributes['exception.type'], 'JSONDecodeError');
    assert.equal(record.resource['service.name'], 'py-ingest-worker');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
