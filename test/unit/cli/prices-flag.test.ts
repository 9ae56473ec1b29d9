/**
 * `tracelight import --json --prices FILE` on a real OpenLLMetry capture (Anthropic calls with cache
 * reads and writes): the list price without the flag, the user's price with it, each call's source
 * shown; a bad prices file is refused with its problem named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TraceJsonDocument, TraceJsonSpan } from '../../../src/protocol/trace-json';
import { runCli } from './run-cli';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures');
const files = ['openllmetry/001-traces.pb'].map((f) => path.join(FIXTURES, f));
const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-prices-'));

function calls(doc: TraceJsonDocument): TraceJsonSpan[] {
  return doc.traces.flatMap((t) => t.spans ?? []).filter((s) => s.cost && s.usage && (s.usage.inputTokens ?? 0) > 0);
}

test('--prices FILE: the user\'s prices win, per call and per trace', async () => {
  const plain = await runCli(['import', '--json', ...files]);
  assert.equal(plain.code, 0, plain.stderr);
  const listed = calls(JSON.parse(plain.stdout) as TraceJsonDocument);
  assert.ok(listed.length > 0);
  assert.ok(listed.every((s) => s.cost!.source === 'computed' && s.cost!.priceModel));
  const prices = path.join(dir, 'prices.json');
  writeFileSync(prices, JSON.stringify({ '*': { input: 1, output: 2, cacheRead: 0.5, cacheWrite: 4 } }));
  const run = await runCli(['import', '--json', '--prices', prices, ...files]);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  for (const s of calls(doc)) {
    const u = s.usage!;
    const read = u.cacheReadTokens ?? 0;
    const write = u.cacheWriteTokens ?? 0;
    const expected = ((u.inputTokens! - read - write) * 1 + read * 0.5 + write * 4 + (u.outputTokens ?? 0) * 2) / 1e6;
    assert.ok(Math.abs(s.costUsd! - expected) < 1e-12, `${s.name}: ${s.costUsd} ≠ ${expected}`);
    assert.deepEqual([s.cost!.source, s.cost!.priceModel], ['override', '*']);
  }
  assert.ok(doc.traces.some((t) => t.costUsd !== null && t.unpricedCalls === 0));
});

test('a bad prices file is refused, naming the entry', async () => {
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ 'gpt-4o-mini': { input: 'cheap', output: 1 } }));
  const run = await runCli(['import', '--prices', bad, ...files]);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /gpt-4o-mini.*input must be non-negative numbers/);
  const notJson = path.join(dir, 'not.json');
  writeFileSync(notJson, '{ nope');
  assert.match((await runCli(['import', '--prices', notJson, ...files])).stderr, /--prices .*not\.json/);
});
