/**
 * Once ingest is quiet, the engine builds recently arrived big traces ahead of their first read, so
 * that read is served from the kept text; new spans stop a build under way, small traces are left
 * to their (cheap) first read, the work is bounded, and the document is the same either way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { DEFAULT_PREBUILD_LIMITS, IdlePrebuilder, type PrebuildLimits } from '../../../src/engine/store/idle-prebuild';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/protocol/engine-api';
import { makeSpan, makeTrace } from '../../factories/spans';

const LIMITS: PrebuildLimits = { quietMs: 50, minSpans: 100, maxTraces: 8, maxBytes: 5_000_000, firstBytesPerSpan: 1000 };
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
      return { bytes: 1000, kept: true };
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

test('bounded by bytes: newest first while they fit, never one past the bound, small ones never; the estimate learns', async () => {
  const sizes = new Map<string, number>();
  // 1,000 bytes per span expected (LIMITS.firstBytesPerSpan), 5,000,000 bytes per quiet.
  const spansOf = [1500, 1500, 1500, 1500, 1500, 1500, 1500, 2100, 10, 5001];
  const ids = spansOf.map((spans) => {
    const id = makeSpan({}).traceId;
    sizes.set(id, spans);
    return id;
  });
  const built: string[] = [];
  let bytesPerSpan = 1000;
  const prebuilder = new IdlePrebuilder({
    changeCount: () => 0,
    spanCount: (id) => sizes.get(id) ?? null,
    build: async (id) => {
      built.push(id);
      return { bytes: sizes.get(id)! * bytesPerSpan, kept: true };
    },
  }, LIMITS);
  prebuilder.tracesChanged(ids);
  await until(() => prebuilder.built === 2, 'the builds');
  await sleep(LIMITS.quietMs * 3);
  // Ids 0 and 1 fall out of the 8 remembered; 9 is over the whole bound and 8 too small; 7 (2.1 MB)
  // and 6 (1.5 MB) fit, 5 would pass the 5 MB and so would every older one.
  assert.deepEqual(built, [ids[7], ids[6]]);
  assert.equal(prebuilder.stats.tooBig, 1);
  assert.equal(prebuilder.stats.overBudget, 4);
  assert.equal(prebuilder.stats.spans, 3600);
  // What did not fit is not built at a later quiet (it would push out what was just built).
  await sleep(LIMITS.quietMs * 3);
  assert.equal(prebuilder.built, 2);

  // Spans that turn out to hold 3 KB each: a trace that fit the first estimate no longer does.
  bytesPerSpan = 3000;
  const heavy = makeSpan({}).traceId;
  sizes.set(heavy, 1000);
  prebuilder.tracesChanged([heavy]);
  await until(() => prebuilder.built === 3, 'the heavy build');
  assert.equal(prebuilder.expectedBytes(1000), 3_000_000);
  const next = makeSpan({}).traceId;
  sizes.set(next, 2000);
  prebuilder.tracesChanged([next]);
  await until(() => prebuilder.stats.tooBig === 2, 'the estimate to leave it');
  assert.equal(prebuilder.built, 3, '2,000 spans of 3 KB are past the 5 MB bound');
  prebuilder.dispose();
});

test('a trace larger than the caches hold, built on a wrong estimate, is counted as not kept', async () => {
  const prebuilder = new IdlePrebuilder({
    changeCount: () => 0,
    spanCount: () => 1000,
    build: async () => ({ bytes: 9_000_000, kept: false }),
  }, LIMITS);
  prebuilder.tracesChanged([makeSpan({}).traceId]);
  await until(() => prebuilder.built === 1, 'the build');
  assert.equal(prebuilder.stats.tooBig, 1);
  assert.equal(prebuilder.expectedBytes(1000), 9_000_000, 'learned: the next one that size is left to its read');
  prebuilder.dispose();
});

test('a trace past the old 20,000-span limit is built ahead when its text fits the caches, and reads the same', async () => {
  const limits = { ...DEFAULT_PREBUILD_LIMITS, quietMs: 50 };
  const engine = await startEngine(limits);
  const reference = await startEngine(null);
  try {
    const run = makeTrace(25_000, {});
    for (const e of [engine, reference]) e.ingestSpans(run);
    const traceId = run[0].traceId;
    await until(() => engine.stats().readCaches?.prebuild.built === 1, 'the prebuild');
    const { prebuild, textBytes } = engine.stats().readCaches!;
    assert.equal(prebuild.spans, run.length);
    assert.equal(prebuild.tooBig, 0);
    assert.ok(textBytes > 0 && textBytes <= limits.maxBytes);
    const builds = engine.queries.cache.misses;
    const hits = engine.queries.texts.hits;
    const first = Buffer.from(await engine.readTraceJsonBytes([traceId])).toString('utf8');
    assert.equal(engine.queries.cache.misses, builds, 'the first read builds nothing');
    assert.equal(engine.queries.texts.hits, hits + 1, 'the first read is the kept text');
    assert.equal(first, JSON.stringify(reference.queries.getTraceJson([traceId])));
  } finally {
    await engine.stop();
    await reference.stop();
  }
});
