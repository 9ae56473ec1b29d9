/**
 * A prepared statement for the store's hot paths: wasm-statement.ts when the database's module was
 * loaded with its memory (sql-loader.ts), else sql.js's own Statement behind the same methods, so
 * a module loaded any other way (a test's, a host's) still works, only slower.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { type BindValue, type ColumnKind, WasmStatement, wasmDatabaseOf } from './wasm-statement';

export type { BindValue, ColumnKind } from './wasm-statement';

export interface RowStatement {
  /** Binds values to parameters 1..n (sql.js's types), after clearing the previous bindings. */
  bind(values: readonly BindValue[]): void;
  /** Steps once: true when a row is ready to be read; throws SQLite's message on failure. */
  step(): boolean;
  /** Ready to run again, bindings cleared. */
  reset(): void;
  /** Bind, step once, reset. */
  run(values: readonly BindValue[]): void;
  /** The stepped row as sql.js's `get()` gives it. */
  get(): SqlValue[];
  columnCount(): number;
  columnKind(column: number): ColumnKind;
  columnNumber(column: number): number;
  columnText(column: number): string;
  /** The column's bytes; from the heap directly when it can be, so valid only until the next call on the statement or database. */
  columnBytesView(column: number): Uint8Array;
  free(): void;
}

/** The statement for `sql` on `db`, bound in the heap if the database's memory is known. */
export function prepareRowStatement(db: Database, sql: string): RowStatement {
  const wasm = wasmDatabaseOf(db);
  return wasm ? new WasmStatement(wasm.pointer, wasm.wasm, sql) : new SqlJsRowStatement(db.prepare(sql));
}

const decoder = new TextDecoder();

/** sql.js's Statement behind RowStatement: columns are read from its `get()` of the stepped row. */
export class SqlJsRowStatement implements RowStatement {
  private row: SqlValue[] | null = null;

  constructor(private readonly statement: Statement) {}

  bind(values: readonly BindValue[]): void {
    this.row = null;
    // sql.js binds booleans and bigints too; its types list only SqlValue.
    this.statement.bind(values as SqlValue[]);
  }

  step(): boolean {
    this.row = null;
    return this.statement.step();
  }

  reset(): void {
    this.row = null;
    this.statement.reset();
  }

  run(values: readonly BindValue[]): void {
    this.row = null;
    this.statement.run(values as SqlValue[]);
  }

  get(): SqlValue[] {
    return this.statement.get();
  }

  columnCount(): number {
    return this.current().length;
  }

  columnKind(column: number): ColumnKind {
    const value = this.current()[column];
    return value === null || value === undefined ? 'null' : typeof value === 'number' ? 'number' : typeof value === 'string' ? 'text' : 'blob';
  }

  columnNumber(column: number): number {
    return Number(this.current()[column] ?? 0);
  }

  columnText(column: number): string {
    const value = this.current()[column];
    return value instanceof Uint8Array ? decoder.decode(value) : String(value ?? '');
  }

  columnBytesView(column: number): Uint8Array {
    const value = this.current()[column];
    return value instanceof Uint8Array ? value : typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(0);
  }

  free(): void {
    this.statement.free();
  }

  private current(): SqlValue[] {
    this.row ??= this.statement.get();
    return this.row;
  }
}
