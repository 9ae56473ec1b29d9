/**
 * Prompt links in the real engine worker: the workspace indexed on the worker, spans returned with
 * their message sources, per-template usage (CodeLens) agreeing with the fixtures' ground truth,
 * and file changes applied incrementally.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FIXTURES, fixturePath, manifest } from '../../factories/fixture-payloads';
import type { SourceRange } from '../../../src/protocol/trace-json';
import { startEngine } from './start-engine';

const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'prompt-links', 'expected.json'), 'utf8')) as { calls: Record<string, (SourceRange | null)[]> };
const payloads = manifest().filter((e) => e.family === 'prompt-links').map(fixturePath);

/** Calls per template range, counted from the declared ground truth. */
function declaredCalls(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sources of Object.values(expected.calls)) {
    for (const key of new Set(sources.filter((s): s is SourceRange => s?.path === file).map((s) => `${s.startLine}-${s.endLine}`))) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

test('the engine indexes the workspace, links spans it returns, and counts calls per template as the ground truth says', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tl-prompt-engine-'));
  cpSync(path.join(FIXTURES, 'prompt-workspace'), root, { recursive: true });
  const { client } = startEngine();
  try {
    await client.call('importFiles', { paths: payloads });
    const state = await client.call('setPromptWorkspace', { root, pathMappings: [{ from: '/tmp/acme-app', to: '${workspaceFolder}' }] });
    assert.equal(state.root, root);
    assert.ok(state.templates >= 15, `${state.templates} template files`);

    for (const file of ['src/prompts/constants.ts', 'prompts/greeting.mustache', 'prompts/summarize.txt', 'py/prompts.py']) {
      const usage = await client.call('promptUsage', { path: file });
      const got = new Map(usage.map((u) => [`${u.startLine}-${u.endLine}`, u.calls]));
      assert.deepEqual(got, declaredCalls(file), file);
      for (const u of usage) {
        assert.deepEqual([...u.recentSpans].sort((a, b) => b.startTimeUnixMs - a.startTimeUnixMs), u.recentSpans, 'newest first');
        assert.ok(u.totalTokens > 0 && u.p50DurationMs > 0);
      }
    }
    assert.deepEqual(await client.call('promptUsage', { path: 'prompts/support/system.md.bak' }), []);

    // A span asked for by a panel carries its sources; the call site is on its parent.
    const summarize = (await client.call('promptUsage', { path: 'prompts/summarize.txt' }))[0].recentSpans[0];
    const span = await client.call('getSpan', { traceId: summarize.traceId, spanId: summarize.spanId });
    assert.deepEqual(span?.input?.messages[0].source && { path: span.input.messages[0].source.path, startLine: span.input.messages[0].source.startLine }, { path: 'prompts/summarize.txt', startLine: 1 });

    // An edit that drops the template from the file: its calls no longer link there.
    writeFileSync(path.join(root, 'prompts', 'summarize.txt'), 'Something else entirely, written after the run.\n');
    await client.call('promptFilesChanged', { changed: ['prompts/summarize.txt'], deleted: [] });
    assert.deepEqual(await client.call('promptUsage', { path: 'prompts/summarize.txt' }), []);
    await client.call('promptFilesChanged', { changed: [], deleted: ['src/prompts/constants.ts'] });
    assert.deepEqual(await client.call('promptUsage', { path: 'src/prompts/constants.ts' }), []);

    await assert.rejects(client.call('setPromptWorkspace', { root: 42 as unknown as string }), /root must be a string/);
    assert.equal((await client.call('setPromptWorkspace', { root: null })).root, null);
    assert.equal((await client.call('getSpan', { traceId: summarize.traceId, spanId: summarize.spanId }))?.input?.messages[0].source, undefined);
  } finally {
    await client.dispose();
  }
});
