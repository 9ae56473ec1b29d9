/**
 * Content rows from COMPRESS_FROM bytes on are stored compressed (content-text.ts). What a user reads
 * must not change: every fixture captured from a real instrumentation library reads back as the
 * same Trace JSON text from a store that compresses (almost) everything and from one that
 * compresses nothing, before and after a snapshot.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { COMPRESS_FROM, decodeContentText, encodeContentText } from '../../../src/engine/store/content-text';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { makeSpan, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';
import { fixtureSpans, storedTextBytes, traceJsonText, words } from './stored-content';

test('a long text of words is stored compressed and reads back exactly; short and incompressible texts are stored as UTF-8', () => {
  const prose = `${words(3000, 1)} — naïve café 日本語 😀`;
  const stored = encodeContentText(prose);
  assert.equal(stored[0], 0xff, 'marked as compressed');
  assert.ok(stored.length < Buffer.byteLength(prose) / 2, `${stored.length} bytes for ${Buffer.byteLength(prose)}`);
  assert.equal(decodeContentText(stored), prose);

  const short = words(COMPRESS_FROM - 10, 2);
  assert.deepEqual(Buffer.from(encodeContentText(short)), Buffer.from(short, 'utf8'));
  // Random ASCII (seven random bits a byte) does not shrink by an eighth: left as it is.
  const noise = Buffer.from(Array.from(randomBytes(3000), (b) => b & 0x7f)).toString('latin1');
  assert.deepEqual(Buffer.from(encodeContentText(noise)), Buffer.from(noise, 'utf8'));
  assert.equal(decodeContentText(encodeContentText(noise)), noise);
  // Random bytes as base64 (an image a span carried): six bits a byte, so it is worth compressing.
  const image = randomBytes(3000).toString('base64');
  assert.equal(encodeContentText(image)[0], 0xff);
  assert.equal(decodeContentText(encodeContentText(image)), image);
  // A lone surrogate is stored as Buffer stores it (U+FFFD), compressed or not.
  const lone = `${words(2000, 3)}\ud800`;
  assert.equal(decodeContentText(encodeContentText(lone)), Buffer.from(lone, 'utf8').toString('utf8'));
  // What a store without compression wrote (a BLOB of UTF-8, or TEXT) reads as before.
  assert.equal(decodeContentText(Buffer.from(prose, 'utf8')), prose);
  assert.equal(decodeContentText(prose), prose);
});

test('every fixture reads back as the same Trace JSON from a compressing store, before and after a snapshot', async () => {
  const spans = fixtureSpans();
  assert.ok(spans.length > 100, `${spans.length} fixture spans`);
  const plain = await openStore({ compressContentFrom: Infinity });
  const packed = await openStore({ compressContentFrom: 64 });
  plain.store.ingestSpans(spans);
  packed.store.ingestSpans(spans);
  const expected = traceJsonText(plain);
  assert.equal(traceJsonText(packed), expected);
  assert.equal(packed.store.contentBytes, plain.store.contentBytes, 'logical content bytes (what retention caps) are the same');
  assert.ok(storedTextBytes(packed) < storedTextBytes(plain) * 0.8, `stored ${storedTextBytes(packed)} bytes against ${storedTextBytes(plain)}`);

  const reopened = await openStore({ snapshot: packed.store.export() });
  assert.equal(traceJsonText(reopened), expected);
  for (const opened of [plain, packed, reopened]) opened.store.close();
});

test('a compressed text shared by two traces survives the eviction of one and is freed with the other', async () => {
  const opened = await openStore();
  const result = words(6000, 4);
  const [a, b] = [newTraceId(), newTraceId()];
  opened.store.ingestSpans([a, b].map((traceId) => makeSpan({ traceId, attributes: { 'gen_ai.tool.call.result': result } })));
  assert.ok(storedTextBytes(opened) < 3000, 'stored once, compressed');
  opened.store.deleteTrace(a);
  const span = opened.queries.getTraceJson([b]).traces[0].spans![0];
  assert.equal(span.attributes!['gen_ai.tool.call.result'], result);
  opened.store.deleteTrace(b);
  assert.equal(opened.store.contentCount, 0);
  assert.equal(storedTextBytes(opened), 0);
  opened.store.close();
});

test('a snapshot of schema version 1 (content never compressed) opens; a newer version is refused with a clear message', async () => {
  const source = await openStore({ compressContentFrom: Infinity });
  source.store.ingestSpans([makeSpan({ attributes: { document: words(5000, 5) } })]);
  const expected = traceJsonText(source);
  const SQL = await loadSqlJs();
  const asVersion = (version: number): Uint8Array => {
    const file = new SQL.Database(source.store.export());
    file.run("UPDATE meta SET value = ? WHERE key = 'schema'", [String(version)]);
    const bytes = file.export();
    file.close();
    return bytes;
  };
  const old = await openStore({ snapshot: asVersion(1) });
  assert.equal(traceJsonText(old), expected);
  // Stored again by this version: the schema mark moves on, so an older version will refuse it.
  const copy = new SQL.Database(old.store.export());
  assert.equal(copy.exec("SELECT value FROM meta WHERE key = 'schema'")[0].values[0][0], '3');
  copy.close();
  await assert.rejects(openStore({ snapshot: asVersion(4) }), /schema version 4, this version reads 1, 2 and 3 \(written by a newer Tracelight/);
  old.store.close();
  source.store.close();
});

test('under the same page cap a compressing store keeps more traces, also when it compresses later; all evict the oldest whole traces and log it', async () => {
  // Only the pages' cap evicts: 60 traces of 5 spans, each span with 30 KB of distinct words.
  const limits = { maxSpans: 1_000_000, maxBytes: 1024 ** 3, maxPageBytes: 2 * 1024 * 1024 };
  const traces = Array.from({ length: 60 }, (_, i) => {
    const traceId = newTraceId();
    return Array.from({ length: 5 }, (_, j) => makeSpan({ traceId, startTimeUnixMs: 3_000_000 + i * 1000 + j, attributes: { document: words(30_000, i * 5 + j) } }));
  });
  const kept: number[] = [];
  // UTF-8 only; compressed when written; written as UTF-8 and compressed before retention evicts for pages.
  for (const [compressContentFrom, compressContentLater] of [[Infinity, false], [undefined, false], [undefined, true]] as const) {
    const opened = await openStore({ limits, compressContentFrom, compressContentLater });
    for (const spans of traces) opened.store.ingestSpans(spans);
    assert.ok(opened.store.evictedTraces > 0, `${opened.store.evictedTraces} traces evicted (compressing from ${compressContentFrom})`);
    assert.ok(opened.logs.some((l) => l.level === 'info' && /Retention: evicted .* bytes of database pages/.test(l.message)));
    const held = opened.queries.listTraces({ limit: 100 }).traces.map((t) => t.traceId);
    // The newest ones are kept, whole, and read back exactly.
    assert.deepEqual([...held].sort(), traces.slice(60 - held.length).map((t) => t[0].traceId).sort());
    const newest = traces[59];
    assert.equal(opened.queries.getTraceJson([newest[0].traceId]).traces[0].spans!.length, 5);
    assert.equal(opened.queries.getSpan(newest[0].traceId, newest[3].spanId)!.attributes!.document, words(30_000, 59 * 5 + 3));
    kept.push(held.length);
    opened.store.close();
  }
  assert.ok(kept[1] >= kept[0] * 2, `compressed: ${kept[1]} traces kept, uncompressed: ${kept[0]}`);
  assert.ok(kept[2] >= kept[1] - 1, `compressed later: ${kept[2]} traces kept, compressed when written: ${kept[1]}`);
});
