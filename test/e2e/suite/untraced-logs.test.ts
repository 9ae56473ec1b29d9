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
import { logsProtobuf, recordLogs } from '../../factories/otlp-payloads';
import { post, tracelight, waitFor } from './harness';

const DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'untraced-logs');
const intent = JSON.parse(fs.readFileSync(path.join(DIR, 'intent.json'), 'utf8')) as Array<{ traced: boolean; body?: unknown; bodyStart?: string; bodyLength?: number; service: string; severityNumber?: number }>;

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
    const items = rows.map((r) => api.traces.getTreeItem(r));
    const bodies = items.map((i) => String(i.description));
    for (const declared of untraced) {
      const start = declared.bodyStart ?? (typeof declared.body === 'string' ? declared.body : JSON.stringify(declared.body));
      const shownStart = start.replace(/[\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').slice(0, 40).trim();
      const row = items.find((i) => String(i.description).includes(shownStart));
      assert.ok(row, `a row shows "${shownStart}" (rows: ${bodies.slice(0, 8).join(' | ')})`);
      // What a narrow side bar must not cut leads the row: the severity as its icon, the time and the service; the body follows.
      assert.match(String(row.label), new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${declared.service}$`));
      const icon = declared.severityNumber! >= 17 ? 'error' : declared.severityNumber! >= 13 ? 'warning' : 'info';
      assert.equal((row.iconPath as vscode.ThemeIcon).id, icon, `${shownStart}: severity ${declared.severityNumber}`);
      assert.match(String((row.accessibilityInformation as vscode.AccessibilityInformation).label), /^(INFO|WARN|WARNING|ERROR) log from /);
    }
    // The 200 KB hostile body: one clipped line, no control characters.
    const hostile = items.find((i) => String(i.description).includes('<img src=x'))!;
    assert.ok(String(hostile.description).length < 200, `clipped: ${String(hostile.description).length} characters`);
    assert.doesNotMatch(String(hostile.description), /[\u0000-\u001f]/);
    assert.equal((hostile.iconPath as vscode.ThemeIcon).id, 'error');

    const pythonRow = rows[items.findIndex((i) => String(i.description).includes('could not parse the config override'))];
    const pythonItem = api.traces.getTreeItem(pythonRow);
    assert.match(String(pythonItem.label), / py-ingest-worker$/);
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

  it('lists the newest 200 records, then "Show N more…" lists the next 200 until all are listed', async () => {
    const SENT = 450;
    // Real SDK records outside any span, a millisecond apart and newer than anything else stored.
    const t0 = Date.now() + 60_000;
    const records = recordLogs((logger) => {
      for (let i = 0; i < SENT; i++) logger.emit({ timestamp: t0 + i, severityText: 'INFO', body: `paged record ${i}` });
    }, 'paging-worker');
    const before = (await logsNode(api))?.total ?? 0;
    assert.equal((await post(port, '/v1/logs', logsProtobuf(records))).status, 200);
    const node = await waitFor('the node with the paged records', async () => {
      const found = await logsNode(api);
      return found && found.total >= before + SENT ? found : undefined;
    });
    const total = node.total;
    const listed = async (): Promise<{ bodies: string[]; more?: vscode.TreeItem }> => {
      const children = await api.traces.getChildren(node);
      const last = children[children.length - 1];
      const more = last?.type === 'untracedLogsMore' ? api.traces.getTreeItem(last) : undefined;
      return { bodies: children.filter((c) => c.type === 'untracedLog').map((c) => String(api.traces.getTreeItem(c).description)), more };
    };
    // Newest first: record 449 down to 250, then the row that lists more.
    let page = await listed();
    assert.deepEqual(page.bodies, Array.from({ length: 200 }, (_, i) => `paged record ${SENT - 1 - i}`));
    assert.equal(page.more?.label, 'Show 200 more…');
    assert.equal(page.more?.description, `200 of ${total.toLocaleString('en-US')} listed`);
    await vscode.commands.executeCommand(page.more!.command!.command);
    page = await listed();
    assert.deepEqual(page.bodies.slice(0, 400), Array.from({ length: 400 }, (_, i) => `paged record ${SENT - 1 - i}`));
    assert.equal(page.bodies.length, 400);
    const rest = total - 400;
    assert.equal(page.more?.label, `Show ${Math.min(200, rest)} more…`);
    // Until every stored record is listed, and then no "more" row.
    while (page.more) {
      await vscode.commands.executeCommand(page.more.command!.command);
      page = await listed();
    }
    assert.equal(page.bodies.length, total);
    assert.equal(new Set(page.bodies.slice(0, SENT)).size, SENT);
  });
});
