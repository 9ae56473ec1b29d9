/**
 * Span links in the store: kept with the span (trace state, attributes, dropped count), shown in
 * Trace JSON with `inStore` as the store is at the time of reading, and indexed the other way
 * ("linked from") through every way a span enters or leaves the store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedLink, DecodedSpan } from '../../../src/engine/model';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { exportTraceOtlpJson } from '../../../src/engine/store/otlp-export';
import { makeSpan, newSpanId, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';

/** A producer trace of `n` "send" spans, each a root of its own trace (as a queue's producers are). */
function producers(n: number): DecodedSpan[] {
  return Array.from({ length: n }, (_, i) => makeSpan({ name: `send order-${i}`, spanKind: 'producer' }));
}

const linkTo = (span: DecodedSpan, extra: Partial<DecodedLink> = {}): DecodedLink => ({ traceId: span.traceId, spanId: span.spanId, attributes: {}, ...extra });

test('a span\'s links come back in Trace JSON as sent, in order, with inStore saying whether the linked span is stored', async () => {
  const { store, queries } = await openStore();
  const [stored, later] = producers(2);
  const missingTrace = newTraceId();
  const missingSpan = newSpanId();
  const consumer = makeSpan({
    name: 'process batch', spanKind: 'consumer',
    links: [
      linkTo(stored, { traceState: 'vendor=abc', attributes: { 'messaging.message.id': 'm-1', retries: 2 } }),
      { traceId: missingTrace, spanId: missingSpan, attributes: { note: 'x'.repeat(300) }, droppedAttributesCount: 3 },
      linkTo(later),
      // Malformed ids are kept as sent, and never match a stored span.
      { traceId: 'not-hex', spanId: '', attributes: {} },
    ],
  });
  store.ingestSpans([stored, consumer]);
  const read = () => queries.getTraceJson([consumer.traceId]).traces[0].spans![0].links;
  assert.deepEqual(read(), [
    { traceId: stored.traceId, spanId: stored.spanId, traceState: 'vendor=abc', attributes: { 'messaging.message.id': 'm-1', retries: 2 }, inStore: true },
    { traceId: missingTrace, spanId: missingSpan, attributes: { note: 'x'.repeat(300) }, droppedAttributesCount: 3, inStore: false },
    { traceId: later.traceId, spanId: later.spanId, attributes: {}, inStore: false },
    { traceId: 'not-hex', spanId: '', attributes: {}, inStore: false },
  ]);
  // The linked span arrives after the consumer's trace was read (and cached): the link now resolves.
  store.ingestSpans([later]);
  assert.deepEqual(read()!.map((l) => l.inStore), [true, false, true, false]);
  assert.deepEqual(queries.getSpan(consumer.traceId, consumer.spanId)!.links!.map((l) => l.inStore), [true, false, true, false]);
  // And it is deleted: no longer in store.
  store.deleteTrace(stored.traceId);
  assert.deepEqual(read()!.map((l) => l.inStore), [false, false, true, false]);
  // Spans without links carry no `links` key, like `events`.
  assert.equal('links' in queries.getSpan(later.traceId, later.spanId)!, false);
  // Re-export as OTLP keeps the trace state and the dropped count.
  const otlp = exportTraceOtlpJson(store, consumer.traceId) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ links: unknown[] }> }> }> };
  const links = otlp.resourceSpans[0].scopeSpans[0].spans[0].links as Array<Record<string, unknown>>;
  assert.equal(links[0].traceState, 'vendor=abc');
  assert.equal(links[1].droppedAttributesCount, 3);
  store.close();
});

test('linked from: the spans (of any trace) whose links name a span, in start order, paged, with names and trace names', async () => {
  const { store, queries } = await openStore();
  const sends = producers(3);
  const consumers = [0, 1, 2].map((i) => makeSpan({ name: `consume batch ${i}`, links: i === 0 ? sends.map((s) => linkTo(s)) : [linkTo(sends[0])] }));
  // A span linking the same producer twice is listed once per link (its link index says which).
  const twice = makeSpan({ name: 'retry batch', links: [linkTo(sends[1]), linkTo(sends[1], { attributes: { attempt: 2 } })] });
  // Arrival order differs from start order; the answer is in start order.
  store.ingestSpans([twice, ...[...consumers].reverse(), ...sends]);

  const first = queries.getSpanLinks(sends[0].traceId, sends[0].spanId)!;
  assert.equal(first.linkedFromTotal, 3);
  assert.deepEqual(first.linkedFrom.map((s) => [s.name, s.traceName, s.linkIndex, s.traceId]), consumers.map((c) => [c.name, c.name, 0, c.traceId]));
  const second = queries.getSpanLinks(sends[1].traceId, sends[1].spanId)!;
  assert.deepEqual(second.linkedFrom.map((s) => [s.name, s.linkIndex]), [['consume batch 0', 1], ['retry batch', 0], ['retry batch', 1]]);
  // Paged: the second and third of three.
  const page = queries.getSpanLinks(sends[0].traceId, sends[0].spanId, 1, 2)!;
  assert.deepEqual(page.linkedFrom.map((s) => s.name), ['consume batch 1', 'consume batch 2']);
  assert.equal(page.linkedFromTotal, 3);
  // Forward: the consumer's links named.
  assert.deepEqual(queries.getSpanLinks(consumers[0].traceId, consumers[0].spanId)!.targets, sends.map((s) => ({ name: s.name, traceName: s.name })));
  // A consumer trace that goes away leaves no reverse entry behind.
  store.deleteTrace(consumers[1].traceId);
  assert.deepEqual(queries.getSpanLinks(sends[0].traceId, sends[0].spanId)!.linkedFrom.map((s) => s.name), ['consume batch 0', 'consume batch 2']);
  // So does clearing the store; an unknown span is null.
  store.clear();
  assert.equal(queries.getSpanLinks(sends[0].traceId, sends[0].spanId), null);
  store.ingestSpans([sends[0]]);
  assert.equal(queries.getSpanLinks(sends[0].traceId, sends[0].spanId)!.linkedFromTotal, 0);
  store.close();
});

