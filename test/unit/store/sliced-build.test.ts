/**
 * A big trace's first read through the query API builds its Trace JSON in slices, and each step
 * that needs every span at once (the priced costs, start order, duplicate calls, tool links, the
 * placement of costs and links) pauses too. Paused at every chance, each must give what it gives
 * at once: on every fixture's traces and on the hostile agent and RAG traces, span for span, with
 * no span dropped or repeated.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AT_ONCE, type Slices, toEnd } from '../../../src/analysis/sliced-work';
import { linkToolCalls, linkToolCallsInSlices, type ToolLink } from '../../../src/analysis/tool-links';
import { decodeTraces } from '../../../src/engine/otlp';
import { markDuplicateCalls, markDuplicateCallsInSlices } from '../../../src/engine/semconv/duplicate-calls';
import { inStartOrder, inStartOrderSteps } from '../../../src/engine/store/span-start-order';
import { buildTraceSpans } from '../../../src/engine/store/trace-spans-build';
import type { TraceStore } from '../../../src/engine/store/trace-store';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { deepChainTrace, ragAgentTrace, wideAgentTrace } from '../../factories/hostile-traces';
import { openStore, storeEveryFixture } from './open-store';

/** Pauses at every chance, and counts them. */
function everyChance(): Slices & { pauses: number } {
  return { pauses: 0, due() { this.pauses++; return true; }, restart: () => undefined };
}

/** Runs sliced work to its end, counting the pauses it took. */
function paused<T>(steps: Generator<void, T>): { value: T; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, pauses };
    pauses++;
  }
}

/** The build paused at every chance equals the build at once, and lists each stored span once. */
function assertBuildSliced(store: TraceStore, traceId: string, label: string): TraceJsonSpan[] {
  const atOnce = toEnd(buildTraceSpans(store, traceId, AT_ONCE));
  const sliced = paused(buildTraceSpans(store, traceId, everyChance()));
  const ids = sliced.value.spans.map((s) => s.spanId);
  assert.equal(new Set(ids).size, ids.length, `${label}: no span twice`);
  assert.equal(ids.length, store.traceSummary(traceId)!.spanCount, `${label}: every stored span`);
  assert.equal(JSON.stringify(sliced.value.spans), JSON.stringify(atOnce.spans), `${label}: the same spans`);
  assert.equal(sliced.value.chars, atOnce.chars, `${label}: the same size`);
  // At least a pause per span normalized.
  assert.ok(sliced.pauses >= ids.length, `${label}: ${sliced.pauses} pauses for ${ids.length} spans`);
  return atOnce.spans;
}

/** The whole-trace steps alone, paused at every chance, against the same steps at once. */
function assertStepsSliced(built: readonly TraceJsonSpan[], label: string): void {
  const found: Array<[string, ToolLink]> = [];
  const links = paused(linkToolCallsInSlices(built, everyChance(), (tool, link) => { found.push([tool.spanId, link]); }));
  assert.deepEqual(found, [...linkToolCalls(built)], `${label}: tool links, each once, in order`);
  const unmarked = (): TraceJsonSpan[] => built.map((s) => {
    const { duplicateOf: _d, alsoRecordedBy: _a, ...rest } = s;
    return structuredClone(rest) as TraceJsonSpan;
  });
  const once = unmarked();
  markDuplicateCalls(once);
  const sliced = unmarked();
  const marks = paused(markDuplicateCallsInSlices(sliced, everyChance()));
  assert.equal(JSON.stringify(sliced), JSON.stringify(once), `${label}: duplicate calls`);
  const orderable = built.map((s, i) => ({ ...s, arrival: (i * 7919) % built.length }));
  const order = paused(inStartOrderSteps(orderable, everyChance()));
  assert.deepEqual(order.value.map((s) => s.spanId), inStartOrder(orderable).map((s) => s.spanId), `${label}: start order`);
  if (built.length >= 1000) {
    for (const [step, count] of [['links', links.pauses], ['duplicates', marks.pauses], ['order', order.pauses]] as const) {
      assert.ok(count >= Math.floor(built.length / 64), `${label}: ${step} paused ${count} times for ${built.length} spans`);
    }
  }
}

test('every fixture: the build and its whole-trace steps paused at every chance give the spans built at once', async () => {
  const { store, queries } = await openStore();
  storeEveryFixture(store);
  const traces = queries.listTraces({ limit: 100_000 }).traces;
  let tools = 0;
  let duplicates = 0;
  for (const { traceId } of traces) {
    const built = assertBuildSliced(store, traceId, `trace ${traceId}`);
    assertStepsSliced(built, `trace ${traceId}`);
    // The build is the read's: the same spans the engine keeps (before links are resolved and retrievals analyzed).
    queries.getTraceJson([traceId]);
    assert.equal(JSON.stringify(built), JSON.stringify(queries.cache.get(traceId, store.traceSummary(traceId)!.updatedSeq)), `trace ${traceId}: read`);
    tools += built.filter((s) => s.toolLink).length;
    duplicates += built.filter((s) => s.duplicateOf).length;
  }
  // The fixtures hold linked tool spans and calls recorded twice, so both steps had work to do.
  assert.ok(traces.length >= 50 && tools >= 5 && duplicates >= 2, `${traces.length} traces, ${tools} linked tools, ${duplicates} duplicates`);
  store.close();
});

test('the hostile agent trace: sliced as at once, each tool linked to the call that asked for it and the next call', async () => {
  const { store } = await openStore();
  const items = decodeTraces(wideAgentTrace(3_001), 'protobuf').items;
  // Exported children first and the root last, as the SDK does: not in start order.
  store.ingestSpans(items);
  const built = assertBuildSliced(store, items[0].traceId, 'agent');
  assertStepsSliced(built, 'agent');
  // wideAgentTrace's intent: step i is a model call asking for `call_i`, then the tool run with that id;
  // no call's input carries results, so the consumer is the next call under the same parent.
  const calls = built.filter((s) => s.kind === 'llm');
  const toolSpans = built.filter((s) => s.kind === 'tool');
  assert.equal(toolSpans.length, 1_500);
  toolSpans.forEach((tool, i) => {
    assert.equal(tool.tool?.callId, `call_${i}`);
    const next = calls[i + 1];
    assert.deepEqual(tool.toolLink, next ? { requestedBySpanId: calls[i].spanId, consumedBySpanId: next.spanId } : { requestedBySpanId: calls[i].spanId }, `tool ${i}`);
  });
  store.close();
});

test('the hostile RAG trace and a deep chain: sliced as at once', async () => {
  const { store } = await openStore();
  for (const body of [ragAgentTrace(3_000), deepChainTrace(2_000)]) {
    const items = decodeTraces(body, 'protobuf').items;
    store.ingestSpans(items);
    const built = assertBuildSliced(store, items[0].traceId, items[0].name);
    assertStepsSliced(built, items[0].name);
  }
  store.close();
});
