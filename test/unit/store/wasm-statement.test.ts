/**
 * Statements bound in the WebAssembly heap (wasm-statement.ts) must store and read exactly what
 * sql.js's own Statement does: each value is inserted both ways and SQLite is asked what it holds
 * (`typeof`, `hex`). Also: the heap growing during a run, SQLite's error texts, and the fallback to
 * sql.js's Statement when a module was loaded without its memory.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { prepareRowStatement, SqlJsRowStatement, type BindValue } from '../../../src/engine/store/row-statement';
import { loadSqlJs, sqlWasmPath } from '../../../src/engine/store/sql-loader';
import { WasmStatement, wasmDatabaseOf } from '../../../src/engine/store/wasm-statement';
import { decodeTraces } from '../../../src/engine/otlp';
import { openStore } from './open-store';

/** Values of every type sql.js binds, at the edges of its choices (int32 or double, empty, NUL inside). */
const VALUES: BindValue[] = [
  '', 'plain', 'héllo ☃ 𝄞', 'nul\u0000inside', 'x'.repeat(5000), 'x'.repeat(64), `${'a'.repeat(63)}é`, `é${'a'.repeat(70)}`, '\u007f\u0080',
  0, -0, 1, -1, 2147483647, 2147483648, -2147483648, -2147483649, 1.5, -2.25, 1e300, 2 ** 53 + 2, Number.NaN, Number.POSITIVE_INFINITY,
  null, new Uint8Array(0), new Uint8Array([0, 1, 255]), Buffer.from('buffer bytes'),
  true, false, 12345678901234567890n,
];

/**
 * A second sql.js module, loaded the ordinary way (sql.js keeps the first module it loads, so its
 * script is evaluated afresh): its databases get sql.js's own statements.
 */
let plainModule: Promise<SqlJsStatic> | undefined;
function plainSqlJs(): Promise<SqlJsStatic> {
  if (plainModule) return plainModule;
  const load = createRequire(__filename);
  const id = load.resolve('sql.js');
  const kept = load.cache[id];
  delete load.cache[id];
  const init = load('sql.js') as (config: { locateFile: () => string }) => Promise<SqlJsStatic>;
  load.cache[id] = kept;
  plainModule = init({ locateFile: () => sqlWasmPath() });
  return plainModule;
}

/** A database whose statements are bound in the heap and one of a module loaded without its memory. */
async function openBoth(): Promise<{ fast: Database; plain: Database }> {
  const fast = new (await loadSqlJs()).Database();
  const plain = new (await plainSqlJs()).Database();
  return { fast, plain };
}

/** What SQLite holds for each row of `t`, as SQLite itself describes it. */
function stored(db: Database): SqlValue[][] {
  return db.exec('SELECT typeof(v), hex(v), length(v) FROM t ORDER BY rowid')[0].values;
}

test('a database of the module loaded by sql-loader gets heap-bound statements; a module loaded otherwise gets sql.js statements', async () => {
  const { fast, plain } = await openBoth();
  assert.ok(wasmDatabaseOf(fast));
  assert.equal(wasmDatabaseOf(plain), undefined);
  const a = prepareRowStatement(fast, 'SELECT 1');
  const b = prepareRowStatement(plain, 'SELECT 1');
  assert.ok(a instanceof WasmStatement);
  assert.ok(b instanceof SqlJsRowStatement);
  a.free();
  b.free();
  fast.close();
  plain.close();
});

