/**
 * Comparing runs inside a real VS Code: the compare pairs' real payloads POSTed to the receiver,
 * the diff documents (scheme tracelight-compare, from a content provider) read back as VS Code sees them, opened
 * in VS Code's own diff editor, following the store while run B's log records arrive; and the
 * compare panel opened by "Compare Traces".
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TracelightApi } from '../../../src/host/api';
import { post, tracelight, waitFor } from './harness';

const PAIRS = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'compare-pairs');
interface DeclaredRun { traceId: string; files: string[]; steps: Record<string, string> }
const intent = JSON.parse(fs.readFileSync(path.join(PAIRS, 'intent.json'), 'utf8')) as { pairs: Array<{ name: string; a: DeclaredRun; b: DeclaredRun }> };
const pair = intent.pairs.find((p) => p.name === 'system-prompt')!;

const docUri = (run: DeclaredRun, step: string, label: string) => vscode.Uri.from({ scheme: 'tracelight-compare', path: `/${run.traceId}/${run.steps[step]}/${label}.md` });

async function postFile(port: number, file: string): Promise<void> {
  const signal = /-logs\./.test(file) ? 'logs' : 'traces';
  const response = await post(port, `/v1/${signal}`, fs.readFileSync(path.join(PAIRS, file)));
  assert.equal(response.status, 200, response.body);
}

describe('Comparing two runs in a real VS Code', () => {
  let api: TracelightApi;
  let port: number;

  before(async () => {
    api = await tracelight();
    const state = await api.receiverReady;
    port = state.http!.port;
    for (const file of [...pair.a.files, pair.b.files[0]]) await postFile(port, file);
    await waitFor('both runs in the store', async () => (await api.engine.call('getTraceSummary', { traceId: pair.a.traceId })) && (await api.engine.call('getTraceSummary', { traceId: pair.b.traceId })));
  });

  it('renders a span of each run as readable text (a content provider: no file behind it), and follows run B as its log records arrive', async () => {
    const docA = await vscode.workspace.openTextDocument(docUri(pair.a, 'chat3', 'A chat'));
    assert.match(docA.getText(), /^# chat gpt-4o-mini\n/);
    assert.match(docA.getText(), /^## 0 · system\nYou are the support assistant of Lumen Lamps\.$/m);
    assert.match(docA.getText(), /^Sign off with "Kind regards, Lumen Lamps support\."$/m);
    assert.match(docA.getText(), /^→ call lookup_order\n\{\n {2}"order_id": "1042"\n\}$/m);
    // Run B's spans are in, its prompts and answers (log records) not yet.
    const docB = await vscode.workspace.openTextDocument(docUri(pair.b, 'chat3', 'B chat'));
    assert.doesNotMatch(docB.getText(), /# Input/);
    await postFile(port, pair.b.files[1]);
    await waitFor('run B\'s messages in its document', () => docB.getText().includes('Thanks for shopping with Lumen Lamps'));
    // Same layout on both sides: the texts differ in the token line and the sign-off, nothing else.
    const linesA = docA.getText().split('\n');
    const linesB = docB.getText().split('\n');
    assert.equal(linesA.length, linesB.length);
    assert.deepEqual(linesA.filter((line, i) => line !== linesB[i]).map((line) => line.slice(0, 14)), ['tokens: 235 in', 'Sign off with ', 'Order #1042 (A']);
  });

  it('opens the pair in VS Code\'s diff editor', async () => {
    await vscode.commands.executeCommand('vscode.diff', docUri(pair.a, 'chat3', 'A chat'), docUri(pair.b, 'chat3', 'B chat'), 'chat gpt-4o-mini: run A ↔ run B');
    const tab = await waitFor('the diff tab', () => vscode.window.tabGroups.activeTabGroup.activeTab);
    assert.ok(tab.input instanceof vscode.TabInputTextDiff, 'a text diff tab');
    assert.equal(tab.input.original.scheme, 'tracelight-compare');
    assert.equal(tab.input.modified.path, `/${pair.b.traceId}/${pair.b.steps.chat3}/B chat.md`);
    assert.equal(tab.label, 'chat gpt-4o-mini: run A ↔ run B');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('"Compare Traces" on two selected traces opens the compare panel, older run first', async () => {
    await vscode.commands.executeCommand('tracelight.compareTraces', pair.b.traceId, [pair.b.traceId, pair.a.traceId]);
    const tab = await waitFor('the compare panel', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('tracelight.compare')));
    await waitFor('its title from the runs', () => /^Compare: invoke_agent support-agent$/.test(tab.label) || vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Compare: invoke_agent support-agent'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
