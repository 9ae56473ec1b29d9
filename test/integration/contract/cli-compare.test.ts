/**
 * `tracelight compare` from outside, as installed: on the compare pairs imported from their files
 * and through a running `tracelight serve` (query API), with unique prefixes; the Compare JSON
 * contract; the readable summary; exit codes; bad ids and an unreachable URL.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { CompareJson } from '../../../src/protocol/compare-json';
import { startCli } from '../../unit/cli/run-cli';
import { intent, PAIRS_DIR } from '../../unit/analysis/compare-pair-fixtures';
import { assertBuilt, tracelight } from './installed-cli';

before(assertBuilt);

const ALL_FILES = intent.pairs.flatMap((p) => [...p.a.files, ...p.b.files]).map((f) => join(PAIRS_DIR, f));
const ALL_IDS = intent.pairs.flatMap((p) => [p.a.traceId, p.b.traceId]);

/** The shortest prefix of `id` that no other trace id starts with. */
function uniquePrefix(id: string): string {
  for (let n = 1; n <= 32; n++) if (ALL_IDS.filter((other) => other.startsWith(id.slice(0, n))).length === 1) return id.slice(0, n);
  return id;
}

async function compareJson(args: string[]): Promise<CompareJson> {
  const run = await tracelight(['compare', ...args, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as CompareJson;
}

const RUN_KEYS = ['traceId', 'name', 'status', 'durationMs', 'usage', 'costUsd', 'llmCalls', 'toolCalls'];
const DELTA_KEYS = ['inputTokens', 'outputTokens', 'totalTokens', 'costUsd', 'durationMs', 'llmCalls', 'toolCalls'];
const PAIR_DELTA_KEYS = ['durationMs', 'inputTokens', 'outputTokens', 'totalTokens', 'costUsd'];

for (const pair of intent.pairs) {
  test(`compare ${pair.name}: the contract's fields, every declared pair, only-in-A/B and semanticDifference`, async () => {
    const json = await compareJson([uniquePrefix(pair.a.traceId), uniquePrefix(pair.b.traceId), ...ALL_FILES]);
    assert.equal(json.version, 1);
    for (const key of RUN_KEYS) assert.ok(key in json.a && key in json.b, `run field ${key}`);
    for (const key of DELTA_KEYS) assert.ok(key in json.deltas, `delta ${key}`);
    assert.equal(json.a.traceId, pair.a.traceId);
    assert.equal(json.b.traceId, pair.b.traceId);
    const expected = pair.expect.pairs.map((p) => `${pair.a.steps[p.a]} ${pair.b.steps[p.b]}`).sort();
    assert.deepEqual(json.pairs.map((p) => `${p.a} ${p.b}`).sort(), expected);
    for (const p of json.pairs) {
      for (const key of PAIR_DELTA_KEYS) assert.ok(key in p.deltas, `pair delta ${key}`);
      assert.ok(Array.isArray(p.changes) && Array.isArray(p.messages) && p.status && p.kind && p.name);
    }
    assert.deepEqual(json.onlyInA.map((s) => s.spanId).sort(), pair.expect.onlyInA.map((l) => pair.a.steps[l]).sort());
    assert.deepEqual(json.onlyInB.map((s) => s.spanId).sort(), pair.expect.onlyInB.map((l) => pair.b.steps[l]).sort());
    assert.equal(json.semanticDifference, pair.expect.semanticDifference);
  });
}

test('without FILEs the traces come from a running Tracelight: the same JSON as from the files', async () => {
  const serve = startCli(['serve', '--port', '0', '--no-grpc']);
  try {
    const [, url] = await serve.waitFor(/OTLP\/HTTP\s+(http:\/\/127\.0\.0\.1:\d+)/);
    for (const file of ALL_FILES) {
      const signal = /-logs\./.test(file) ? 'logs' : 'traces';
      const response = await fetch(`${url}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: readFileSync(file) });
      assert.equal(response.status, 200, file);
    }
    const pair = intent.pairs.find((p) => p.name === 'failing-tool')!;
    const ids = [uniquePrefix(pair.a.traceId), uniquePrefix(pair.b.traceId)];
    const fromFiles = await compareJson([...ids, ...ALL_FILES]);
    const fromServer = await compareJson([...ids, '--url', url]);
    assert.deepEqual(fromServer, fromFiles);
  } finally {
    serve.child.kill('SIGINT');
    await serve.exited;
  }
});

test('without --json: a readable summary with both runs, the deltas and the verdict; exit code 0', async () => {
  const pair = intent.pairs.find((p) => p.name === 'timing')!;
  const run = await tracelight(['compare', pair.a.traceId, pair.b.traceId, ...ALL_FILES]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`^A  ${pair.a.traceId} `, 'm'));
  assert.match(run.stdout, new RegExp(`^B  ${pair.b.traceId} `, 'm'));
  assert.match(run.stdout, /^Same: only timing differs \(\+/m);
  assert.match(run.stdout, /^ {4}= chat gpt-4o-mini$/m);
});

test('an ambiguous prefix, an unknown id and an unreachable URL are clear errors with exit code 1', async () => {
  const shared = ALL_IDS.map((id) => id[0]).find((c, i, all) => all.indexOf(c) !== i);
  assert.ok(shared, 'two of the twelve trace ids start with the same digit');
  const ambiguous = await tracelight(['compare', shared, ALL_IDS[0], ...ALL_FILES]);
  assert.equal(ambiguous.code, 1);
  assert.match(ambiguous.stderr, new RegExp(`'${shared}' is the start of \\d+ trace ids .*give more digits`));
  const unknown = await tracelight(['compare', 'ffffffffffffff', ALL_IDS[0], ...ALL_FILES.slice(0, 2)]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no trace id starts with 'ffffffffffffff'/);
  const unreachable = await tracelight(['compare', 'abc', 'def', '--url', 'http://127.0.0.1:9']);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /no Tracelight answers at http:\/\/127\.0\.0\.1:9/);
  const usage = await tracelight(['compare', 'abc']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /compare needs two trace ids/);
});