for (const path of ['heap-bound', 'sql.js fallback'] as const) {
  test(`${path}: every value type is stored as sql.js's Statement stores it, one value per run and all in one run`, async () => {
    const { fast, plain } = await openBoth();
    const db = path === 'heap-bound' ? fast : new (await plainSqlJs()).Database();
    for (const d of [db, plain]) d.run('CREATE TABLE t (v)');
    const mine = prepareRowStatement(db, 'INSERT INTO t (v) VALUES (?)');
    assert.ok(path === 'heap-bound' ? mine instanceof WasmStatement : mine instanceof SqlJsRowStatement);
    const theirs = plain.prepare('INSERT INTO t (v) VALUES (?)');
    for (const value of VALUES) {
      mine.run([value]);
      theirs.run([value as SqlValue]);
    }
    theirs.free();
    assert.deepEqual(stored(db), stored(plain));
    // By hand: an int32 is an INTEGER, a larger whole number a REAL, a bigint its decimal text, a boolean 1.
    const types = stored(db).map((row) => row[0]);
    assert.deepEqual([types[VALUES.indexOf(2147483647)], types[VALUES.indexOf(2147483648)], types[VALUES.indexOf(12345678901234567890n)], types[VALUES.indexOf(true)], types[VALUES.indexOf(null)]],
      ['integer', 'real', 'text', 'integer', 'null']);
    assert.deepEqual(stored(db)[VALUES.indexOf(12345678901234567890n)][1], Buffer.from('12345678901234567890').toString('hex').toUpperCase());
    // Many values in one run: the scratch buffer holds all of them at once.
    const wide = prepareRowStatement(db, `SELECT ${VALUES.map(() => 'typeof(?)').join(', ')}`);
    wide.bind(VALUES);
    assert.ok(wide.step());
    assert.deepEqual(wide.get(), types);
    wide.free();
    // Read back: the same row objects as sql.js's get(), blob copies included.
    const read = prepareRowStatement(db, 'SELECT v FROM t ORDER BY rowid');
    const rows: SqlValue[][] = [];
    while (read.step()) rows.push(read.get());
    read.free();
    assert.deepEqual(rows, plain.exec('SELECT v FROM t ORDER BY rowid')[0].values);
    mine.free();
    for (const d of new Set([fast, plain, db])) d.close();
  });
}

test('a run binds only its own values: parameters it leaves out are NULL, whatever the run before bound', async () => {
  const { fast, plain } = await openBoth();
  const got: SqlValue[][] = [];
  for (const db of [fast, plain]) {
    const stmt = prepareRowStatement(db, 'SELECT ?, ?, ?');
    stmt.run(['x', 2, new Uint8Array([1])]);
    stmt.bind(['kept', 7, 'dropped']);
    stmt.bind([null, 'second']);
    assert.ok(stmt.step());
    got.push(stmt.get());
    stmt.free();
  }
  assert.deepEqual(got, [[null, 'second', null], [null, 'second', null]]);
  fast.close();
  plain.close();
});

test('column readers: kind, number, text by byte length (NUL kept), bytes viewed in the heap', async () => {
  const db = new (await loadSqlJs()).Database();
  const heap = wasmDatabaseOf(db)!;
  const stmt = new WasmStatement(heap.pointer, heap.wasm, 'SELECT ?, ?, ?, ?, ?');
  stmt.bind([7, 'a\u0000b ☃', new Uint8Array([9, 8, 7]), null, 0.5]);
  assert.ok(stmt.step());
  assert.equal(stmt.columnCount(), 5);
  assert.deepEqual([0, 1, 2, 3, 4].map((c) => stmt.columnKind(c)), ['number', 'text', 'blob', 'null', 'number']);
  assert.equal(stmt.columnNumber(0), 7);
  assert.equal(stmt.columnText(1), 'a\u0000b ☃');
  assert.deepEqual([...stmt.columnBytesView(2)], [9, 8, 7]);
  assert.deepEqual([...stmt.columnBytesView(1)], [...Buffer.from('a\u0000b ☃')]);
  assert.equal(stmt.columnText(3), '');
  assert.equal(stmt.columnNumber(4), 0.5);
  assert.equal(stmt.step(), false);
  stmt.free();
  db.close();
});

test('the heap growing while a run is bound and stepped keeps every value intact', async () => {
  const db = new (await loadSqlJs()).Database();
  const memory = wasmDatabaseOf(db)?.wasm.memory;
  assert.ok(memory);
  db.run('CREATE TABLE t (a, b, c)');
  const before = memory.buffer.byteLength;
  // Each run needs more scratch than the last (a malloc that grows memory before writing), and
  // SQLite's own pages for the rows grow it again between the bind and the step.
  const insert = prepareRowStatement(db, 'INSERT INTO t VALUES (?, ?, ?)');
  for (let i = 1; i <= 6; i++) insert.run([String(i).repeat(i * 1_000_000), new Uint8Array(i * 2_000_000).fill(i), i]);
  insert.free();
  assert.ok(memory.buffer.byteLength > before + 20_000_000, `the heap grew from ${before} to ${memory.buffer.byteLength}`);
  const read = prepareRowStatement(db, 'SELECT length(a), substr(a, -3), length(b), hex(substr(b, -2)), c FROM t ORDER BY c');
  const rows: SqlValue[][] = [];
  while (read.step()) rows.push(read.get());
  read.free();
  assert.deepEqual(rows, [1, 2, 3, 4, 5, 6].map((i) => [i * 1_000_000, String(i).repeat(3), i * 2_000_000, `0${i}0${i}`, i]));
  db.close();
});

