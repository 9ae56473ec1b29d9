/**
 * A store that compresses content later (content-compaction.ts) writes new content as UTF-8 and
 * compresses it in idle time, when too much waits, or before retention evicts for pages. What a
 * user reads never changes, and once compressed it holds exactly the bytes of a store that
 * compressed when it wrote.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedSpan } from '../../../src/engine/model';
import { Engine } from '../../../src/engine/engine';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/protocol/engine-api';
import { makeSpan, newTraceId } from '../../factories/spans';
import { Worker } from 'node:worker_threads';
import { prepareTraces } from '../../../src/engine/prepare/prepare-traces';
import { WorkerPreparer } from '../../../src/engine/prepare/worker-preparer';
import { handleExport, INGEST_WHOLE_MAX } from '../../../src/engine/receiver/export-handler';
import type { PreparedSpans } from '../../../src/engine/store/span-row-values';
import { PREPARE_WORKER_PATH } from '../prepare/prepare-worker-path';
import { ContentCompaction } from '../../../src/engine/store/content-compaction';
import { COMPRESS_FROM, encodeContentText } from '../../../src/engine/store/content-text';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { recordLlmSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { openStore, type OpenedStore } from './open-store';
import { fixtureSpans, storedTextBytes, traceJsonText, words } from './stored-content';

function compressEverything(opened: OpenedStore): number {
  let slices = 1;
  while (opened.store.compressWaitingContent(8)) slices++;
  return slices;
}

test('every fixture: stored as UTF-8 first, then compressed in slices to the bytes of a store that compresses when it writes, reading the same throughout', async () => {
  const spans = fixtureSpans();
  const plain = await openStore({ compressContentFrom: Infinity });
  const atWrite = await openStore({ compressContentFrom: 64 });
  const later = await openStore({ compressContentFrom: 64, compressContentLater: true });
  for (const opened of [plain, atWrite, later]) opened.store.ingestSpans(spans);
  const expected = traceJsonText(plain);
  assert.ok(storedTextBytes(atWrite) < storedTextBytes(plain) * 0.8, 'the fixtures hold compressible content');
  assert.equal(storedTextBytes(later), storedTextBytes(plain), 'nothing compressed while ingesting');
  assert.equal(later.store.contentWaiting, true);
  assert.equal(traceJsonText(later), expected);

  assert.ok(compressEverything(later) > 2, 'done in several slices');
  assert.equal(later.store.contentWaiting, false);
  assert.equal(storedTextBytes(later), storedTextBytes(atWrite));
  assert.equal(later.store.contentBytes, plain.store.contentBytes, 'the logical bytes retention caps are unchanged');
  assert.equal(traceJsonText(later), expected);

  // A snapshot saved with content waiting: the reopened store compresses it.
  const waiting = await openStore({ compressContentFrom: 64, compressContentLater: true });
  waiting.store.ingestSpans(spans);
  const reopened = await openStore({ snapshot: waiting.store.export(), compressContentFrom: 64, compressContentLater: true });
  assert.equal(reopened.store.contentWaiting, true);
  compressEverything(reopened);
  assert.equal(storedTextBytes(reopened), storedTextBytes(atWrite));
  assert.equal(traceJsonText(reopened), expected);
  for (const opened of [plain, atWrite, later, waiting, reopened]) opened.store.close();
});

test('rows given the rowids of deleted newest rows are compressed too', async () => {
  const later = await openStore({ compressContentLater: true });
  const atWrite = await openStore();
  const trace = (seed: number): DecodedSpan[] => {
    const traceId = newTraceId();
    return [0, 1, 2].map((j) => makeSpan({ traceId, attributes: { document: words(3000, seed * 3 + j) } }));
  };
  const [first, second, third] = [trace(1), trace(2), trace(3)];
  for (const opened of [later, atWrite]) {
    opened.store.ingestSpans(first);
    opened.store.ingestSpans(second);
  }
  compressEverything(later);
  // The newest content goes, and new content takes its rowids.
  for (const opened of [later, atWrite]) {
    opened.store.deleteTrace(second[0].traceId);
    opened.store.ingestSpans(third);
  }
  assert.equal(later.store.contentWaiting, true);
  compressEverything(later);
  assert.equal(storedTextBytes(later), storedTextBytes(atWrite));
  assert.equal(later.queries.getSpan(third[0].traceId, third[2].spanId)!.attributes!.document, words(3000, 3 * 3 + 2));
  later.store.close();
  atWrite.store.close();
});

test('a stream that never pauses keeps at most the allowed bytes of content waiting', async () => {
  const maxWaitingContentBytes = 40_000;
  const later = await openStore({ compressContentLater: true, maxWaitingContentBytes });
  const atWrite = await openStore();
  let mostWaiting = 0;
  for (let i = 0; i < 30; i++) {
    const span = makeSpan({ attributes: { document: words(4000, 100 + i) } });
    later.store.ingestSpans([span]);
    atWrite.store.ingestSpans([span]);
    // What the waiting rows take beyond their compressed size, which is less than their own size.
    const extra = storedTextBytes(later) - storedTextBytes(atWrite);
    assert.ok(extra <= maxWaitingContentBytes, `after ${i + 1} texts of 4 KB: ${extra} bytes more than compressed`);
    mostWaiting = Math.max(mostWaiting, extra);
  }
  assert.ok(mostWaiting > maxWaitingContentBytes / 3, `${mostWaiting} bytes: content did wait`);
  compressEverything(later);
  assert.equal(storedTextBytes(later), storedTextBytes(atWrite));
  later.store.close();
  atWrite.store.close();
});

test('an engine compresses what it stored once ingest has been quiet', async () => {
  const engine = await Engine.create({ config: { ...DEFAULT_ENGINE_CONFIG, snapshotPath: null, changeDebounceMs: 10 }, emit: () => undefined, compactQuietMs: 20 });
  const traceId = newTraceId();
  const text = words(5000, 9);
  engine.ingestSpans([makeSpan({ traceId, attributes: { document: text } })]);
  assert.equal(engine.store.contentWaiting, true, 'stored as UTF-8');
  const deadline = Date.now() + 5000;
  while (engine.store.contentWaiting && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(engine.store.contentWaiting, false, 'compressed after the quiet');
  const span = engine.getTraceJson([traceId]).traces[0].spans![0];
  assert.equal(span.attributes!.document, text);
  await engine.stop();
});

test('rows of a few KB compressed later free their pages: under a page cap the store keeps about the traces of one that compressed when it wrote', async () => {
  // Rows this small sit inside their pages (no overflow pages): compressing them where they are would free no page.
  const limits = { maxSpans: 1_000_000, maxBytes: 1024 ** 3, maxPageBytes: 1024 * 1024 };
  const traces = Array.from({ length: 200 }, (_, i) => {
    const traceId = newTraceId();
    return Array.from({ length: 5 }, (_, j) => makeSpan({ traceId, startTimeUnixMs: 3_000_000 + i * 1000 + j, attributes: { document: words(3000, 1000 + i * 5 + j) } }));
  });
  const kept: number[] = [];
  for (const options of [{ compressContentFrom: Infinity }, {}, { compressContentLater: true }]) {
    const opened = await openStore({ limits, ...options });
    for (const spans of traces) opened.store.ingestSpans(spans);
    assert.ok(opened.store.evictedTraces > 0, `${JSON.stringify(options)}: ${opened.store.evictedTraces} traces evicted`);
    kept.push(opened.queries.listTraces({ limit: 1000 }).traces.length);
    opened.store.close();
  }
  const [plain, atWrite, later] = kept;
  assert.ok(atWrite >= plain * 1.5, `compressed when written: ${atWrite} traces kept, uncompressed: ${plain}`);
  assert.ok(later >= atWrite * 0.9, `compressed later: ${later} traces kept, compressed when written: ${atWrite}`);
});

test('texts the prepare thread compressed are stored as the store compresses them: the same bytes, read the same', async () => {
  const body = tracesProtobuf(recordLlmSpans(300));
  const asPrepared = prepareTraces(body, 'protobuf');
  const withPacked = prepareTraces(body, 'protobuf', COMPRESS_FROM);
  assert.ok(withPacked.packed && withPacked.packed.size >= 10, 'the 2 KB messages');
  assert.deepEqual(withPacked.spans, asPrepared.spans);
  // A cap of 10 KB: most of the batch's content (13 distinct 2 KB texts) is past it, and compressed as it is written.
  const maxWaitingContentBytes = 10_000;
  const compressing = await openStore({ compressContentLater: true, maxWaitingContentBytes });
  const given = await openStore({ compressContentLater: true, maxWaitingContentBytes });
  const atWrite = await openStore();
  assert.equal(given.store.contentPackFrom, COMPRESS_FROM, 'the store asks for compressed texts near its cap');
  assert.equal(atWrite.store.contentPackFrom, null, 'a store that compresses every row when it writes it does not ask');
  compressing.store.ingestPreparedSpans(asPrepared);
  given.store.ingestPreparedSpans(withPacked);
  atWrite.store.ingestPreparedSpans(asPrepared);
  assert.ok(storedTextBytes(given) < storedTextBytes(atWrite) + maxWaitingContentBytes, 'past the cap, rows were written compressed');
  assert.equal(storedTextBytes(given), storedTextBytes(compressing));
  assert.equal(traceJsonText(given), traceJsonText(atWrite));
  compressEverything(given);
  assert.equal(storedTextBytes(given), storedTextBytes(atWrite));
  assert.equal(traceJsonText(given), traceJsonText(atWrite));
  for (const opened of [compressing, given, atWrite]) opened.store.close();
});

test('a new row past the waiting cap takes the bytes compressed on the prepare thread; under the cap it is written as UTF-8', async () => {
  const db = new (await loadSqlJs()).Database();
  db.run('CREATE TABLE content (hash TEXT PRIMARY KEY, text BLOB)');
  const compaction = new ContentCompaction(db, COMPRESS_FROM);
  compaction.maxPendingBytes = 10_000;
  const text = words(3000, 21);
  const bytes = Buffer.byteLength(text, 'utf8');
  const packed = encodeContentText(text);
  assert.equal(packed[0], 0xff);
  for (let i = 0; i < 3; i++) assert.deepEqual(Buffer.from(compaction.encodeNew(text, bytes, packed)), Buffer.from(text, 'utf8'), `text ${i + 1} waits`);
  assert.equal(compaction.encodeNew(text, bytes, packed), packed, 'the fourth is past the cap: the given bytes, not deflated again');
  assert.deepEqual(Buffer.from(compaction.encodeNew(text, bytes)), Buffer.from(packed), 'without them, the store compresses it to the same bytes');
  compaction.free();
  db.close();
});

test('an export received while the store asks for compressed texts: the thread compresses them and every slice the receiver stores carries them', async () => {
  const body = tracesProtobuf(recordLlmSpans(INGEST_WHOLE_MAX + 100));
  const maxWaitingContentBytes = 10_000;
  const given = await openStore({ compressContentLater: true, maxWaitingContentBytes });
  const atWrite = await openStore();
  const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined, () => ({ own: () => 1, helper: () => 0.2 }));
  preparer.packContentWith(() => given.store.contentPackFrom);
  const slices: PreparedSpans[] = [];
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const outcome = await handleExport('traces', body, 'protobuf', body.byteLength, {
      sink: { ingestSpans: () => assert.fail('traces go the prepared way'), ingestLogs: () => undefined, recordRequest: () => undefined },
      log: () => undefined,
      transport: 'http',
      prepared: { preparer, ingestPreparedSpans: (batch) => { slices.push(batch); given.store.ingestPreparedSpans(batch); } },
    });
    assert.equal(outcome.kind, 'accepted');
    assert.equal(preparer.packed, 1);
    assert.ok(slices.length > 1, `${slices.length} slices`);
    for (const slice of slices) assert.ok(slice.packed && slice.packed.size >= 10, 'each slice carries the compressed texts');
  } finally {
    clearInterval(keepAlive);
    await preparer.close();
  }
  atWrite.store.ingestPreparedSpans(prepareTraces(body, 'protobuf'));
  compressEverything(given);
  assert.equal(storedTextBytes(given), storedTextBytes(atWrite));
  assert.equal(traceJsonText(given), traceJsonText(atWrite));
  given.store.close();
  atWrite.store.close();
});
