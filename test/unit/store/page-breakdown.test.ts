/** The bench's page breakdown (page-breakdown.ts) counts each table's and index's pages and leaves the store as it was. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSpan, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';

test('pages are counted per table, unique key and index, and add up to no more than the live pages', async () => {
  const { store, queries } = await openStore();
  const traceId = newTraceId();
  // Notes under the content table's threshold, so they stay in the rows.
  const spans = Array.from({ length: 400 }, (_, i) => makeSpan({ traceId, name: `step ${i}`, attributes: { a: `${i}`.repeat(60), b: `${i}:`.repeat(50) } }));
  store.ingestSpans(spans);
  const uses = store.pageBreakdown();
  const byName = new Map(uses.map((u) => [u.name, u.bytes]));
  // Pages hold at least the rows' values.
  const values = store.storageBreakdown().find((t) => t.table === 'spans')!.valueBytes;
  assert.ok(values > 100_000, `${values} bytes of values`);
  assert.ok(byName.get('spans')! >= values, `spans: ${byName.get('spans')} bytes of pages for ${values} of values`);
  assert.ok(byName.get('spans: unique key (trace_id, span_id)')! >= 8192);
  assert.ok(byName.has('spans: index spans_llm_calls'));
  assert.ok(byName.get('content: unique key (hash)')! >= 8192);
  assert.ok(uses.every((u) => u.bytes >= 0), JSON.stringify(uses));
  const sum = uses.reduce((total, u) => total + u.bytes, 0);
  assert.ok(sum <= store.databaseBytes() + 8192 * uses.length, `${sum} counted, ${store.databaseBytes()} live`);
  // The scratch copies are gone: the store reads and writes as before.
  assert.equal(queries.getTraceJson([traceId]).traces[0].spans!.length, 400);
  store.ingestSpans([makeSpan({ traceId, name: 'after' })]);
  assert.equal(store.spanCount, 401);
  store.close();
});
