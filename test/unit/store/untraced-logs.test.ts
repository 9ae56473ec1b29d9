/**
 * Log records without a trace id (the untraced-logs fixtures: Python `logging` through the OTel
 * SDK and the JS logs API, outside any span) are stored, listed newest first with clipped bodies,
 * read back whole, and bounded by their own cap, oldest received first, visibly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { maxUntracedLogs } from '../../../src/engine/store/untraced-logs';
import { UNTRACED_LOG_PREVIEW_CHARS } from '../../../src/protocol/untraced-logs';
import { FIXTURES } from '../../factories/fixture-payloads';
import { makeLog, makeSpan } from '../../factories/spans';
import { openStore } from './open-store';

interface Declared {
  severityNumber: number;
  body?: unknown;
  bodyLength?: number;
  bodyStart?: string;
  bodyEnd?: string;
  service: string;
  traced: boolean;
  traceId?: string;
  exception?: string;
}

const DIR = join(FIXTURES, 'untraced-logs');
const intent = JSON.parse(readFileSync(join(DIR, 'intent.json'), 'utf8')) as Declared[];
const payload = (file: string) => readFileSync(join(DIR, file));

function bodyAsText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

test('records sent outside any span are stored and listed newest first, each as its app logged it', async () => {
  const { store } = await openStore();
  for (const file of ['001-logs.pb', '002-logs.pb', '003-logs.pb']) store.ingestLogs(decodeLogs(payload(file), 'protobuf').items);
  store.ingestSpans(decodeTraces(payload('004-traces.pb'), 'protobuf').items);
  const untraced = intent.filter((d) => !d.traced);
  const page = store.untracedLogs({});
  assert.equal(page.total, untraced.length);
  assert.equal(store.untracedLogCount, untraced.length);
  assert.equal(store.logCount, intent.length, 'the traced record is stored with its trace');
  assert.equal(page.evicted, 0);
  // Newest first: the records' times never increase down the list.
  for (let i = 1; i < page.records.length; i++) assert.ok(page.records[i - 1].timeUnixMs >= page.records[i].timeUnixMs);
  for (const declared of untraced) {
    const matches = page.records.filter((r) => r.service === declared.service && r.severityNumber === declared.severityNumber &&
      (declared.body !== undefined ? r.bodyPreview === bodyAsText(declared.body) : r.bodyPreview.startsWith(declared.bodyStart!)));
    assert.equal(matches.length, 1, `one row for ${JSON.stringify(declared).slice(0, 120)}`);
    const row = matches[0];
    const full = store.untracedLog(row.id)!;
    assert.ok(full, 'the row opens');
    if (declared.bodyLength !== undefined) {
      // The hostile 200 KB body: clipped in the list, whole when opened.
      assert.equal(row.bodyPreview.length, UNTRACED_LOG_PREVIEW_CHARS);
      assert.equal(row.bodyChars, declared.bodyLength);
      assert.equal(typeof full.body, 'string');
      assert.equal((full.body as string).length, declared.bodyLength);
      assert.ok((full.body as string).endsWith(declared.bodyEnd!));
    } else {
      assert.deepEqual(full.body, declared.body);
    }
    if (declared.exception) assert.equal(full.attributes['exception.type'], declared.exception);
    assert.equal(full.resource['service.name'], declared.service);
  }
  // The record logged inside a span is not among them: it belongs to its trace.
  const traced = intent.find((d) => d.traced)!;
  assert.ok(!page.records.some((r) => r.bodyPreview === traced.body));
  assert.equal(store.logsOfTraceBySpan(traced.traceId!).size, 1);
  assert.equal(store.untracedLog(10_000), null, 'an id never stored reads as null');
  assert.deepEqual(store.takeChanges()?.untracedLogs, true, 'the change report says untraced records arrived');
  store.close();
});

test('beyond their cap the oldest received are dropped, counted and logged; traces are untouched', async () => {
  const limits = { maxSpans: 2000, maxBytes: 1024 ** 3 };
  const { store, logs } = await openStore({ limits });
  const cap = maxUntracedLogs(limits);
  assert.equal(cap, 1000, 'never fewer than 1,000 (2,000 spans / 20 = 100)');
  const span = makeSpan({ name: 'kept' });
  store.ingestSpans([span]);
  store.takeChanges();
  const records = Array.from({ length: cap + 205 }, (_, i) => makeLog({ body: `line ${i}`, timeUnixMs: 1_700_000_000_000 + i }));
  for (let i = 0; i < records.length; i += 300) store.ingestLogs(records.slice(i, i + 300));
  const page = store.untracedLogs({ limit: 1000 });
  assert.equal(page.total, cap);
  assert.equal(page.evicted, 205);
  assert.equal(store.evictedUntracedLogs, 205);
  assert.equal(page.records[0].bodyPreview, `line ${cap + 204}`, 'the newest is kept');
  assert.equal(page.records.at(-1)!.bodyPreview, 'line 205', 'the first 205 received are gone');
  assert.ok(logs.some((l) => l.level === 'info' && /dropped the \d+ oldest log record\(s\) without a trace/.test(l.message)));
  assert.equal(store.spanCount, 1);
  assert.ok(store.traceSummary(span.traceId));
  assert.equal(store.takeChanges()?.untracedLogs, true);
  store.close();
});

test('untraced records over their tenth of the byte cap go oldest first, and never cost a trace its place', async () => {
  const limits = { maxSpans: 10_000, maxBytes: 4_000_000 };
  const { store, logs } = await openStore({ limits });
  const span = makeSpan({ name: 'small trace' });
  store.ingestSpans([span]);
  // 300 KB, then 200 KB: together over the 400 KB share, so the first received goes.
  store.ingestLogs([makeLog({ body: 'a'.repeat(300_000) }), makeLog({ body: 'b'.repeat(200_000) }), makeLog({ body: 'small' })]);
  const page = store.untracedLogs({});
  assert.deepEqual(page.records.map((r) => r.bodyPreview[0]).sort(), ['b', 's']);
  assert.equal(page.evicted, 1);
  assert.ok(store.traceSummary(span.traceId), 'the trace stays');
  assert.ok(logs.some((l) => /dropped the 1 oldest log record/.test(l.message)));
  // One record alone over the whole byte cap: oldest first, the two before it go, then itself;
  // the trace still stays.
  store.ingestLogs([makeLog({ body: 'x'.repeat(5_000_000) })]);
  assert.ok(store.traceSummary(span.traceId));
  assert.ok(store.bytes <= limits.maxBytes);
  assert.deepEqual(store.untracedLogs({}), { records: [], total: 0, evicted: 4 });
  store.close();
});

test('the counts survive a snapshot, and clearing the store empties them', async () => {
  const { store } = await openStore();
  store.ingestLogs([makeLog({ body: 'one' }), makeLog({ body: { structured: true } })]);
  const { store: reopened } = await openStore({ snapshot: store.export() });
  assert.equal(reopened.untracedLogCount, 2);
  assert.deepEqual(reopened.untracedLogs({}).records.map((r) => r.bodyPreview).sort(), ['one', '{"structured":true}']);
  reopened.takeChanges();
  reopened.clear();
  assert.equal(reopened.untracedLogCount, 0);
  assert.equal(reopened.takeChanges()?.untracedLogs, true);
  store.close();
  reopened.close();
});
