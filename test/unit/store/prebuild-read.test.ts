/**
 * What the quiet-time prebuild keeps is what a fresh read gives: on every fixture's traces (logs
 * included) and on the hostile RAG trace, the document served after `prebuild` is byte for byte the
 * document of a store that never prebuilt. A prebuild stopped by its own pause (new spans arrived)
 * stops there: it is not started again behind the pause's back, and nothing half built is kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTraces } from '../../../src/engine/otlp';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { ragAgentTrace } from '../../factories/hostile-traces';
import { openStore, storeEveryFixture } from './open-store';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

test('every fixture trace: prebuilt, then read, is the fresh read byte for byte, served from the kept text', async () => {
  const { store, queries } = await openStore();
  storeEveryFixture(store);
  const fresh = new TraceQueries(store);
  const traces = queries.listTraces({ limit: 100_000 }).traces;
  assert.ok(traces.length >= 50, `${traces.length} fixture traces`);
  for (const { traceId } of traces) {
    const kept = await queries.prebuild(traceId, nextTurn);
    assert.ok(kept.kept && kept.bytes > 0, `trace ${traceId}: kept`);
    const hits = queries.texts.hits;
    const read = text(await queries.getTraceJsonBytesInSlices([traceId], nextTurn));
    assert.equal(queries.texts.hits, hits + 1, `trace ${traceId}: the read is the kept text`);
    assert.equal(read, text(fresh.getTraceJsonBytes([traceId])), `trace ${traceId}: the same document`);
    assert.equal(read, JSON.stringify(fresh.getTraceJson([traceId])), `trace ${traceId}: the same as the object read`);
  }
  store.close();
});

test('the hostile RAG trace: prebuilt in slices (build, retrieval analysis, text) reads as a fresh store does', async () => {
  const { store, queries } = await openStore();
  const items = decodeTraces(ragAgentTrace(3_000), 'protobuf').items;
  store.ingestSpans(items);
  const traceId = items[0].traceId;
  let pauses = 0;
  const kept = await queries.prebuild(traceId, async () => { pauses++; await nextTurn(); });
  assert.ok(kept.kept);
  assert.ok(pauses >= 10, `${pauses} pauses`);
  // Its bytes: the larger of the text (exact) and the spans' estimate.
  const read = await queries.getTraceJsonBytesInSlices([traceId], nextTurn);
  assert.ok(kept.bytes >= read.byteLength);
  assert.equal(text(read), text(new TraceQueries(store).getTraceJsonBytes([traceId])));
  store.close();
});

test('a prebuild stopped by its own pause ends there, keeps nothing half built, and the next read is whole', async () => {
  const { store, queries } = await openStore();
  const items = decodeTraces(ragAgentTrace(2_000), 'protobuf').items;
  store.ingestSpans(items);
  const traceId = items[0].traceId;
  const version = store.traceSummary(traceId)!.updatedSeq;
  let calls = 0;
  const stop = new Error('something was stored');
  await assert.rejects(queries.prebuild(traceId, async () => {
    calls++;
    await nextTurn();
    if (calls >= 2) throw stop;
  }), (error) => error === stop);
  assert.equal(calls, 2, 'no pause after the one that stopped it (the build is not started again)');
  assert.equal(queries.cache.has(traceId, version), false, 'nothing half built is kept');
  const read = text(await queries.getTraceJsonBytesInSlices([traceId], nextTurn));
  assert.equal(read, text(new TraceQueries(store).getTraceJsonBytes([traceId])));
  store.close();
});
