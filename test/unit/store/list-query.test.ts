import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { dispatchRequest } from '../../../src/engine/engine-dispatch';
import { DEFAULT_ENGINE_CONFIG, type EngineRequest } from '../../../src/protocol/engine-api';
import { makeSpan } from '../../factories/spans';

async function engineWith(traces: number): Promise<Engine> {
  const engine = await Engine.create({ config: { ...DEFAULT_ENGINE_CONFIG, snapshotPath: null }, emit: () => undefined });
  engine.ingestSpans(Array.from({ length: traces }, (_, i) => makeSpan({ name: `t${i}`, startTimeUnixMs: 1000 + i })));
  return engine;
}

/** A listTraces request as a caller over postMessage might send it, wrong types included. */
function listTraces(params: Record<string, unknown>): EngineRequest {
  return { method: 'listTraces', params } as unknown as EngineRequest;
}

test('listTraces with parameters of the wrong type fails with the parameter named, not a SQL error', async () => {
  const engine = await engineWith(3);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ limit: 'x' }, /limit must be a number, not "x"/],
    [{ limit: Number.NaN }, /limit must be a number/],
    [{ offset: '2' }, /offset must be a number, not "2"/],
    [{ limit: -1 }, /limit must not be negative/],
    [{ offset: -5 }, /offset must not be negative/],
    [{ status: 'broken' }, /status must be "ok" or "error"/],
    [{ service: 42 }, /service must be a string/],
    [{ text: { like: '%' } }, /text must be a string/],
    [{ sessionId: ['a'] }, /sessionId must be a string/],
  ];
  for (const [params, message] of cases) {
    await assert.rejects(dispatchRequest(engine, listTraces(params)), (error: Error) => {
      assert.match(error.message, message, JSON.stringify(params));
      assert.doesNotMatch(error.message, /datatype|SQL/i);
      return true;
    });
  }
  await engine.stop();
});

test('listTraces clamps a huge limit and rounds fractions down; absent values take the defaults', async () => {
  const engine = await engineWith(5);
  const page = async (params: Record<string, unknown>) => (await dispatchRequest(engine, listTraces(params))) as { traces: Array<{ name: string }>; total: number };
  assert.equal((await page({ limit: 1e12 })).traces.length, 5);
  assert.equal((await page({ limit: Number.POSITIVE_INFINITY })).traces.length, 5);
  assert.deepEqual((await page({ limit: 2.9, offset: 1.5 })).traces.map((t) => t.name), ['t3', 't2']);
  assert.equal((await page({ offset: 1e300 })).traces.length, 0);
  const all = await page({ limit: null, offset: undefined, status: null });
  assert.equal(all.total, 5);
  assert.equal(all.traces.length, 5);
  await engine.stop();
});
