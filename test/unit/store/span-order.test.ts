/**
 * A retrieval step selected without its trace's span rows read first takes the rows' order from a
 * lighter read (span ids, parents, kinds and times only). That order must be the span rows' order,
 * span for span: checked on every fixture's traces and on a hand-made trace with what ordering must
 * survive (equal start times, a child starting before its parent, an orphan, a parent loop, a span
 * sent twice, a span with a backwards end).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTraces } from '../../../src/engine/otlp';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { ragAgentTrace } from '../../factories/hostile-traces';
import { makeSpan, newSpanId, newTraceId } from '../../factories/spans';
import { openStore, type OpenedStore } from './open-store';

function assertSameOrder(opened: OpenedStore, label: string): number {
  let traces = 0;
  for (const { traceId } of opened.queries.listTraces({ limit: 100_000 }).traces) {
    const rows = opened.store.spanRowsOfTrace(traceId);
    const order = opened.store.spanOrderOfTrace(traceId);
    assert.deepEqual(order.map((s) => [s.spanId, s.kind, s.parentSpanId, s.startTimeUnixMs]),
      rows.map((r) => [r.spanId, r.kind, r.parentSpanId, r.startTimeUnixMs]), `${label}: trace ${traceId}`);
    traces++;
  }
  return traces;
}

test('every fixture and the RAG agent trace: the light order read lists the spans exactly as the span rows do', async () => {
  const entries = manifest().filter((e) => !e.expectError && e.signal === 'traces');
  const opened = await openStore();
  for (const entry of entries) {
    const body = fixtureBody(entry);
    if (body) opened.store.ingestSpans(decodeTraces(body, entry.encoding).items);
  }
  opened.store.ingestSpans(decodeTraces(ragAgentTrace(2_000), 'protobuf').items);
  assert.ok(assertSameOrder(opened, 'fixtures') > 50);
  opened.store.close();
});

test('equal starts, a child before its parent, an orphan, a loop, a duplicate and a backwards end keep the span rows order', async () => {
  const opened = await openStore();
  const traceId = newTraceId();
  const at = 1_764_190_000_000;
  const root = makeSpan({ traceId, name: 'root', startTimeUnixMs: at, durationMs: 100 });
  const a = makeSpan({ traceId, name: 'a', parentSpanId: root.spanId, startTimeUnixMs: at + 5, durationMs: 10 });
  const b = makeSpan({ traceId, name: 'b', parentSpanId: root.spanId, startTimeUnixMs: at + 5, durationMs: 30, attributes: { 'gen_ai.operation.name': 'retrieval' } });
  const early = makeSpan({ traceId, name: 'child before parent', parentSpanId: a.spanId, startTimeUnixMs: at + 1, durationMs: 2, attributes: { 'gen_ai.operation.name': 'chat' } });
  const orphan = makeSpan({ traceId, name: 'orphan', parentSpanId: newSpanId(), startTimeUnixMs: at + 5, durationMs: 1 });
  const loopX = newSpanId();
  const loopY = makeSpan({ traceId, name: 'loop y', parentSpanId: loopX, startTimeUnixMs: at + 7 });
  const loopXSpan = makeSpan({ traceId, spanId: loopX, name: 'loop x', parentSpanId: loopY.spanId, startTimeUnixMs: at + 7 });
  const backwards = makeSpan({ traceId, name: 'backwards', parentSpanId: b.spanId, startTimeUnixMs: at + 9, endTimeUnixMs: at + 3 });
  // Arrival order differs from start order; the duplicate of `a` arrives last.
  opened.store.ingestSpans([backwards, loopY, early, b, orphan, loopXSpan, a, root]);
  opened.store.ingestSpans([{ ...a, name: 'a again' }]);
  assert.ok(opened.store.spanRowsOfTrace(traceId).length >= 8);
  assertSameOrder(opened, 'hand-made');
  opened.store.close();
});
