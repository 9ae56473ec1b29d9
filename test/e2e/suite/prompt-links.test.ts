/**
 * Prompt links in a real VS Code: the prompt-links fixtures (traces of the fixture workspace's
 * apps) posted to the receiver while the fixture workspace is the open folder. CodeLens counts come
 * from the generator's ground truth; Open Prompt must land on the declared lines; a call site
 * outside the workspace must not be opened.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TracelightApi } from '../../../src/host/api';
import type { SourceRange } from '../../../src/protocol/trace-json';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { post, tracelight, waitFor } from './harness';

const REPO = path.resolve(__dirname, '../../../..');
const FIXTURES = path.join(REPO, 'test', 'fixtures');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'prompt-links', 'expected.json'), 'utf8')) as { calls: Record<string, (SourceRange | null)[]> };
const scratch = process.env.TRACELIGHT_E2E_SCRATCH ?? fs.mkdtempSync('/tmp/tl-scratch-');

/** Calls per template range of one file, counted from the declared ground truth. */
function declaredCalls(file: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const sources of Object.values(expected.calls)) {
    const lines = new Set(sources.filter((s): s is SourceRange => s?.path === file).map((s) => s.startLine));
    for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return counts;
}

async function lensTitles(uri: vscode.Uri): Promise<Map<number, string>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return new Map(lenses.filter((l) => l.command?.title.startsWith('Tracelight:')).map((l) => [l.range.start.line + 1, l.command!.title]));
}

describe('Prompt links', () => {
  let api: TracelightApi;
  let port: number;
  let root: string;

  before(async function () {
    this.timeout(60_000);
    api = await tracelight();
    const state = await api.receiverReady;
    port = state.http!.port;
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.cpSync(path.join(FIXTURES, 'prompt-workspace'), root, { recursive: true });
    await vscode.workspace.getConfiguration('tracelight').update('promptLinks.exclude', ['*.log'], vscode.ConfigurationTarget.Workspace);
    // The settings change re-indexes the folder (the watcher reports the copied files too).
    await new Promise((r) => setTimeout(r, 500));
    await api.promptIndexReady();
    const dir = path.join(FIXTURES, 'prompt-links');
    for (const file of fs.readdirSync(dir).filter((f) => /^\d{3}-/.test(f)).sort()) {
      const signal = file.includes('-logs.') ? 'logs' : 'traces';
      const response = await post(port, `/v1/${signal}`, fs.readFileSync(path.join(dir, file)), file.endsWith('.json') ? 'application/json' : 'application/x-protobuf');
      assert.equal(response.status, 200, `${file}: ${response.body}`);
    }
  });

  it('CodeLens above each template shows the calls the ground truth declares', async function () {
    this.timeout(60_000);
    for (const file of ['src/prompts/constants.ts', 'prompts/greeting.mustache', 'prompts/catalog.yaml']) {
      const uri = vscode.Uri.file(path.join(root, file));
      await vscode.workspace.openTextDocument(uri);
      const want = declaredCalls(file);
      const titles = await waitFor(`CodeLens in ${file}`, async () => {
        const got = await lensTitles(uri);
        return got.size === want.size ? got : undefined;
      }, 30_000);
      for (const [line, calls] of want) {
        const title = titles.get(line) ?? '';
        assert.match(title, new RegExp(`^Tracelight: ${calls} calls? · [\\d.]+k? tokens · (\\$[\\d.]+ · )?p50 [\\d.]+ (ms|s)( · \\d+ errors?)?$`), `${file}:${line}: ${title}`);
      }
    }
  });

  it('Open Prompt opens the declared file with the declared lines selected', async () => {
    const usage = await api.engine.call('promptUsage', { path: 'prompts/summarize.txt' });
    const span = usage[0].recentSpans[0];
    await vscode.commands.executeCommand('tracelight.openPrompt', span.traceId, span.spanId);
    const editor = await waitFor('an editor on summarize.txt', () =>
      vscode.window.activeTextEditor?.document.uri.fsPath.endsWith(path.join('prompts', 'summarize.txt')) ? vscode.window.activeTextEditor : undefined);
    const declared = expected.calls['support.summarize'][0]!;
    assert.equal(editor.selection.start.line + 1, declared.startLine);
    assert.equal(editor.selection.end.line + 1, declared.endLine);
  });

  it('Show Traces Using This Prompt filters the Traces tree to the traces that used the template under the cursor', async () => {
    const file = 'src/prompts/constants.ts';
    const line = 15; // inside TONE_GUIDE
    const document = await vscode.workspace.openTextDocument(path.join(root, file));
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(line - 1, 2, line - 1, 2);
    await vscode.commands.executeCommand('tracelight.prompts.showTracesUsingPrompt');
    const declared = Object.entries(expected.calls).filter(([, sources]) => sources.some((s) => s?.path === file && s.startLine <= line && line <= s.endLine)).map(([call]) => call).sort();
    const shown = await waitFor('the filtered tree', () => (api.traces.filter.traceIds ? api.traces.traces : undefined));
    // Each shown trace holds one of the declared calls (the call's span, not always the root).
    const callsShown = await Promise.all(shown.map(async (t) => (await api.engine.call('getSpanRows', { traceId: t.traceId })).map((r) => r.name).find((n) => declared.includes(n))));
    assert.deepEqual(callsShown.sort(), declared);
    await vscode.commands.executeCommand('tracelight.traces.clearFilter');
    assert.equal(api.traces.filter.traceIds, undefined);
  });

  it('a call site outside the workspace is not opened', async () => {
    const outside = path.join(scratch, 'outside_app.py');
    fs.writeFileSync(outside, 'print("not in the workspace")\n');
    const spans = recordSpans((tracer) => {
      tracer.startSpan('chat outside', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'code.filepath': outside, 'code.lineno': 1 } }).end();
    }, 'outside-app');
    assert.equal((await post(port, '/v1/traces', tracesProtobuf(spans))).status, 200);
    const traceId = spans[0]!.spanContext().traceId;
    const spanId = spans[0]!.spanContext().spanId;
    await waitFor('the outside span', () => api.engine.call('getSpan', { traceId, spanId }));
    const before = vscode.window.activeTextEditor?.document.uri.fsPath;
    await vscode.commands.executeCommand('tracelight.openCallSite', traceId, spanId);
    await new Promise((r) => setTimeout(r, 500));
    assert.notEqual(vscode.window.activeTextEditor?.document.uri.fsPath, outside);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, before);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === outside), 'the outside file was never read into a document');
  });
});
