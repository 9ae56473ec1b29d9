import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columns } from '../../../src/engine/store/columns';
import { schemaSql } from '../../../src/engine/store/schema';
import { NORMALIZED_COLUMNS, SPAN_INSERT_COLUMNS } from '../../../src/engine/store/span-columns';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';

test('a row is read by name whatever the order of the select list', async () => {
  const db = new (await loadSqlJs()).Database();
  db.run('CREATE TABLE t (a INTEGER, b TEXT, c BLOB)');
  db.run("INSERT INTO t VALUES (1, 'two', x'33')");
  const forwards = columns({ first: 'a', second: 'b', third: 'CAST(c AS TEXT)' });
  const backwards = columns({ third: 'CAST(c AS TEXT)', second: 'b', first: 'a' });
  for (const list of [forwards, backwards]) {
    const row = list.named(db.exec(`SELECT ${list.sql} FROM t`)[0].values[0]);
    assert.deepEqual({ ...row }, { first: 1, second: 'two', third: '3' });
  }
  db.close();
});

test('values are bound in the list\'s order, from a record in any order', async () => {
  const db = new (await loadSqlJs()).Database();
  db.run('CREATE TABLE t (a INTEGER, b TEXT)');
  const list = columns({ second: 'b', first: 'a' });
  db.run(`INSERT INTO t (${list.sql}) VALUES (${list.placeholders})`, list.values({ first: 7, second: 'seven' }));
  db.run(`UPDATE t SET ${columns({ second: 'b' }).assignments()}`, ['eight']);
  assert.deepEqual(db.exec('SELECT a, b FROM t')[0].values, [[7, 'eight']]);
  db.close();
});

test('the span insert writes every column of the spans table, each once', async () => {
  const db = new (await loadSqlJs()).Database();
  db.run(schemaSql('main'));
  const tableColumns = db.exec('PRAGMA table_info(spans)')[0].values.map((r) => String(r[1])).sort();
  db.close();
  const written = Object.values(SPAN_INSERT_COLUMNS.columns).sort();
  assert.deepEqual(written, tableColumns);
  for (const column of Object.values(NORMALIZED_COLUMNS.columns)) assert.ok(tableColumns.includes(column), column);
});
