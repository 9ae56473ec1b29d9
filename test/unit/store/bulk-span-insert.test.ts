/**
 * Prepared spans are stored a chunk of rows per statement (span-bulk-insert.ts). A batch that mixes
 * new spans with spans stored before and with a second copy of one of its own spans must come out
 * exactly as storing the spans one by one does: the first copy of each span wins, the copies'
 * content is not referenced, and the counts say which were duplicates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Database } from 'sql.js';
import type { DecodedSpan } from '../../../src/engine/model';
import { decodeTraces } from '../../../src/engine/otlp';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { fixturePath, manifest } from '../../factories/fixture-payloads';
import { openStore, type OpenedStore } from './open-store';

/** What a user can see of a store, but for the summaries' version numbers (one per stored batch). */
function contentsOf({ store, queries }: OpenedStore): unknown {
  const { traces } = queries.listTraces({ limit: 100_000 });
  const ids = traces.map((t) => t.traceId).sort();
  const seen = {
    traces: [...traces].sort((a, b) => a.traceId.localeCompare(b.traceId)),
    json: queries.getTraceJson(ids),
    spanCount: store.spanCount,
    bytes: store.bytes,
    contentCount: store.contentCount,
    contentBytes: store.contentBytes,
  };
  return JSON.parse(JSON.stringify(seen, (key, value: unknown) => (key === 'updatedSeq' ? undefined : value))) as unknown;
}

/** The spans of the fixture with the most spans: at least 40, so the batch spans several chunks. */
function fixtureSpans(): DecodedSpan[] {
  let best: DecodedSpan[] = [];
  for (const entry of manifest()) {
    if (entry.signal !== 'traces' || entry.compression !== 'none' || entry.family === 'handwritten') continue;
    const spans = decodeTraces(readFileSync(fixturePath(entry)), entry.encoding).items;
    if (spans.length > best.length) best = spans;
  }
  assert.ok(best.length >= 40, `the largest fixture has ${best.length} spans`);
  return best;
}

test('a batch of new spans, spans stored before and a changed second copy of its own span stores the first copy of each, as one by one does', async () => {
  const spans = fixtureSpans();
  const earlier = spans.slice(0, 3);
  // The second copy of spans[10] carries a long attribute the first does not: it must not be stored.
  const copy: DecodedSpan = { ...spans[10], attributes: { ...spans[10].attributes, 'copy.note': 'x'.repeat(500) } };
  const batch = [...spans.slice(1), copy];

  const bulk = await openStore();
  bulk.store.ingestPreparedSpans(prepareDecodedSpans(earlier));
  const result = bulk.store.ingestPreparedSpans(prepareDecodedSpans(batch));

  const oneByOne = await openStore();
  oneByOne.store.ingestSpans(earlier);
  for (const span of batch) oneByOne.store.ingestSpans([span]);

  // spans[1] and spans[2] were stored before; the copy of spans[10] comes after its first copy.
  assert.deepEqual(result, { stored: spans.length - 3, duplicates: 3, dropped: 0, superseded: 0 });
  assert.equal(bulk.store.spanCount, spans.length);
  assert.equal(bulk.store.spanAsArrived(copy.traceId, copy.spanId)?.span.attributes['copy.note'], undefined);
  assert.deepEqual(contentsOf(bulk), contentsOf(oneByOne));
});

test('a batch whose spans are all new is stored whole, in chunks, with every span readable', async () => {
  const spans = fixtureSpans();
  const { store } = await openStore();
  const result = store.ingestPreparedSpans(prepareDecodedSpans(spans));
  assert.deepEqual(result, { stored: spans.length, duplicates: 0, dropped: 0, superseded: 0 });
  for (const span of spans) assert.equal(store.spanAsArrived(span.traceId, span.spanId)?.span.name, span.name);
});

test('traces a batch brings whole are summarized from their rows as written, as from the rows read back: summaries, priced costs and the cost report', async () => {
  // Every fixture's traces, each fixture in one batch (its traces are new to the store), against the
  // same spans stored one by one (each trace's summary then reads its stored rows back).
  const whole = await openStore();
  const oneByOne = await openStore();
  let calls = 0;
  for (const entry of manifest()) {
    if (entry.signal !== 'traces' || entry.compression !== 'none' || entry.expectError) continue;
    const spans = decodeTraces(readFileSync(fixturePath(entry)), entry.encoding).items;
    if (spans.length === 0) continue;
    whole.store.ingestPreparedSpans(prepareDecodedSpans(spans));
    for (const span of spans) oneByOne.store.ingestSpans([span]);
    calls += spans.filter((s) => s.attributes['gen_ai.usage.input_tokens'] !== undefined || s.attributes['llm.token_count.prompt'] !== undefined).length;
  }
  assert.ok(calls > 20, `${calls} model calls with tokens among the fixtures`);
  assert.deepEqual(contentsOf(whole), contentsOf(oneByOne));
  const report = (opened: OpenedStore): unknown => JSON.parse(JSON.stringify(opened.store.costReport({ window: 'all', nowUnixMs: 2_000_000_000_000 }))) as unknown;
  assert.deepEqual(report(whole), report(oneByOne));
  // The summary rows themselves, byte counts included (but for the version numbers, one per batch).
  for (const query of ['SELECT * FROM traces ORDER BY trace_id', 'SELECT * FROM calls ORDER BY trace_id, span_id', 'SELECT * FROM call_duplicates ORDER BY trace_id, span_id']) {
    assert.deepEqual(tableRows(whole, query), tableRows(oneByOne, query), query);
  }
});

/** Rows of a query on the store's database, without the traces' version numbers. */
function tableRows({ store }: OpenedStore, query: string): unknown[] {
  const db = (store as unknown as { db: Database }).db;
  const result = db.exec(query)[0];
  if (!result) return [];
  const seq = result.columns.indexOf('updated_seq');
  return result.values.map((row) => row.filter((_, i) => i !== seq));
}
