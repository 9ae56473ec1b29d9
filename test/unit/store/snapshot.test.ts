import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeLog, makeSpan, makeTrace } from '../../factories/spans';
import { readSnapshot, writeSnapshot } from '../../../src/engine/store/snapshot-file';
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
  const contentCount = first.store.content.count;
  first.store.close();

  const second = await openStore({ snapshot: (await readSnapshot(file))! });
  assert.deepEqual(second.queries.listTraces({}), list);
  assert.deepEqual(second.queries.getSpan(a[2].traceId, a[2].spanId), span);
  assert.equal(second.store.spanCount, 7);
  assert.equal(second.store.logCount, 1);
  assert.equal(second.store.content.count, contentCount);
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
  const { store, queries } = await openStore();
  const spans = makeTrace(2, { attributes: { a: 'b' } });
  store.ingestSpans(spans);
  store.sql.run('UPDATE spans SET detail = ? WHERE span_id = ?', [new TextEncoder().encode('{"k" "broken'), spans[1].spanId]);
  const doc = queries.getTraceJson([spans[0].traceId]);
  const damaged = doc.traces[0].spans!.find((s) => s.spanId === spans[1].spanId)!;
  assert.equal(damaged.name, spans[1].name);
  assert.equal(damaged.parentSpanId, spans[0].spanId);
  assert.match(String(damaged.attributes![UNREADABLE_DETAIL]), /could not be read/);
  assert.deepEqual(doc.traces[0].spans!.find((s) => s.spanId === spans[2].spanId)!.attributes, { a: 'b' }, 'the others are intact');
  assert.equal(queries.getSpan(spans[1].traceId, spans[1].spanId)!.name, spans[1].name);
  store.close();
});
