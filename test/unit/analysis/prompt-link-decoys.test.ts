/** Decoys of every kind: the matcher links the file the code uses, or says it cannot tell. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/analysis/prompt-links/load-workspace';
import { link, linkerOf, span, where } from './prompt-link-helpers';

const PROMPT = 'You are the support assistant for the shop.\nNever promise refunds; a human agent confirms them.\nIf you do not know, say so.\n';
const MESSAGE = PROMPT.trim();

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tl-prompt-ws-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('vendored, virtualenv, site-packages and build-output copies are never indexed', () => {
  const root = workspace({
    'node_modules/kit/prompts/system.md': PROMPT, '.venv/lib/python3.12/site-packages/kit/system.md': PROMPT,
    'dist/system.md': PROMPT, 'build/system.md': PROMPT, 'prompts/system.md': PROMPT,
  });
  const [s] = link(loadWorkspace(root), span([['system', MESSAGE]]));
  assert.equal(where(s), 'prompts/system.md:1-3');
  assert.equal(s!.candidates, undefined);
});

test('.gitignore (root and nested) hides generated copies; with only an ignored copy there is no link', () => {
  const root = workspace({ '.gitignore': 'generated/\n', 'app/.gitignore': '*.out.md\n', 'generated/system.md': PROMPT, 'app/system.out.md': PROMPT });
  assert.equal(link(loadWorkspace(root), span([['system', MESSAGE]]))[0], undefined);
});

test('exclude globs (files.exclude, tracelight settings) hide a file; include globs limit the index', () => {
  const root = workspace({ 'prompts/system.md': PROMPT, 'docs/system.md': PROMPT });
  assert.equal(where(link(loadWorkspace(root, [], { exclude: ['docs/**'] }), span([['system', MESSAGE]]))[0]), 'prompts/system.md:1-3');
  assert.equal(where(link(loadWorkspace(root, [], { include: ['docs/**'] }), span([['system', MESSAGE]]))[0]), 'docs/system.md:1-3');
});

test('backups and old copies (.bak, ~, old/, _copy) lose to the real file even when identical', () => {
  const l = linkerOf({ 'p/system.md.bak': PROMPT, 'p/system.md~': PROMPT, 'old/system.md': PROMPT, 'p/system_copy.md': PROMPT, 'p/system.md': PROMPT });
  const [s] = link(l, span([['system', MESSAGE]]));
  assert.equal(where(s), 'p/system.md:1-3');
  assert.equal(s!.confidence, 1);
});

test('a draft differing by one sentence loses to the exact file; alone, it links with lower confidence', () => {
  const longer = `${PROMPT}Answer in the customer's language.\nKeep answers under one hundred words.\nOffer to open a ticket when stuck.\n`;
  const draft = longer.replace('a human agent confirms them.', 'a human agent confirms them within two days.');
  const [s] = link(linkerOf({ 'p/system.v2.md': draft, 'p/system.md': longer }), span([['system', longer.trim()]]));
  assert.equal(where(s), 'p/system.md:1-6');
  const [onlyDraft] = link(linkerOf({ 'p/system.v2.md': draft }), span([['system', longer.trim()]]));
  assert.equal(onlyDraft!.path, 'p/system.v2.md');
  assert.ok(onlyDraft!.confidence < 0.9, `confidence ${onlyDraft!.confidence}`);
});

test('two identical files: the one the calling code reads wins; with no call site the link says it is unsure', () => {
  const files = { 'prompts/system.md': PROMPT, 'tools/eval/system.md': PROMPT, 'src/app.ts': "const p = readFileSync('prompts/system.md', 'utf8');\n" };
  const l = linkerOf(files, '/home/dev/ws');
  const [withSite] = link(l, span([['system', MESSAGE]], { code: { file: '/tmp/other-machine/src/app.ts', line: 1 } }));
  assert.equal(where(withSite), 'prompts/system.md:1-3');
  assert.equal(withSite!.via, 'code');
  const [unsure] = link(l, span([['system', MESSAGE]]));
  assert.ok(unsure!.confidence <= 0.5);
  assert.deepEqual(unsure!.candidates?.map((c) => c.path).sort(), ['prompts/system.md', 'tools/eval/system.md']);
});

test('runtime input, model output and a remote prompt link to nothing, even with many templates around', () => {
  const l = linkerOf({ 'p/system.md': PROMPT, 'p/other.txt': 'Summarize the conversation for a human agent in at most {n} words.\n' });
  const sources = link(l, span([
    ['system', 'You rewrite account notifications so they are friendly and short.'],
    ['user', 'Where is my order? It was due on Monday and the tracking page is empty.'],
    ['assistant', 'Your order is on its way and should arrive tomorrow.'],
  ]));
  assert.deepEqual(sources, [undefined, undefined, undefined]);
});

test('a symbolic link pointing outside the workspace is neither listed nor read', () => {
  const outside = workspace({ 'secret.md': PROMPT });
  const root = workspace({ 'prompts/readme.md': 'nothing here\n' });
  symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'prompts', 'system.md'));
  symlinkSync(outside, path.join(root, 'linked'));
  assert.equal(link(loadWorkspace(root), span([['system', MESSAGE]]))[0], undefined);
});
