/**
 * Once ingest is quiet, the engine builds recently arrived big traces ahead of their first read, so
 * that read is served from the kept text; new spans stop a build under way, small traces are left
 * to their (cheap) first read, the work is bounded, and the document is the same either way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { IdlePrebuilder, type PrebuildLimits } from '../../../src/engine/store/idle-prebuild';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/protocol/engine-api';
import { makeSpan, makeTrace } from '../../factories/spans';

const LIMITS: PrebuildLimits = { quietMs: 50, minSpans: 100, maxTraces: 8, maxBuilds: 4, maxSpans: 5000 };
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

test('bounded: the newest few big traces, never one past the span budget, small ones never', async () => {
  const sizes = new Map<string, number>();
  const ids = Array.from({ length: 10 }, (_, i) => {
    const id = makeSpan({}).traceId;
    sizes.set(id, i === 9 ? LIMITS.maxSpans + 1 : i === 8 ? 10 : 1000);
    return id;
  });
  const built: string[] = [];
  const prebuilder = new IdlePrebuilder({ changeCount: () => 0, spanCount: (id) => sizes.get(id) ?? null, build: async (id) => void built.push(id) }, LIMITS);
  prebuilder.tracesChanged(ids);
  await until(() => prebuilder.built === LIMITS.maxBuilds, 'the builds');
  await sleep(LIMITS.quietMs * 3);
  // Ids 0 and 1 fall out of the 8 remembered; 9 is over the budget and 8 too small.
  assert.deepEqual(built, [ids[7], ids[6], ids[5], ids[4]]);
  prebuilder.dispose();
});
