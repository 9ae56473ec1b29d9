/**
 * A prepared statement driven through sql.js's exported SQLite functions, its values written
 * straight into the WebAssembly heap. sql.js binds a string with two per-character JS loops (its
 * UTF-8 length, then the encoding), a malloc and, on reset, a free; a blob with a malloc, a copy and
 * a free. Measured on a row of 30 short strings: 21.6 µs to bind, step and reset through sql.js,
 * 6.1 µs with each string written by `TextEncoder.encodeInto` into the heap and bound
 * SQLITE_STATIC (30 numbers through sql.js: 3.3 µs). The store binds about 30 strings per span;
 * in the store's ingest (bench/src/store-ingest-profile.ts) the store thread went from 36-42 to
 * 32-35 CPU-µs per span, once short ASCII strings were copied by a loop (encodeInto's call and
 * view cost more than the copy) and NULLs were left to clear_bindings instead of bound one by one.
 *
 * All of a run's text and blob bytes go into one scratch buffer of the statement's own (malloc'd
 * once, grown when a run needs more), so no other statement's run can overwrite bytes it still
 * points at. Any malloc or SQLite call may grow the memory, which replaces its ArrayBuffer: the heap
 * view is taken again whenever that may have happened.
 *
 * Types are bound as sql.js binds them (a string as TEXT; a number that is an int32 as INTEGER,
 * any other as REAL; null as NULL; a Uint8Array or other array-like as a BLOB; a boolean as 0/1; a
 * bigint as its decimal TEXT; anything else is an error). One difference: text that is not valid
 * UTF-16 (a lone surrogate) is stored with U+FFFD where sql.js wrote the surrogate's 3-byte form,
 * invalid UTF-8 that reads back as three U+FFFD (see ARCHITECTURE.md).
 *
 * sql.js finalizes its own statements when the database closes; it does not know these, so their
 * owner frees them first (TraceStore.close frees everything before closing its database).
 */
import type { SqlValue } from 'sql.js';
import { scratchBytes, writeUtf8, type BindValue, type WasmSqlite } from './wasm-sqlite';

export { registerWasmMemory, wasmDatabaseOf, type BindValue, type WasmMemory } from './wasm-sqlite';

/** What `columnKind` says a stepped row's column holds (INTEGER and REAL are both numbers, as sql.js reads them). */
export type ColumnKind = 'number' | 'text' | 'blob' | 'null';
const KIND_BY_TYPE: readonly ColumnKind[] = ['null', 'number', 'number', 'text', 'blob', 'null'];

