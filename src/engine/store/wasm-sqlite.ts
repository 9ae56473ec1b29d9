/**
 * The parts of sql.js's module that wasm-statement.ts drives directly: its exported SQLite
 * functions (not described by sql.js's types) and its memory, registered by sql-loader.ts when it
 * instantiates the module, and found again from a database through its class.
 */
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';

/** A value sql.js binds (SqlValue and the types it converts). */
export type BindValue = SqlValue | boolean | bigint;

/** The module functions used here: exported by sql.js's build, not described by its types. */
export interface SqliteExports {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _sqlite3_prepare_v2(db: number, sql: number, bytes: number, statementOut: number, tailOut: number): number;
  _sqlite3_bind_text(statement: number, index: number, text: number, bytes: number, destructor: number): number;
  _sqlite3_bind_blob(statement: number, index: number, blob: number, bytes: number, destructor: number): number;
  _sqlite3_bind_double(statement: number, index: number, value: number): number;
  _sqlite3_bind_int(statement: number, index: number, value: number): number;
  _sqlite3_step(statement: number): number;
  _sqlite3_reset(statement: number): number;
  _sqlite3_clear_bindings(statement: number): number;
  _sqlite3_finalize(statement: number): number;
  _sqlite3_errmsg(db: number): number;
  _sqlite3_column_count(statement: number): number;
  _sqlite3_column_type(statement: number, column: number): number;
  _sqlite3_column_double(statement: number, column: number): number;
  _sqlite3_column_text(statement: number, column: number): number;
  _sqlite3_column_blob(statement: number, column: number): number;
  _sqlite3_column_bytes(statement: number, column: number): number;
  UTF8ToString(pointer: number): string;
}

/** The module's `WebAssembly.Memory` (Node's types here do not describe WebAssembly). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** A module's functions and its memory, known when it was loaded by sql-loader.ts. */
export interface WasmSqlite {
  readonly sqlite: SqliteExports;
  readonly memory: WasmMemory;
}

/** Keyed by the module's `Database` class: a database finds its module through its constructor. */
const modules = new WeakMap<object, WasmSqlite>();

export function registerWasmMemory(SQL: SqlJsStatic, memory: WasmMemory): void {
  const sqlite = SQL as unknown as SqliteExports;
  if (typeof sqlite._sqlite3_bind_text === 'function' && typeof sqlite._malloc === 'function') modules.set(SQL.Database, { sqlite, memory });
}

/** The database's SQLite pointer and module, or undefined (module loaded without its memory, or database closed). */
export function wasmDatabaseOf(db: Database): { pointer: number; wasm: WasmSqlite } | undefined {
  const wasm = modules.get(db.constructor);
  const pointer = (db as unknown as { db: unknown }).db;
  return wasm && typeof pointer === 'number' && pointer !== 0 ? { pointer, wasm } : undefined;
}

const encoder = new TextEncoder();

/** Short strings are mostly ASCII (ids, names, kinds): copied by a loop, without encodeInto's call and view. */
const SHORT_TEXT = 64;

/** Writes `text` as UTF-8 at `at` (room for 3 bytes per UTF-16 unit is there); returns the bytes written. */
export function writeUtf8(text: string, heap: Uint8Array, at: number): number {
  const length = text.length;
  if (length <= SHORT_TEXT) {
    let i = 0;
    while (i < length) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) break;
      heap[at + i] = unit;
      i++;
    }
    if (i === length) return length;
  }
  return encoder.encodeInto(text, heap.subarray(at, at + length * 3)).written;
}

/** Scratch bytes a run of `values` may need: 3 UTF-8 bytes per UTF-16 unit at most, blobs as they are. */
export function scratchBytes(values: readonly BindValue[]): number {
  let bytes = 0;
  for (const value of values) {
    if (typeof value === 'string') bytes += value.length * 3;
    else if (typeof value === 'bigint') bytes += value.toString().length;
    else if (value !== null && typeof value === 'object' && value.length != null) bytes += value.length;
  }
  return bytes;
}