test('errors carry SQLite\'s messages as sql.js gives them, and the statement runs again after one', async () => {
  const { fast, plain } = await openBoth();
  const messages: string[][] = [];
  for (const db of [fast, plain]) {
    db.run('CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    const got: string[] = [];
    const insert = prepareRowStatement(db, 'INSERT INTO t VALUES (?, ?)');
    insert.run(['a', 1]);
    for (const values of [['a', 2], ['b', null], ['c', 3, 4], ['e', 5, null]] as BindValue[][]) {
      try {
        insert.run(values);
      } catch (error) {
        got.push((error as Error).message);
      }
    }
    insert.run(['d', 5]);
    insert.free();
    for (const sql of ['SELECT * FROM nope', 'SELEC 1']) {
      try {
        prepareRowStatement(db, sql);
      } catch (error) {
        got.push((error as Error).message);
      }
    }
    // A NULL past the last parameter is ignored, as sql.js ignores it.
    assert.deepEqual(db.exec('SELECT k, n FROM t ORDER BY k')[0].values, [['a', 1], ['d', 5], ['e', 5]]);
    messages.push(got);
  }
  assert.deepEqual(messages[0], messages[1]);
  assert.deepEqual(messages[0], ['UNIQUE constraint failed: t.k', 'NOT NULL constraint failed: t.n', 'column index out of range', 'no such table: nope', 'near "SELEC": syntax error']);
  // A value sql.js cannot bind: the same words, as an Error.
  const stmt = prepareRowStatement(fast, 'SELECT ?');
  assert.throws(() => stmt.bind([undefined as unknown as BindValue]), { message: 'Wrong API use : tried to bind a value of an unknown type (undefined).' });
  stmt.free();
  assert.throws(() => stmt.step(), { message: 'Statement closed' });
  fast.close();
  plain.close();
});

test('a lone surrogate is stored as U+FFFD, as Node writes UTF-8 (sql.js wrote its invalid 3-byte form, read back as three U+FFFD)', async () => {
  const { fast, plain } = await openBoth();
  const text = 'a\uD800b\uDC00';
  const back: string[] = [];
  for (const db of [fast, plain]) {
    const stmt = prepareRowStatement(db, 'SELECT ?, hex(?)');
    stmt.bind([text, text]);
    assert.ok(stmt.step());
    const [value, hex] = stmt.get();
    back.push(String(value), String(hex));
    stmt.free();
  }
  assert.deepEqual(back, [
    'a\uFFFDb\uFFFD', Buffer.from('a\uFFFDb\uFFFD').toString('hex').toUpperCase(),
    'a\uFFFD\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFD', '61EDA08062EDB080',
  ]);
  assert.equal(back[0], Buffer.from(text, 'utf8').toString('utf8'));
  fast.close();
  plain.close();
});

test('a span name with lone surrogates reads back with one U+FFFD for each, as its UTF-8 from Node reads', async () => {
  const name = 'chat x\uD800y\uDC00';
  const attr = (key: string, value: string): object => ({ key, value: { stringValue: value } });
  const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'svc')] }, scopeSpans: [{ spans: [{
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name, kind: 3,
    startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', status: { code: 2, message: name },
    attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', 'gpt-4o')],
  }] }] }] });
  const opened = await openStore();
  opened.store.ingestSpans(decodeTraces(Buffer.from(body), 'json').items);
  const trace = opened.queries.listTraces({ limit: 10 }).traces[0];
  const span = opened.queries.getTraceJson([trace.traceId]).traces[0]?.spans?.[0];
  assert.ok(span);
  // By hand: each lone surrogate is one character that cannot be written, so one U+FFFD.
  assert.deepEqual([trace.name, span.name, span.statusMessage], ['chat x\uFFFDy\uFFFD', 'chat x\uFFFDy\uFFFD', 'chat x\uFFFDy\uFFFD']);
  assert.equal(span.name, Buffer.from(name, 'utf8').toString('utf8'));
  opened.store.close();
});
