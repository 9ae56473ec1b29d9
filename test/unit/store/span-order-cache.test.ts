/**
 * The span order kept for selecting retrieval steps is advanced by merging in the spans that
 * arrived since it was read. After every arrival it must list the steps and model calls exactly as
 * a whole read of the order does: checked while every fixture and the RAG agent trace arrive in
 * pieces out of order, and on what the merge must not take (a span adopting orphans, a log record
 * normalizing its span again, a pending placeholder replaced by its real span under the same row
 * id, equal keys that only arrival order breaks).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import type { DecodedSpan } from '../../../src/engine/model';
import { SpanOrderCache, type OrderSource } from '../../../src/engine/store/span-order-cache';
import type { TraceStore } from '../../../src/engine/store/trace-store';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { ragAgentTrace } from '../../factories/hostile-traces';
import { makeLog, makeSpan, newSpanId, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';

const sourceOf = (store: TraceStore, traceId: string): OrderSource => ({
  mark: () => store.spanOrderMark(traceId),
  whole: () => store.spanOrderOfTrace(traceId),
  arrivedAfter: (arrival) => store.spansArrivedAfter(traceId, arrival),
});

const listed = (kind: string): boolean => kind === 'retrieval' || kind === 'rerank' || kind === 'llm';

/** The cache's rows of every trace against a whole read of its order, at the trace's current version. */
function assertSameAsWhole(store: TraceStore, cache: SpanOrderCache, label: string): void {
  for (const { traceId, updatedSeq } of store.listTraces({ limit: 100_000 }).traces) {
    const kept = cache.rows(traceId, updatedSeq, sourceOf(store, traceId)).map((r) => [r.spanId, r.kind, r.parentSpanId, r.startTimeUnixMs]);
    const whole = store.spanOrderOfTrace(traceId).filter((s) => listed(s.kind)).map((s) => [s.spanId, s.kind, s.parentSpanId, s.startTimeUnixMs]);
    assert.deepEqual(kept, whole, `${label}: trace ${traceId}`);
  }
}

