/**
 * Naming a span's link targets: many links at once (more distinct targets than one statement
 * names), against expectations built by hand from what each link was made to point at.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedLink } from '../../../src/engine/model';
import type { LinkTargetName } from '../../../src/protocol/engine-api';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { makeSpan, newSpanId, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';

test('links to 700 targets named in link order: stored, missing, repeated, in the same trace, in a named trace', async () => {
  const { store, queries } = await openStore();
  // 600 producers, each the root of its own trace (its trace is named after it); the odd ones never arrive.
  const sends = Array.from({ length: 600 }, (_, i) => makeSpan({ name: `send ${i}`, spanKind: 'producer' }));
  const stored = sends.filter((_, i) => i % 2 === 0);
  const consumer = makeSpan({ name: 'consume all' });
  // A span of the consumer's own trace, named after the consumer (its root).
  const sibling = makeSpan({ name: 'prepare', traceId: consumer.traceId, parentSpanId: consumer.spanId });
  // A stored span of another trace whose root is named differently.
  const otherRoot = makeSpan({ name: 'nightly job' });
  const deep = makeSpan({ name: 'step 7', traceId: otherRoot.traceId, parentSpanId: otherRoot.spanId });

  const links: DecodedLink[] = [];
  const expected: Array<LinkTargetName | null> = [];
  const link = (traceId: string, spanId: string, want: LinkTargetName | null): void => {
    links.push({ traceId, spanId, attributes: {} });
    expected.push(want);
  };
  sends.forEach((s, i) => link(s.traceId, s.spanId, i % 2 === 0 ? { name: `send ${i}`, traceName: `send ${i}` } : null));
  // Repeats, in a different order, of stored and missing targets.
  for (const i of [598, 0, 1, 0, 333, 250, 249]) link(sends[i].traceId, sends[i].spanId, i % 2 === 0 ? { name: `send ${i}`, traceName: `send ${i}` } : null);
  link(consumer.traceId, sibling.spanId, { name: 'prepare', traceName: 'consume all' });
  link(otherRoot.traceId, deep.spanId, { name: 'step 7', traceName: 'nightly job' });
  // A stored span id under the wrong trace id names nothing; so does the right trace with an unknown span.
  link(otherRoot.traceId, sends[0].spanId, null);
  link(otherRoot.traceId, newSpanId(), null);
  link(newTraceId(), newSpanId(), null);
  // Malformed ids are kept and name nothing.
  link('not-hex', '', null);
  const withLinks = { ...consumer, links };

  store.ingestSpans([withLinks, sibling, otherRoot, deep, ...stored]);
  const info = queries.getSpanLinks(consumer.traceId, consumer.spanId)!;
  assert.equal(info.targets.length, links.length);
  assert.deepEqual(info.targets, expected);
  // 300 even producers, 4 stored repeats (598, 0, 0, 250), the sibling and the deep span.
  assert.equal(info.targets.filter((t) => t !== null).length, 300 + 4 + 2);
  // The query API's document says the same per link, with each link's ids as sent.
  const document = queries.getSpanLinksDocument(consumer.traceId, consumer.spanId)!;
  assert.deepEqual(document.links.map((l) => [l.traceId, l.spanId, l.inStore, l.name ?? null, l.traceName ?? null]),
    links.map((l, i) => [l.traceId, l.spanId, expected[i] !== null, expected[i]?.name ?? null, expected[i]?.traceName ?? null]));
  // Trace JSON says whether each link's target is stored, read whole and alone (both batched).
  const inStore = expected.map((e) => e !== null);
  const linksOf = (span: TraceJsonSpan | null | undefined) => span?.links?.map((l) => l.inStore);
  assert.deepEqual(linksOf(queries.getTraceJson([consumer.traceId]).traces[0].spans!.find((s) => s.spanId === consumer.spanId)), inStore);
  assert.deepEqual(linksOf(new TraceQueries(store).getSpan(consumer.traceId, consumer.spanId)), inStore);
  // The missing producers arrive: every link to them is named now, repeats included.
  store.ingestSpans(sends.filter((_, i) => i % 2 === 1));
  // The consumer's trace is unchanged (its cached spans are reused), yet every link is stored now.
  const wholeLater = queries.getTraceJson([consumer.traceId]).traces[0].spans!.find((s) => s.spanId === consumer.spanId);
  assert.deepEqual(linksOf(wholeLater), links.map((l, i) => i < 607 || inStore[i]));
  const later = queries.getSpanLinks(consumer.traceId, consumer.spanId)!.targets;
  assert.deepEqual(later.slice(0, 607).map((t) => t?.name), [...sends.map((s) => s.name), ...[598, 0, 1, 0, 333, 250, 249].map((i) => `send ${i}`)]);
  assert.deepEqual(later.slice(607), expected.slice(607));
  store.close();
});

test('a span with one link, and one with none', async () => {
  const { store, queries } = await openStore();
  const target = makeSpan({ name: 'only target' });
  const single = makeSpan({ name: 'single', links: [{ traceId: target.traceId, spanId: target.spanId, attributes: {} }] });
  const none = makeSpan({ name: 'none' });
  store.ingestSpans([target, single, none]);
  assert.deepEqual(queries.getSpanLinks(single.traceId, single.spanId)!.targets, [{ name: 'only target', traceName: 'only target' }]);
  assert.deepEqual(queries.getSpanLinks(none.traceId, none.spanId)!.targets, []);
  store.close();
});
