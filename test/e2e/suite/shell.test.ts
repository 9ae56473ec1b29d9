/**
 * The Tracelight shell inside a real VS Code extension host, against the built extension and its
 * real engine worker: activation, commands, the Traces tree fed by real OTLP over HTTP, the
 * environment given to terminals and debug sessions, import, export, and receiver restarts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TracelightApi } from '../../../src/host/api';
import type { TracesNode } from '../../../src/host/traces/traces-tree';
import { recordSpans, tracesJson } from '../../factories/otlp-payloads';
import { agentTrace, EXTENSION_ID, post, tracelight, traceInTree, waitFor } from './harness';

const scratch = process.env.TRACELIGHT_E2E_SCRATCH ?? fs.mkdtempSync('/tmp/tl-scratch-');
const expectedPort = Number(process.env.TRACELIGHT_HTTP_PORT);

describe('Tracelight in a real VS Code', () => {
  let api: TracelightApi;
  let port: number;

  before(async () => {
    api = await tracelight();
    const state = await api.receiverReady;
    assert.ok(state.running && state.http, `receiver not running: ${JSON.stringify(state)}`);
    port = state.http.port;
  });

  it('activates on startup and listens on the port given by the environment', async function () {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.equal(port, expectedPort);
    assert.ok(api.timings.activateMs > 0);
    assert.ok(api.timings.receiverListeningMs !== undefined && api.timings.receiverListeningMs >= api.timings.activateMs);
    // The figures go into the report through the test's title.
    this.test!.title += ` [activate() ${api.timings.activateMs.toFixed(1)} ms, receiver listening ${api.timings.receiverListeningMs.toFixed(0)} ms]`;
  });

  it('registers every contributed command', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('shows a trace POSTed to the real endpoint in the Traces tree, with its span tree', async () => {
    const { traceId, body } = agentTrace('e2e agent run');
    const response = await post(port, '/v1/traces', body);
    assert.equal(response.status, 200, response.body);
    const summary = await waitFor('the trace in the tree', () => traceInTree(api, traceId));
    assert.equal(summary.name, 'e2e agent run');
    assert.equal(summary.service, 'e2e-agent');
    const roots = await api.traces.getChildren(undefined);
    const node = roots.find((n): n is Extract<TracesNode, { type: 'trace' }> => n.type === 'trace' && n.trace.traceId === traceId);
    assert.ok(node, 'trace node at the top level');
    const item = api.traces.getTreeItem(node);
    assert.match(String(item.description), /4 spans/);
    const spans = await api.traces.getChildren(node);
    assert.equal(spans.length, 1, 'one root span');
    const children = await api.traces.getChildren(spans[0]);
    const icons = children.map((c) => (api.traces.getTreeItem(c).iconPath as vscode.ThemeIcon).id).sort();
    assert.deepEqual(icons, ['search', 'sparkle', 'tools']);
  });

  it('coalesces a burst of traces into fewer tree reloads than traces', async () => {
    const before = api.traces.reloadCount;
    const traces = Array.from({ length: 30 }, (_, i) => agentTrace(`burst ${i}`));
    await Promise.all(traces.map((t) => post(port, '/v1/traces', t.body)));
    await waitFor('all burst traces listed', () => traces.every((t) => api.traces.traces.some((s) => s.traceId === t.traceId)));
    const reloads = api.traces.reloadCount - before;
    assert.ok(reloads >= 1 && reloads < traces.length, `${reloads} reloads for ${traces.length} traces`);
  });

  it('marks error traces and filters to errors only', async () => {
    const failed = agentTrace('failing run', { error: true });
    await post(port, '/v1/traces', failed.body);
    const summary = await waitFor('the failed trace', () => traceInTree(api, failed.traceId));
    assert.equal(summary.status, 'error');
    const item = api.traces.getTreeItem({ type: 'trace', trace: summary });
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
    await vscode.commands.executeCommand('tracelight.traces.showErrorsOnly');
    try {
      assert.ok(api.traces.traces.length >= 1);
      assert.ok(api.traces.traces.every((t) => t.status === 'error'));
    } finally {
      await vscode.commands.executeCommand('tracelight.traces.showAll');
    }
    assert.ok(api.traces.traces.some((t) => t.status === 'ok'));
  });

  it('filters by text and groups by service from the view commands', async () => {
    const other = agentTrace('grouping probe', { service: 'second-service' });
    await post(port, '/v1/traces', other.body);
    await waitFor('the second service', () => traceInTree(api, other.traceId));
    await vscode.commands.executeCommand('tracelight.traces.filter', 'grouping probe');
    try {
      assert.deepEqual(api.traces.traces.map((t) => t.traceId), [other.traceId]);
    } finally {
      await vscode.commands.executeCommand('tracelight.traces.clearFilter');
    }
    assert.ok(api.traces.traces.length > 1);
    await vscode.commands.executeCommand('tracelight.traces.groupBy', 'service');
    try {
      const groups = await waitFor('groups at the top level', async () => {
        const roots = await api.traces.getChildren(undefined);
        return roots.every((n) => n.type === 'group') ? roots : undefined;
      });
      const labels = groups.map((g) => String(api.traces.getTreeItem(g).label)).sort();
      // Other suites in this window post traces of their own services: one group per service.
      assert.ok(labels.includes('e2e-agent') && labels.includes('second-service'), labels.join(', '));
      assert.equal(new Set(labels).size, labels.length, `one group per service: ${labels.join(', ')}`);
      const second = groups.find((g) => api.traces.getTreeItem(g).label === 'second-service')!;
      const inside = await api.traces.getChildren(second);
      assert.deepEqual(inside.map((n) => n.type === 'trace' && n.trace.traceId), [other.traceId]);
    } finally {
      await vscode.commands.executeCommand('tracelight.traces.groupBy', 'none');
    }
    await waitFor('ungrouped again', async () => (await api.traces.getChildren(undefined)).every((n) => n.type === 'trace'));
  });

  it('gives terminals the endpoint with the real port', async () => {
    const vars = api.environmentVariables();
    assert.equal(vars.OTEL_EXPORTER_OTLP_ENDPOINT, `http://127.0.0.1:${port}`);
    assert.equal(vars.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/protobuf');
    assert.equal(vars.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT, 'true');
    // A real terminal process sees them.
    const out = path.join(scratch, 'terminal-env.txt');
    const terminal = vscode.window.createTerminal({
      name: 'env probe', shellPath: '/bin/sh',
      shellArgs: ['-c', `printf '%s\\n%s\\n' "$OTEL_EXPORTER_OTLP_ENDPOINT" "$OTEL_EXPORTER_OTLP_PROTOCOL" > ${out}.tmp && mv ${out}.tmp ${out}`],
    });
    try {
      const text = await waitFor('the terminal to write its environment', () => fs.existsSync(out) && fs.readFileSync(out, 'utf8'), 20_000);
      assert.equal(text, `http://127.0.0.1:${port}\nhttp/protobuf\n`);
    } finally {
      terminal.dispose();
    }
  });

  it('copies the endpoint and an environment snippet with the real port', async () => {
    assert.equal(await vscode.commands.executeCommand('tracelight.copyEndpoint'), `http://127.0.0.1:${port}`);
    const snippet = await vscode.commands.executeCommand<string>('tracelight.copyEnvironmentSnippet', 'powershell');
    assert.match(snippet, new RegExp(`^\\$env:OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127\\.0\\.0\\.1:${port}'$`, 'm'));
    assert.equal(await vscode.env.clipboard.readText(), snippet);
  });

  it('gives debug sessions the same environment (a real Node debug session)', async () => {
    const script = path.join(scratch, 'print-env.js');
    const out = path.join(scratch, 'debug-env.txt');
    fs.writeFileSync(script, `require('fs').writeFileSync(${JSON.stringify(out)}, String(process.env.OTEL_EXPORTER_OTLP_ENDPOINT) + ' ' + String(process.env.KEEP_ME));\n`);
    const started = await vscode.debug.startDebugging(undefined, {
      type: 'node', request: 'launch', name: 'env probe', program: script, env: { KEEP_ME: 'mine' }, console: 'internalConsole',
    });
    assert.ok(started, 'debug session started');
    const text = await waitFor('the debugged program to write its environment', () => fs.existsSync(out) && fs.readFileSync(out, 'utf8'), 30_000);
    assert.equal(text, `http://127.0.0.1:${port} mine`);
  });

  it('imports OTLP files, reports the bad one and still imports the rest', async () => {
    const spans = recordSpans((tracer) => tracer.startSpan('imported run').end(), 'imported-service');
    const good = path.join(scratch, 'good.json');
    const bad = path.join(scratch, 'bad.json');
    fs.writeFileSync(good, tracesJson(spans));
    fs.writeFileSync(bad, '{ this is not json');
    const results = await vscode.commands.executeCommand<Array<{ file: string; ok: boolean; spans: number }>>('tracelight.importOtlpFiles', [bad, good]);
    assert.equal(results.length, 2);
    assert.equal(results.find((r) => r.file.endsWith('bad.json'))?.ok, false);
    const imported = results.find((r) => r.file.endsWith('good.json'));
    assert.equal(imported?.ok, true);
    assert.equal(imported?.spans, 1);
    const traceId = spans[0]!.spanContext().traceId;
    const summary = await waitFor('the imported trace in the tree', () => traceInTree(api, traceId));
    assert.equal(summary.service, 'imported-service');
  });

  it('imports a file from a non-disk file system through a temporary copy', async () => {
    const spans = recordSpans((tracer) => tracer.startSpan('virtual file run').end(), 'virtual-service');
    const content = tracesJson(spans);
    const unsupported = () => { throw vscode.FileSystemError.NoPermissions(); };
    const provider: vscode.FileSystemProvider = {
      onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
      watch: () => new vscode.Disposable(() => undefined),
      stat: () => ({ type: vscode.FileType.File, ctime: 0, mtime: 0, size: content.byteLength }),
      readFile: () => content,
      readDirectory: () => [], createDirectory: unsupported, writeFile: unsupported, delete: unsupported, rename: unsupported,
    };
    const registration = vscode.workspace.registerFileSystemProvider('tracelight-test', provider, { isReadonly: true });
    try {
      const uri = vscode.Uri.parse('tracelight-test:/exports/run.json');
      const results = await vscode.commands.executeCommand<Array<{ file: string; ok: boolean; spans: number; error?: string }>>('tracelight.importOtlpFiles', [uri]);
      assert.equal(results.length, 1);
      assert.equal(results[0]!.ok, true, results[0]!.error);
      assert.equal(results[0]!.file, 'tracelight-test:/exports/run.json');
      await waitFor('the virtual file trace', () => traceInTree(api, spans[0]!.spanContext().traceId));
    } finally {
      registration.dispose();
    }
  });

  it('exports a trace as Trace JSON and as OTLP JSON', async () => {
    const { traceId, body } = agentTrace('exported run');
    await post(port, '/v1/traces', body);
    await waitFor('the trace to export', () => traceInTree(api, traceId));
    const traceJson = vscode.Uri.file(path.join(scratch, 'export.trace.json'));
    await vscode.commands.executeCommand('tracelight.exportTrace', traceId, { format: 'trace-json', target: traceJson });
    const doc = JSON.parse(fs.readFileSync(traceJson.fsPath, 'utf8'));
    assert.equal(doc.version, 1);
    assert.equal(doc.traces[0].traceId, traceId);
    assert.equal(doc.traces[0].spans.length, 4);
    const otlp = vscode.Uri.file(path.join(scratch, 'export.otlp.json'));
    await vscode.commands.executeCommand('tracelight.exportTrace', traceId, { format: 'otlp-json', target: otlp });
    const request = JSON.parse(fs.readFileSync(otlp.fsPath, 'utf8'));
    assert.ok(Array.isArray(request.resourceSpans) && request.resourceSpans.length > 0);
  });

  it('deletes a trace from the tree', async () => {
    const { traceId, body } = agentTrace('deleted run');
    await post(port, '/v1/traces', body);
    await waitFor('the trace to delete', () => traceInTree(api, traceId));
    await vscode.commands.executeCommand('tracelight.traces.deleteTrace', traceId);
    assert.equal(await traceInTree(api, traceId), undefined);
  });

  it('shows the port and span count in the status bar', async () => {
    await api.status.refresh();
    const text = api.statusBarText();
    assert.match(text, new RegExp(`:${port}\\b`));
    assert.match(text, /\d+ spans/);
  });

  it('restarts the receiver on a new port when the port setting changes', async () => {
    const net = await import('node:net');
    const newPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
    });
    const config = vscode.workspace.getConfiguration('tracelight');
    await config.update('receiver.httpPort', newPort, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the receiver on the new port', () => api.status.receiver.http?.port === newPort);
      const { traceId, body } = agentTrace('after restart');
      assert.equal((await post(newPort, '/v1/traces', body)).status, 200);
      await waitFor('the trace sent to the new port', () => traceInTree(api, traceId));
      await assert.rejects(post(port, '/v1/traces', body), 'the old port is closed');
      assert.equal(api.environmentVariables().OTEL_EXPORTER_OTLP_ENDPOINT, `http://127.0.0.1:${newPort}`);
    } finally {
      await config.update('receiver.httpPort', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the receiver back on the first port', () => api.status.receiver.http?.port === port);
  });

  it('takes the next free port when the configured one is busy, and says so in the status bar', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    const busyPort = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
    const config = vscode.workspace.getConfiguration('tracelight');
    try {
      await config.update('receiver.httpPort', busyPort, vscode.ConfigurationTarget.Global);
      const http = await waitFor('the receiver on a replacement port', () => {
        const e = api.status.receiver.http;
        return e && e.requestedPort === busyPort && e.port !== busyPort ? e : undefined;
      });
      assert.match(api.statusBarText(), new RegExp(`\\$\\(warning\\) :${http.port}\\b`));
      assert.equal(api.environmentVariables().OTEL_EXPORTER_OTLP_ENDPOINT, `http://127.0.0.1:${http.port}`);
    } finally {
      await config.update('receiver.httpPort', undefined, vscode.ConfigurationTarget.Global);
      blocker.close();
    }
    await waitFor('the receiver back on the first port', () => api.status.receiver.http?.port === port);
  });

  it('clears all traces', async () => {
    await vscode.commands.executeCommand('tracelight.clearTraces');
    assert.equal(api.traces.traces.length, 0);
    assert.equal(api.traces.total, 0);
  });
});
