import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTrace } from '../../factories/spans';
import { openStore } from './open-store';

test('beyond maxSpans the oldest whole traces are evicted, counted and reported', async () => {
  const { store, queries, logs } = await openStore({ limits: { maxSpans: 100, maxBytes: 1024 ** 3 } });
  const traces = Array.from({ length: 15 }, (_, i) => makeTrace(9, { startTimeUnixMs: 1_000_000 + i * 1000 }));
  // Newest first on the wire: eviction must follow start time, not arrival order.
  for (const spans of [...traces].reverse()) store.ingestSpans(spans);

  assert.ok(store.spanCount <= 100, `${store.spanCount} spans held`);
  const kept = queries.listTraces({ limit: 100 }).traces.map((t) => t.traceId);
  const evicted = traces.filter((t) => !kept.includes(t[0].traceId)).map((t) => t[0].traceId);
  assert.ok(evicted.length >= 5);
  assert.deepEqual(evicted, traces.slice(0, evicted.length).map((t) => t[0].traceId), 'the oldest ones went');
  for (const id of kept) assert.equal(queries.getTraceSummary(id)!.spanCount, 10, 'no trace is cut in half');
  assert.equal(store.evictedTraces, evicted.length);
  assert.equal(store.evictedSpans, evicted.length * 10);
  const changes = store.takeChanges()!;
  assert.deepEqual(new Set(changes.evictedTraceIds), new Set(evicted));
  assert.ok(changes.traceIds.every((id) => kept.includes(id)));
  assert.ok(logs.some((l) => l.level === 'info' && /evicted/.test(l.message)));
  store.close();
});

test('beyond maxBytes the oldest traces are evicted and their content freed', async () => {
  const maxBytes = 400 * 1024;
  const { store, queries } = await openStore({ limits: { maxSpans: 1_000_000, maxBytes } });
  for (let i = 0; i < 40; i++) {
    // 5 spans of ~10 KB distinct content each: ~50 KB per trace.
    const spans = makeTrace(4, { startTimeUnixMs: 2_000_000 + i * 1000 });
    spans.forEach((s, j) => (s.attributes.document = `trace ${i} span ${j} `.padEnd(10_000, String.fromCharCode(97 + ((i + j) % 26)))));
    store.ingestSpans(spans);
    assert.ok(store.bytes <= maxBytes, `after trace ${i}: ${store.bytes} bytes held`);
  }
  assert.ok(store.evictedTraces >= 30);
  assert.ok(store.contentCount <= 5 * (40 - store.evictedTraces) + 2, `content rows of evicted traces are freed (${store.contentCount})`);
  assert.equal(queries.listTraces({}).total, 40 - store.evictedTraces);
  store.close();
});

test('lowering the caps through setLimits evicts at once', async () => {
  const { store } = await openStore();
  for (let i = 0; i < 10; i++) store.ingestSpans(makeTrace(4));
  assert.equal(store.spanCount, 50);
  store.setLimits({ maxSpans: 20, maxBytes: 1024 ** 3 });
  assert.ok(store.spanCount <= 20);
  assert.ok(store.evictedTraces >= 6);
  store.close();
});

test('a trace evicted while it still arrives is gone, not restarted from its later spans', async () => {
  const { store, queries, logs } = await openStore({ limits: { maxSpans: 50, maxBytes: 1024 ** 3 } });
  const spans = makeTrace(79); // 80 spans, more than the cap
  for (let i = 0; i < spans.length; i += 20) store.ingestSpans(spans.slice(i, i + 20));
  assert.equal(queries.getTraceSummary(spans[0].traceId), null, 'kept whole or gone');
  assert.equal(store.spanCount, 0);
  assert.equal(store.evictedSpans, 80, 'every span is counted: evicted or dropped on arrival');
  assert.ok(logs.some((l) => l.level === 'warn' && /Dropped 20 span\(s\) of trace\(s\) already evicted/.test(l.message)));
  // Other traces are unaffected, and clear() forgets the evicted ids.
  const other = makeTrace(3);
  store.ingestSpans(other);
  assert.equal(queries.getTraceSummary(other[0].traceId)!.spanCount, 4);
  store.clear();
  store.ingestSpans(spans.slice(0, 10));
  assert.equal(queries.getTraceSummary(spans[0].traceId)!.spanCount, 10);
  store.close();
});

test('whatever maxBytes allows, the database pages in use stay under their cap (the WebAssembly heap is finite)', async () => {
  // maxBytes and maxSpans far away: only the pages' cap (small here, 1.5 GiB by default) evicts.
  const maxPageBytes = 2 * 1024 * 1024;
  // Content stored as UTF-8: the padded documents below would compress to almost nothing.
  const { store, queries, logs } = await openStore({ limits: { maxSpans: 1_000_000, maxBytes: 1024 ** 3, maxPageBytes }, compressContentFrom: Infinity });
  for (let i = 0; i < 60; i++) {
    const spans = makeTrace(4, { startTimeUnixMs: 3_000_000 + i * 1000 });
    spans.forEach((s, j) => (s.attributes.document = `trace ${i} span ${j} `.padEnd(10_000, String.fromCharCode(97 + ((i + j) % 26)))));
    store.ingestSpans(spans);
  }
  // 60 traces of ~50 KB each would take ~3 MB of pages.
  assert.ok(store.evictedTraces >= 10, `${store.evictedTraces} traces evicted`);
  assert.ok(store.bytes < 1024 ** 3 && store.spanCount < 1_000_000, 'neither of the other caps was reached');
  assert.ok(logs.some((l) => l.level === 'info' && /evicted .* bytes of database pages/.test(l.message)), 'the eviction is logged with the cap');
  const kept = queries.listTraces({ limit: 100 }).traces;
  assert.equal(kept.length, 60 - store.evictedTraces);
  for (const t of kept) assert.equal(queries.getTraceSummary(t.traceId)!.spanCount, 5, 'the traces kept are whole');
  store.close();
});

test('a long eviction pass commits every few traces, each time after settling freed content', async () => {
  const { enforceRetention } = await import('../../../src/engine/store/retention');
  // 100 traces of 10 spans, oldest first; the span cap of 500 evicts down to 450 (its low-water mark).
  const traces = Array.from({ length: 100 }, (_, i) => `trace-${i}`);
  const events: string[] = [];
  let spans = 1000;
  const result = enforceRetention({
    spanCount: () => spans,
    bytes: () => 0,
    pageBytes: () => 0,
    oldestTraces: (n) => traces.slice(1000 / 10 - spans / 10, 1000 / 10 - spans / 10 + n),
    evictTrace: (id) => {
      events.push(id);
      spans -= 10;
      return 10;
    },
    settle: () => events.push('settle'),
    checkpoint: () => events.push('commit'),
  }, { maxSpans: 500, maxBytes: 1e12, maxPageBytes: 1e12 });
  assert.equal(result.traceIds.length, 55);
  assert.deepEqual(result.traceIds, traces.slice(0, 55), 'the oldest, in order');
  // Never more than 8 evicted traces between commits, and freed content settled before each one.
  let sinceCommit = 0;
  events.forEach((e, i) => {
    if (e === 'commit') {
      assert.equal(events[i - 1], 'settle');
      sinceCommit = 0;
    } else if (e !== 'settle') {
      sinceCommit++;
      assert.ok(sinceCommit <= 8, `${sinceCommit} traces in one transaction`);
    }
  });
  assert.equal(events.filter((e) => e === 'commit').length, 6);
});