/** Deterministic shuffle (spans arrive out of start order, as batches from many processes do). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

test('every fixture and the RAG agent trace arriving in pieces out of order: the merged order is the whole read, piece after piece', async () => {
  const opened = await openStore();
  const cache = new SpanOrderCache(1_000);
  const spans: DecodedSpan[] = manifest().filter((e) => !e.expectError && e.signal === 'traces').flatMap((e) => {
    const body = fixtureBody(e);
    return body ? decodeTraces(body, e.encoding).items : [];
  });
  spans.push(...decodeTraces(ragAgentTrace(2_000), 'protobuf').items);
  const arriving = shuffled(spans, 7);
  for (let at = 0, piece = 1; at < arriving.length; at += piece, piece = 1 + ((piece * 37) % 300)) {
    opened.store.ingestSpans(arriving.slice(at, at + piece));
    assertSameAsWhole(opened.store, cache, `after ${at + piece} spans`);
  }
  // Most advances merged what arrived; some could not (a span arriving after its children) and read again.
  assert.ok(cache.counts.merged >= 100 && cache.counts.read >= 50, JSON.stringify(cache.counts));
  // Logs after their spans normalize them again: the order is read whole, not merged.
  const before = { ...cache.counts };
  opened.store.ingestLogs(manifest().filter((e) => !e.expectError && e.signal === 'logs').flatMap((e) => {
    const body = fixtureBody(e);
    return body ? decodeLogs(body, e.encoding).items : [];
  }));
  assertSameAsWhole(opened.store, cache, 'after the logs');
  assert.ok(cache.counts.read > before.read, 'a trace that received logs was read again');
  opened.store.close();
});

test('equal keys keep arrival order; a span adopting orphans, a log record, a replaced placeholder or a loop make the order read again', async () => {
  const opened = await openStore();
  const cache = new SpanOrderCache();
  const traceId = newTraceId();
  const at = 1_764_190_000_000;
  const root = makeSpan({ traceId, name: 'root', startTimeUnixMs: at, durationMs: 100 });
  const chat = (name: string, parentSpanId: string, start: number, duration = 5): DecodedSpan =>
    makeSpan({ traceId, name, parentSpanId, startTimeUnixMs: start, durationMs: duration, attributes: { 'gen_ai.operation.name': 'chat' } });
  const step = (name: string, parentSpanId: string, start: number): DecodedSpan =>
    makeSpan({ traceId, name, parentSpanId, startTimeUnixMs: start, durationMs: 5, attributes: { 'gen_ai.operation.name': 'retrieval' } });
  const missingParent = newSpanId();
  const names = (): string[] => {
    const summary = opened.store.traceSummary(traceId)!;
    const rows = cache.rows(traceId, summary.updatedSeq, sourceOf(opened.store, traceId));
    const byId = new Map(opened.store.spanRowsOfTrace(traceId).map((r) => [r.spanId, r.name]));
    return rows.map((r) => byId.get(r.spanId)!);
  };
  const step1 = (spans: DecodedSpan[], label: string, how: 'merged' | 'read'): void => {
    const before = cache.counts[how];
    opened.store.ingestSpans(spans);
    assertSameAsWhole(opened.store, cache, label);
    assert.equal(cache.counts[how], before + 1, `${label}: ${how}`);
  };
  opened.store.ingestSpans([root, chat('a', root.spanId, at + 10), step('orphan step', missingParent, at + 10)]);
  // The orphan is a root (depth 0): before 'a' (depth 1), which starts with it.
  assert.deepEqual(names(), ['orphan step', 'a']);
  // Same start, depth and end as 'a': after it, by arrival.
  step1([chat('b', root.spanId, at + 10)], 'an equal key', 'merged');
  assert.deepEqual(names(), ['orphan step', 'a', 'b']);
  // A chain arriving at once, children first, each starting with its parent.
  const c1 = chat('c1', root.spanId, at + 20, 30);
  const c2 = chat('c2', c1.spanId, at + 20, 20);
  const c3 = step('c3', c2.spanId, at + 20);
  step1([c3, c2, c1], 'a chain, children first', 'merged');
  assert.deepEqual(names().slice(-3), ['c1', 'c2', 'c3']);
  // The orphan's parent arrives: the orphan's depth changes, so the order is read whole.
  step1([makeSpan({ traceId, spanId: missingParent, name: 'late parent', parentSpanId: root.spanId, startTimeUnixMs: at + 1, durationMs: 50 })], 'a parent of a listed span', 'read');
  // A log record for 'a' normalizes it again.
  const before = cache.counts.read;
  const a = opened.store.spanRowsOfTrace(traceId).find((r) => r.name === 'a')!;
  opened.store.ingestLogs([makeLog({ traceId, spanId: a.spanId, eventName: 'gen_ai.user.message', body: { content: 'hi' } })]);
  assertSameAsWhole(opened.store, cache, 'a log record');
  assert.equal(cache.counts.read, before + 1, 'a log record: read');
  // A Logfire pending placeholder (kept under its real span's id) arrives, then the real span
  // replaces it, taking its row id back: a kept order with a placeholder is read again.
  const real = newSpanId();
  step1([makeSpan({ traceId, name: 'running call', parentSpanId: real, startTimeUnixMs: at + 40, durationMs: 0, attributes: {
    'gen_ai.operation.name': 'chat', 'logfire.span_type': 'pending_span', 'logfire.pending_parent_id': root.spanId,
  } })], 'a pending placeholder', 'merged');
  step1([makeSpan({ traceId, spanId: real, name: 'running call', parentSpanId: root.spanId, startTimeUnixMs: at + 40, durationMs: 30, attributes: { 'gen_ai.operation.name': 'chat' } }),
    chat('after the call', root.spanId, at + 40, 10)], 'the real span replacing its placeholder', 'read');
  assert.deepEqual(names().slice(-2), ['after the call', 'running call'], 'the real span ends last');
  // Two spans naming each other: a loop among arrived spans is not merged.
  const x = newSpanId();
  const y = newSpanId();
  step1([{ ...chat('loop x', y, at + 30), spanId: x }, { ...chat('loop y', x, at + 30), spanId: y }], 'a loop', 'read');
  opened.store.close();
});

test('a retrieval step selected after its trace grew is the whole trace\'s step, with the order merged, not read again', async () => {
  const opened = await openStore();
  const decoded = decodeTraces(ragAgentTrace(3_000), 'protobuf').items;
  // The SDK exports the root last (it ends last); here it came first, as a trace still running has it
  // (a root arriving after its children changes every depth, and the order is read again).
  const items = [...decoded.filter((s) => s.parentSpanId === null), ...decoded.filter((s) => s.parentSpanId !== null)];
  const traceId = items[0].traceId;
  const queries = new TraceQueries(opened.store);
  opened.store.ingestSpans(items.slice(0, 2_000));
  queries.getSpanRows(traceId);
  // The rest arrives in three pieces, a step selected after each.
  for (let at = 2_000; at < items.length; at += 400) {
    opened.store.ingestSpans(items.slice(at, at + 400));
    const whole = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!;
    const steps = whole.filter((s) => s.kind === 'retrieval' || s.kind === 'rerank');
    const step = steps[Math.floor(steps.length / 2)];
    assert.equal(JSON.stringify(queries.getSpan(traceId, step.spanId)), JSON.stringify(step), `after ${at + 400} spans`);
  }
  assert.deepEqual(queries.orders.counts, { kept: 0, merged: 3, read: 0 });
  opened.store.close();
});
