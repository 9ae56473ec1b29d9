import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeLog, makeSpan, makeTrace } from '../../factories/spans';
import { readSnapshot, writeSnapshot } from '../../../src/engine/store/snapshot-file';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { UNREADABLE_DETAIL } from '../../../src/engine/store/stored-spans';
import { openStore } from './open-store';

test('a snapshot round trip keeps traces, spans, content, logs and reference counts', async () => {
  const first = await openStore();
  const prompt = 'A long shared system prompt. '.repeat(40);
  const a = makeTrace(3, { attributes: { prompt } });
  const b = makeTrace(2, { attributes: { prompt } });
  first.store.ingestSpans([...a, ...b]);
  first.store.ingestLogs([makeLog({ traceId: a[1].traceId, spanId: a[1].spanId, body: 'log body' })]);
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-store-'));
  const file = path.join(dir, 'db', 'traces.sqlite');
  await writeSnapshot(file, first.store.export());
  assert.deepEqual(readdirSync(path.dirname(file)), ['traces.sqlite'], 'no temporary file left behind');
  const list = first.queries.listTraces({});
  const span = first.queries.getSpan(a[2].traceId, a[2].spanId);
  const contentCount = first.store.contentCount;
  first.store.close();

  const second = await openStore({ snapshot: (await readSnapshot(file))! });
  assert.deepEqual(second.queries.listTraces({}), list);
  assert.deepEqual(second.queries.getSpan(a[2].traceId, a[2].spanId), span);
  assert.equal(second.store.spanCount, 7);
  assert.equal(second.store.logCount, 1);
  assert.equal(second.store.contentCount, contentCount);
  // Reference counts survived: deleting one trace keeps the shared prompt for the other.
  second.store.deleteTrace(a[0].traceId);
  assert.equal(second.queries.getSpan(b[1].traceId, b[1].spanId)!.attributes!.prompt, prompt);
  // And the loaded store keeps ingesting, with sequence numbers moving on.
  const seqBefore = Math.max(...list.traces.map((t) => t.updatedSeq));
  const c = makeSpan({ name: 'after load' });
  second.store.ingestSpans([c]);
  assert.ok(second.queries.getTraceSummary(c.traceId)!.updatedSeq > seqBefore);
  second.store.close();
});

test('a snapshot path that does not exist reads as none', async () => {
  assert.equal(await readSnapshot(path.join(tmpdir(), 'no-such-dir-tracelight', 'x.sqlite')), null);
});

test('a file that is not a Tracelight snapshot is refused', async () => {
  const { loadSqlJs } = await import('../../../src/engine/store/sql-loader');
  const SQL = await loadSqlJs();
  const foreign = new SQL.Database();
  foreign.run('CREATE TABLE other (x)');
  const bytes = foreign.export();
  foreign.close();
  await assert.rejects(openStore({ snapshot: bytes }), /not a Tracelight snapshot/);
  await assert.rejects(openStore({ snapshot: new TextEncoder().encode('not sqlite at all, just text') }));
});

test('a span whose stored detail is damaged is still shown, from its row, and marked', async () => {
  const healthy = await openStore();
  const spans = makeTrace(2, { attributes: { a: 'b' } });
  healthy.store.ingestSpans(spans);
  // Damage one span's detail in the snapshot's bytes, as a disk error would.
  const raw = new (await loadSqlJs()).Database(healthy.store.export());
  raw.run('UPDATE spans SET detail = ? WHERE span_id = ?', [new TextEncoder().encode('{"k" "broken'), spans[1].spanId]);
  const damagedSnapshot = raw.export();
  raw.close();
  healthy.store.close();
  const { store, queries } = await openStore({ snapshot: damagedSnapshot });
  const doc = queries.getTraceJson([spans[0].traceId]);
  const damaged = doc.traces[0].spans!.find((s) => s.spanId === spans[1].spanId)!;
  assert.equal(damaged.name, spans[1].name);
  assert.equal(damaged.parentSpanId, spans[0].spanId);
  assert.match(String(damaged.attributes![UNREADABLE_DETAIL]), /could not be read/);
  assert.deepEqual(doc.traces[0].spans!.find((s) => s.spanId === spans[2].spanId)!.attributes, { a: 'b' }, 'the others are intact');
  assert.equal(queries.getSpan(spans[1].traceId, spans[1].spanId)!.name, spans[1].name);
  store.close();
});

test('the store keeps ingesting after a snapshot is taken, and the snapshot holds what was there then', async () => {
  const first = await openStore();
  const before = makeTrace(2, { attributes: { prompt: 'shared prompt text '.repeat(30) } });
  first.store.ingestSpans(before);
  const snapshot = first.store.export();
  // Ingest, query and delete on the live store after the export: its tables must still be the
  // ones written to (not copies left behind for the export).
  const after = makeTrace(1, { attributes: { prompt: 'shared prompt text '.repeat(30) } });
  first.store.ingestSpans(after);
  first.store.ingestSpans([makeSpan({ traceId: before[0].traceId, parentSpanId: before[0].spanId, name: 'late child' })]);
  assert.equal(first.store.spanCount, 6);
  assert.equal(first.queries.listTraces({}).total, 2);
  assert.equal(first.queries.getSpanRows(before[0].traceId).length, 4);
  assert.equal(first.queries.getTraceSummary(before[0].traceId)!.spanCount, 4);
  const second = await openStore({ snapshot: first.store.export() });
  assert.deepEqual(second.queries.listTraces({}), first.queries.listTraces({}), 'a second snapshot holds the later spans too');
  assert.equal(second.store.contentCount, first.store.contentCount);
  second.store.close();

  const old = await openStore({ snapshot });
  assert.equal(old.store.spanCount, 3, 'the first snapshot holds only the spans stored before it');
  assert.equal(old.queries.listTraces({}).total, 1);
  assert.deepEqual(old.queries.getSpanRows(before[0].traceId), first.queries.getSpanRows(before[0].traceId).filter((r) => r.name !== 'late child'));
  first.store.close();
  old.store.close();
});

test('a snapshot whose tables are in the main database (as written before they moved to memory) loads', async () => {
  const { loadSqlJs } = await import('../../../src/engine/store/sql-loader');
  const { schemaSql, SCHEMA_VERSION, TABLES } = await import('../../../src/engine/store/schema');
  const source = await openStore();
  const spans = makeTrace(2, { attributes: { prompt: 'p'.repeat(500) } });
  source.store.ingestSpans(spans);
  const SQL = await loadSqlJs();
  const legacy = new SQL.Database();
  legacy.run(schemaSql('main'));
  legacy.run(`ATTACH ':memory:' AS src`);
  // The live store's rows, copied into a file laid out the old way (real schema in main).
  const live = new SQL.Database(source.store.export());
  for (const table of TABLES) {
    const rows = live.exec(`SELECT * FROM ${table}`)[0];
    for (const row of rows?.values ?? []) legacy.run(`INSERT INTO main.${table} VALUES (${row.map(() => '?').join(', ')})`, row);
  }
  live.close();
  assert.equal(legacy.exec("SELECT value FROM meta WHERE key = 'schema'")[0].values[0][0], String(SCHEMA_VERSION));
  const loaded = await openStore({ snapshot: legacy.export() });
  legacy.close();
  assert.deepEqual(loaded.queries.getTraceJson([spans[0].traceId]), source.queries.getTraceJson([spans[0].traceId]));
  loaded.store.ingestSpans([makeSpan({ name: 'new' })]);
  assert.equal(loaded.store.spanCount, 4);
  loaded.store.close();
  source.store.close();
});
