/**
 * Retention under a flood, on the real engine over OTLP/HTTP with a small span cap: the oldest
 * whole traces go, visibly (stats and `changed` events), the newest stay whole; and a single trace
 * larger than the cap.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { context as otelContext, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { EngineEvent } from '../../../src/protocol/engine-api';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { assertResponsive, post, PROTOBUF, startEngineUnderTest, type EngineUnderTest } from './engine-under-test';

const CAP = 500;
let engine: EngineUnderTest;
const evicted = new Set<string>();
before(async () => {
  engine = await startEngineUnderTest({ grpcPort: null, maxSpans: CAP });
  engine.client.onEvent((event: EngineEvent) => {
    if (event.type === 'changed') for (const id of event.evictedTraceIds) evicted.add(id);
  });
});
after(async () => {
  await engine.close();
});

/** A root named `name` with `size - 1` children, made by the real SDK (the root ends last). */
function traceOf(name: string, size: number): ReadableSpan[] {
  return recordSpans((tracer) => {
    const root = tracer.startSpan(name);
    const ctx = trace.setSpan(otelContext.active(), root);
    for (let i = 1; i < size; i++) tracer.startSpan(`${name} child ${i}`, {}, ctx).end();
    root.end();
  });
}

/** Waits (bounded) until a `changed` event has reported `traceId` as evicted. */
async function evictionAnnounced(traceId: string): Promise<boolean> {
  for (let i = 0; i < 100 && !evicted.has(traceId); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return evicted.has(traceId);
}

test('30 traces of 50 spans over a 500-span cap: the 10 newest kept whole, the 20 oldest evicted and announced', async () => {
  const sent: string[] = [];
  for (let t = 0; t < 30; t++) {
    const spans = traceOf(`flood ${t}`, 50);
    sent.push(spans[0].spanContext().traceId);
    assert.equal((await post(engine.httpPort, '/v1/traces', tracesProtobuf(spans), PROTOBUF)).status, 200);
  }
  const stats = await assertResponsive(engine);
  assert.equal(stats.spanCount, CAP);
  assert.equal(stats.evictedTraces, 20);
  assert.equal(stats.evictedSpans, 1000);
  const { traces } = await engine.client.call('listTraces', { limit: 100 });
  assert.deepEqual(traces.map((t) => t.name), Array.from({ length: 10 }, (_, i) => `flood ${29 - i}`));
  for (const t of traces) assert.equal(t.spanCount, 50, `${t.name} whole`);
  for (const id of sent.slice(0, 20)) assert.ok(await evictionAnnounced(id), `eviction of ${id} announced`);
});

test('a trace larger than the cap, arriving in requests of 100: kept whole or gone, never silently cut', async () => {
  const spans = traceOf('bigger than the cap', 800);
  const traceId = spans[0].spanContext().traceId;
  for (let i = 0; i < spans.length; i += 100) {
    assert.equal((await post(engine.httpPort, '/v1/traces', tracesProtobuf(spans.slice(i, i + 100)), PROTOBUF)).status, 200);
  }
  const summary = await engine.client.call('getTraceSummary', { traceId });
  assert.ok(summary === null || summary.spanCount === 800, `kept ${summary?.spanCount} of 800 spans (hasRoot ${summary?.hasRoot})`);
  await assertResponsive(engine);
});