test('spans prepared on another thread are indexed like spans stored directly; a duplicate adds no reverse entry', async () => {
  const { store, queries } = await openStore();
  const [send] = producers(1);
  const consumer = makeSpan({ name: 'consume', links: [linkTo(send)] });
  store.ingestPreparedSpans(prepareDecodedSpans([send, consumer]));
  store.ingestPreparedSpans(prepareDecodedSpans([consumer]));
  store.ingestSpans([consumer]);
  const info = queries.getSpanLinks(send.traceId, send.spanId)!;
  assert.deepEqual(info.linkedFrom.map((s) => s.spanId), [consumer.spanId]);
  store.close();
});

test('evicted by retention: the evicted trace\'s links leave the index, and links to its spans no longer resolve', async () => {
  const { store, queries } = await openStore({ limits: { maxSpans: 10, maxBytes: 1024 ** 3 } });
  const [old] = producers(1);
  const t0 = old.startTimeUnixMs;
  const consumer = makeSpan({ name: 'consume', links: [linkTo(old)], startTimeUnixMs: t0 + 1000 });
  const fillers = (from: number, n: number) => Array.from({ length: n }, (_, i) => makeSpan({ name: 'filler', startTimeUnixMs: t0 + (from + i) * 10 }));
  store.ingestSpans([old, consumer, ...fillers(1, 8)]);
  assert.equal(queries.getTraceJson([consumer.traceId]).traces[0].spans![0].links![0].inStore, true);
  // One span over the cap: the oldest traces go, down to 90 % (the old producer first).
  store.ingestSpans(fillers(9, 1));
  assert.equal(queries.getTraceSummary(old.traceId), null, 'the oldest trace was evicted');
  assert.equal(queries.getTraceJson([consumer.traceId]).traces[0].spans![0].links![0].inStore, false);
  store.close();
});

test('a snapshot keeps the reverse index; one written before the index existed gets it rebuilt on load', async () => {
  const { loadSqlJs } = await import('../../../src/engine/store/sql-loader');
  const source = await openStore();
  const sends = producers(2);
  // An attribute named like the detail's link key must not confuse the rebuild.
  const consumer = makeSpan({ name: 'consume', links: sends.map((s) => linkTo(s)), attributes: { l: ['x'] } });
  const plain = makeSpan({ name: 'no links', attributes: { l: [1] } });
  source.store.ingestSpans([...sends, consumer, plain]);
  const expected = source.queries.getSpanLinks(sends[1].traceId, sends[1].spanId)!;
  assert.equal(expected.linkedFromTotal, 1);

  const restored = await openStore({ snapshot: source.store.export() });
  assert.deepEqual(restored.queries.getSpanLinks(sends[1].traceId, sends[1].spanId), expected);
  restored.store.close();

  const SQL = await loadSqlJs();
  const old = new SQL.Database(source.store.export());
  old.run('DROP TABLE span_links');
  const rebuilt = await openStore({ snapshot: old.export() });
  old.close();
  assert.deepEqual(rebuilt.queries.getSpanLinks(sends[1].traceId, sends[1].spanId), expected);
  assert.deepEqual(rebuilt.queries.getSpanLinks(sends[0].traceId, sends[0].spanId)!.linkedFrom.map((s) => s.linkIndex), [0]);
  rebuilt.store.close();
  source.store.close();
});

test('1,000 links on one span: all stored in order, all in the reverse index', async () => {
  const { store, queries } = await openStore();
  const targets = producers(1000);
  const fanIn = makeSpan({ name: 'aggregate', links: targets.map((t, i) => linkTo(t, { attributes: { index: i } })) });
  store.ingestSpans([fanIn, ...targets.slice(0, 500)]);
  const links = queries.getSpan(fanIn.traceId, fanIn.spanId)!.links!;
  assert.equal(links.length, 1000);
  assert.deepEqual(links.map((l) => l.attributes.index), targets.map((_, i) => i));
  assert.equal(links.filter((l) => l.inStore).length, 500);
  const info = queries.getSpanLinks(fanIn.traceId, fanIn.spanId)!;
  assert.equal(info.targets.filter((t) => t !== null).length, 500);
  assert.deepEqual(info.targets[499], { name: 'send order-499', traceName: 'send order-499' });
  assert.equal(info.targets[500], null);
  assert.deepEqual(queries.getSpanLinks(targets[999].traceId, targets[999].spanId), null, 'not stored');
  store.ingestSpans([targets[999]]);
  assert.deepEqual(queries.getSpanLinks(targets[999].traceId, targets[999].spanId)!.linkedFrom.map((s) => s.linkIndex), [999]);
  store.close();
});
