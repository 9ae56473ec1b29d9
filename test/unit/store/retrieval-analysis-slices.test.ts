/**
 * The retrieval analysis of a trace read through the query API (and built ahead by the idle
 * prebuilder) runs a slice at a time, so a big RAG trace's analysis does not stop the engine thread.
 * The sliced analysis must give the whole analysis' result, on every fixture's traces pausing after
 * every piece, and the sliced read must give the very bytes of the read at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeRetrievals, analyzeRetrievalsInSlices } from '../../../src/analysis/retrieval';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { ragAgentTrace } from '../../factories/hostile-traces';
import { openStore } from './open-store';

test('every fixture: the analysis pausing after every step is the analysis at once', async () => {
  const entries = manifest().filter((e) => !e.expectError);
  const opened = await openStore();
  for (const entry of entries.filter((e) => e.signal === 'traces')) {
    const body = fixtureBody(entry);
    if (body) opened.store.ingestSpans(decodeTraces(body, entry.encoding).items);
  }
  opened.store.ingestLogs(entries.filter((e) => e.signal === 'logs').flatMap((e) => {
    const body = fixtureBody(e);
    return body ? decodeLogs(body, e.encoding).items : [];
  }));
  let steps = 0;
  let pauses = 0;
  for (const { traceId, updatedSeq } of opened.queries.listTraces({ limit: 100_000 }).traces) {
    opened.queries.getTraceJson([traceId]);
    // The spans before the analysis, as the engine analyzes them.
    const built = opened.queries.cache.get(traceId, updatedSeq)!;
    const sliced = analyzeRetrievalsInSlices(built, {}, { due: () => true, restart: () => undefined });
    let step = sliced.next();
    let restarts = 0;
    for (; !step.done; step = sliced.next()) restarts++;
    pauses += restarts;
    assert.equal(JSON.stringify(step.value), JSON.stringify(analyzeRetrievals(built)), `trace ${traceId}`);
    const own = built.filter((s) => s.kind === 'retrieval' || s.kind === 'rerank').length;
    // At least one pause per step with a result (its consumer search), none without steps.
    if (own === 0) assert.equal(restarts, 0);
    steps += own;
  }
  assert.ok(steps >= 20 && pauses >= steps, `${steps} steps, ${pauses} pauses`);
  opened.store.close();
});

test('the RAG agent trace read in slices: the same bytes as read at once, its analysis sliced and then reused by the read', async () => {
  const opened = await openStore();
  const items = decodeTraces(ragAgentTrace(3_000), 'protobuf').items;
  opened.store.ingestSpans(items);
  const traceId = items[0].traceId;
  const atOnce = new TraceQueries(opened.store).getTraceJsonBytes([traceId]);
  const sliced = new TraceQueries(opened.store);
  // Pauses that come while the analysis is under way: it has started (a miss) and is not kept yet (no hit).
  let analysisPauses = 0;
  const bytes = await sliced.getTraceJsonBytesInSlices([traceId], async () => {
    if (sliced.retrievals.misses === 1 && sliced.retrievals.hits === 0) analysisPauses++;
    await new Promise((resolve) => setImmediate(resolve));
  });
  assert.ok(Buffer.from(bytes).equals(Buffer.from(atOnce)), 'the same bytes');
  assert.deepEqual({ misses: sliced.retrievals.misses, hits: sliced.retrievals.hits }, { misses: 1, hits: 1 }, 'analyzed once, in slices, then reused');
  // ≈ 120 retrievals and 30 reranks, 64 steps per slice at most: several pauses (ragAgentTrace's shape).
  assert.ok(analysisPauses >= 3, `${analysisPauses} pauses in the analysis`);
  opened.store.close();
});
