/**
 * Once ingest is quiet, the engine builds recently arrived big traces ahead of their first read, so
 * that read is served from the kept text; new spans stop a build under way, small traces are left
 * to their (cheap) first read, and the document is the same either way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { IdlePrebuilder, type PrebuildLimits } from '../../../src/engine/store/idle-prebuild';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/protocol/engine-api';
import { makeSpan, makeTrace } from '../../factories/spans';

const LIMITS: PrebuildLimits = { quietMs: 50, minSpans: 100, maxTraces: 4, maxSpans: 5000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startEngine(prebuild: PrebuildLimits | null): Promise<Engine> {
  return Engine.create({ config: { ...DEFAULT_ENGINE_CONFIG, snapshotPath: null, changeDebounceMs: 10 }, emit: () => undefined, prebuild });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

test('a big trace that just arrived is built while ingest is quiet: its first read is a hit, the same document', async () => {
  const engine = await startEngine(LIMITS);
  const reference = await startEngine(null);
  try {
    const big = makeTrace(299, { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } });
    const small = makeTrace(9, {});
    for (const e of [engine, reference]) {
      e.ingestSpans(big);
      e.ingestSpans(small);
    }
    await until(() => engine.queries.texts.misses >= 1, 'the prebuild');
    await sleep(LIMITS.quietMs * 3);
    assert.equal(engine.queries.texts.misses, 1, 'the big trace only: the small one is left to its first read');
    const built = engine.queries.cache.misses;
    const hits = engine.queries.texts.hits;
    const first = Buffer.from(engine.queries.getTraceJsonBytes([big[0].traceId])).toString('utf8');
    assert.equal(engine.queries.cache.misses, built, 'the first read builds nothing');
    assert.equal(engine.queries.texts.hits, hits + 1, 'the first read is served from the kept text');
    assert.equal(first, JSON.stringify(reference.queries.getTraceJson([big[0].traceId])), 'the same document as a read without prebuilding');
  } finally {
    await engine.stop();
    await reference.stop();
  }
});

test('new spans stop a build under way; it is done at the next quiet', async () => {
  let changes = 0;
  const pauses: Array<() => Promise<void>> = [];
  let finished = 0;
  const prebuilder = new IdlePrebuilder({
    changeCount: () => changes,
    spanCount: () => 1000,
    build: async (_traceId, pause) => {
      for (let slice = 0; slice < 5; slice++) {
        pauses.push(pause);
        await sleep(20);
        await pause();
      }
      finished++;
    },
  }, LIMITS);
  prebuilder.tracesChanged(['a'.repeat(32)]);
  await until(() => pauses.length >= 1, 'the build to start');
  changes++;
  prebuilder.tracesChanged(['b'.repeat(32)]);
  await until(() => prebuilder.cancelled === 1, 'the build to stop');
  assert.equal(finished, 0, 'stopped at a slice boundary');
  assert.ok(pauses.length < 5, 'before its last slice');
  await until(() => prebuilder.built === 2, 'both traces built at the next quiet');
  assert.equal(finished, 2);
  prebuilder.dispose();
});

test('nothing is built while spans keep arriving', async () => {
  let changes = 0;
  let builds = 0;
  const prebuilder = new IdlePrebuilder({ changeCount: () => changes, spanCount: () => 1000, build: async () => void builds++ }, LIMITS);
  for (let i = 0; i < 10; i++) {
    changes++;
    prebuilder.tracesChanged([makeSpan({}).traceId]);
    await sleep(LIMITS.quietMs / 3);
  }
  assert.equal(builds, 0);
  await until(() => builds > 0, 'a build once quiet');
  assert.equal(builds, LIMITS.maxTraces, 'the newest few traces only');
  prebuilder.dispose();
});
