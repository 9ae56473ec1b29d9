/**
 * The retrieval analysis of a trace read through the query API (and built ahead by the idle
 * prebuilder) runs a slice at a time, so a big RAG trace's analysis does not stop the engine thread.
 * The sliced analysis must give the whole analysis' result, on every fixture's traces pausing after
 * every piece, and the sliced read must give the very bytes of the read at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRetrievals, analyzeRetrievalsInSlices } from '../../../src/analysis/retrieval';
import { findConsumer, findConsumerInSlices, PromptIndex, spansFrom } from '../../../src/analysis/retrieval/consumer';
import { toEnd } from '../../../src/analysis/sliced-work';
import type { TraceJsonDocument } from '../../../src/protocol/trace-json';
import { FIXTURES } from '../../webview/fixture-engine';
import { decodeTraces } from '../../../src/engine/otlp';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { ragAgentTrace } from '../../factories/hostile-traces';
import { openStore, storeEveryFixture } from './open-store';

/** The captured LangChain run whose retriever and model were invoked separately (two traces; the generator declares the answer in the second). */
function crossTraceFile(): string {
  const truth = JSON.parse(readFileSync(join(FIXTURES, 'retrieval', 'truth.json'), 'utf8')) as { scenarios: { key: string; files: string[]; answerInOtherTrace: boolean }[] };
  const scenario = truth.scenarios.find((s) => s.key === 'langchain-cross-trace')!;
  assert.equal(scenario.answerInOtherTrace, true);
  return scenario.files[0];
}

test('every fixture: the analysis pausing after every step is the analysis at once', async () => {
  const opened = await openStore();
  storeEveryFixture(opened.store);
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

test('a consumer search over every later call of a big trace pauses between calls, and finds what the search at once finds', async () => {
  const opened = await openStore();
  const items = decodeTraces(ragAgentTrace(3_000), 'protobuf').items;
  opened.store.ingestSpans(items);
  const traceId = items[0].traceId;
  opened.queries.getTraceJson([traceId]);
  const built = opened.queries.cache.get(traceId, opened.store.traceSummary(traceId)!.updatedSeq)!;
  const step = built.find((s) => s.kind === 'retrieval')!;
  const prompts = () => new PromptIndex();
  // A document no call was given: the search reads every later call of the trace.
  const docs = [{ rank: 1, content: 'Archive memo: the warehouse ledger of 1999 moved to cold storage in March, never quoted.' }];
  const every = { pauses: 0, due() { this.pauses++; return true; }, restart: () => undefined };
  const sliced = findConsumerInSlices(step, docs, spansFrom(built), function* () { return []; }, prompts(), () => undefined, every);
  let pauses = 0;
  let next = sliced.next();
  for (; !next.done; next = sliced.next()) pauses++;
  assert.equal(next.value, findConsumer(step, docs, spansFrom(built), () => [], prompts()));
  assert.equal(next.value, undefined, 'no call holds it');
  assert.ok(pauses >= Math.floor(built.length / 64) - 1, `${pauses} pauses over ${built.length} spans`);
  // The document every call of step 0 was given (ragDocuments(0)'s first): found at once, as before.
  const given = [{ rank: 1, content: step.retrieval!.documents[0].content }];
  const found = toEnd(findConsumerInSlices(step, given, spansFrom(built), function* () { return []; }, prompts(), () => undefined, every));
  assert.equal((found as { span: { spanId: string } }).span.spanId, (findConsumer(step, given, spansFrom(built), () => [], prompts()) as { span: { spanId: string } }).span.spanId);
  opened.store.close();
});

test('a nearby trace searched for the consuming call and not built yet is built in slices during the read, with the same bytes', async () => {
  const opened = await openStore();
  const decoded = decodeTraces(readFileSync(join(FIXTURES, 'retrieval', crossTraceFile())), 'protobuf').items;
  const retriever = decoded.filter((s) => decoded.some((r) => r.traceId === s.traceId && /retriev/i.test(r.name)));
  const model = decoded.filter((s) => !retriever.includes(s));
  const modelId = model[0].traceId;
  // The model's trace padded to 2,000 spans (plain steps under its first span), so its build takes several slices.
  const padding = Array.from({ length: 2_000 - model.length }, (_, i) => ({ ...model[0], spanId: (i + 1).toString(16).padStart(16, '0'), parentSpanId: model[0].spanId,
    name: `padding ${i}`, attributes: {} }));
  opened.store.ingestSpans(retriever);
  opened.store.ingestSpans([...model, ...padding]);
  const retrieverId = retriever[0].traceId;
  const atOnce = new TraceQueries(opened.store).getTraceJsonBytes([retrieverId]);
  const sliced = new TraceQueries(opened.store);
  const modelVersion = opened.store.traceSummary(modelId)!.updatedSeq;
  let pausesBuildingNearby = 0;
  const bytes = await sliced.getTraceJsonBytesInSlices([retrieverId], async () => {
    if (sliced.retrievals.misses === 1 && !sliced.cache.has(modelId, modelVersion)) pausesBuildingNearby++;
    await new Promise((resolve) => setImmediate(resolve));
  });
  assert.ok(Buffer.from(bytes).equals(Buffer.from(atOnce)), 'the same bytes');
  const retrieval = (JSON.parse(Buffer.from(bytes).toString('utf8')) as TraceJsonDocument).traces[0].spans!.find((s) => s.kind === 'retrieval')!.retrieval!;
  assert.equal(retrieval.answerTraceId, modelId, 'the answer is in the other trace (the fixture generator\'s intent)');
  assert.ok(sliced.cache.has(modelId, modelVersion), 'the nearby trace is kept');
  // 2,000 spans at most 250 per slice: 8 slices, so at least 7 pauses inside its build.
  assert.ok(pausesBuildingNearby >= 7, `${pausesBuildingNearby} pauses while the nearby trace was built`);
  opened.store.close();
});