const ROW = 100;
const DONE = 101;
const SQLITE_STATIC = 0;
/** A scratch buffer grown past this is given back on reset (one huge run should not hold its bytes). */
const KEEP_SCRATCH_BYTES = 1 << 20;
const FIRST_SCRATCH_BYTES = 4096;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class WasmStatement {
  private statement = 0;
  private scratch = 0;
  private capacity = 0;
  private heap = new Uint8Array(0);
  /** Stepped or bound since the last reset. */
  private used = false;

  constructor(private readonly db: number, private readonly wasm: WasmSqlite, sql: string) {
    const { sqlite } = wasm;
    const text = encoder.encode(sql);
    const cell = sqlite._malloc(text.length + 8);
    try {
      this.bytes().set(text, cell + 8);
      const code = sqlite._sqlite3_prepare_v2(db, cell + 8, text.length, cell, 0);
      if (code !== 0) throw this.error();
      this.statement = new DataView(wasm.memory.buffer).getInt32(cell, true);
    } finally {
      sqlite._free(cell);
    }
    if (this.statement === 0) throw new Error('Nothing to prepare');
    this.growScratch(FIRST_SCRATCH_BYTES);
  }

  /** Binds `values` to parameters 1..n, after clearing the previous run's bindings (as sql.js's bind does). */
  bind(values: readonly BindValue[]): void {
    if (this.used) this.reset();
    this.used = true;
    const { sqlite } = this.wasm;
    const needed = scratchBytes(values);
    if (needed > this.capacity) this.growScratch(needed);
    // Binding SQLITE_STATIC copies nothing and allocates nothing, so the heap cannot grow in this loop.
    const heap = this.bytes();
    const stmt = this.statement;
    let at = this.scratch;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      let code: number;
      if (typeof value === 'string' || typeof value === 'bigint') {
        const text = typeof value === 'string' ? value : value.toString();
        const written = writeUtf8(text, heap, at);
        code = sqlite._sqlite3_bind_text(stmt, i + 1, at, written, SQLITE_STATIC);
        at += written;
      } else if (typeof value === 'number') {
        code = value === (value | 0) ? sqlite._sqlite3_bind_int(stmt, i + 1, value) : sqlite._sqlite3_bind_double(stmt, i + 1, value);
      } else if (typeof value === 'boolean') {
        code = sqlite._sqlite3_bind_int(stmt, i + 1, value ? 1 : 0);
      } else if (value === null) {
        // The bindings were cleared to NULL, so a null needs no call (sql.js ignores what binding one returns, past the last parameter too).
        code = 0;
      } else if (typeof value === 'object' && value.length != null) {
        heap.set(value, at);
        code = sqlite._sqlite3_bind_blob(stmt, i + 1, at, value.length, SQLITE_STATIC);
        at += value.length;
      } else {
        throw new Error(`Wrong API use : tried to bind a value of an unknown type (${String(value)}).`);
      }
      if (code !== 0) throw this.error();
    }
  }

  /** Steps once: true when a row is ready to be read. */
  step(): boolean {
    this.used = true;
    const code = this.wasm.sqlite._sqlite3_step(this.live());
    if (code === ROW) return true;
    if (code === DONE) return false;
    throw this.error();
  }

  /** Ready to run again, bindings cleared (they point into the scratch buffer). */
  reset(): void {
    this.used = false;
    const { sqlite } = this.wasm;
    sqlite._sqlite3_clear_bindings(this.live());
    sqlite._sqlite3_reset(this.statement);
    if (this.capacity > KEEP_SCRATCH_BYTES) this.growScratch(FIRST_SCRATCH_BYTES);
  }

  /** Bind, step once, reset (a write). */
  run(values: readonly BindValue[]): void {
    try {
      this.bind(values);
      this.step();
    } finally {
      this.reset();
    }
  }

  columnCount(): number {
    return this.wasm.sqlite._sqlite3_column_count(this.live());
  }

  columnKind(column: number): ColumnKind {
    return KIND_BY_TYPE[this.wasm.sqlite._sqlite3_column_type(this.live(), column)] ?? 'null';
  }

  columnNumber(column: number): number {
    return this.wasm.sqlite._sqlite3_column_double(this.live(), column);
  }

  /** The column as text, decoded by its byte length (NULs kept, invalid UTF-8 as U+FFFD, as sql.js reads it). */
  columnText(column: number): string {
    const { sqlite } = this.wasm;
    const pointer = sqlite._sqlite3_column_text(this.live(), column);
    if (pointer === 0) return '';
    const length = sqlite._sqlite3_column_bytes(this.statement, column);
    return decoder.decode(this.bytes().subarray(pointer, pointer + length));
  }

  /** The column's bytes as a view of the heap: valid only until the next call on this statement or database. */
  columnBytesView(column: number): Uint8Array {
    const { sqlite } = this.wasm;
    const pointer = sqlite._sqlite3_column_blob(this.live(), column);
    const length = sqlite._sqlite3_column_bytes(this.statement, column);
    return pointer === 0 ? new Uint8Array(0) : this.bytes().subarray(pointer, pointer + length);
  }

  /** The stepped row as sql.js's `get()` gives it (numbers, strings, blob copies, nulls). */
  get(): SqlValue[] {
    const row: SqlValue[] = [];
    const count = this.columnCount();
    for (let column = 0; column < count; column++) {
      const kind = this.columnKind(column);
      if (kind === 'number') row.push(this.columnNumber(column));
      else if (kind === 'text') row.push(this.columnText(column));
      else if (kind === 'blob') row.push(this.columnBytesView(column).slice());
      else row.push(null);
    }
    return row;
  }

  free(): void {
    if (this.statement === 0) return;
    this.wasm.sqlite._sqlite3_finalize(this.statement);
    this.wasm.sqlite._free(this.scratch);
    this.statement = this.scratch = this.capacity = 0;
  }

  private live(): number {
    if (this.statement === 0) throw new Error('Statement closed');
    return this.statement;
  }

  /** The heap, taken again if the memory grew since. */
  private bytes(): Uint8Array {
    const buffer = this.wasm.memory.buffer;
    if (this.heap.buffer !== buffer) this.heap = new Uint8Array(buffer);
    return this.heap;
  }

  private growScratch(bytes: number): void {
    if (this.scratch !== 0) this.wasm.sqlite._free(this.scratch);
    this.scratch = this.wasm.sqlite._malloc(bytes);
    if (this.scratch === 0) throw new Error(`out of memory: ${bytes} bytes for bound values`);
    this.capacity = bytes;
  }

  private error(): Error {
    return new Error(this.wasm.sqlite.UTF8ToString(this.wasm.sqlite._sqlite3_errmsg(this.db)));
  }
}
