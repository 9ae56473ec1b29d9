/**
 * A prepared statement for the store's hot paths: wasm-statement.ts when the database's module was
 * loaded with its memory (sql-loader.ts), else sql.js's own Statement behind the same methods, so
 * a module loaded any other way (a test's, a host's) still works, only slower.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { type BindValue, WasmStatement, wasmDatabaseOf } from './wasm-statement';

export type { BindValue } from './wasm-statement';

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
  free(): void;
}

/** The statement for `sql` on `db`, bound in the heap if the database's memory is known. */
export function prepareRowStatement(db: Database, sql: string): RowStatement {
  const wasm = wasmDatabaseOf(db);
  return wasm ? new WasmStatement(wasm.pointer, wasm.wasm, sql) : new SqlJsRowStatement(db.prepare(sql));
}

/** sql.js's Statement behind RowStatement. */
export class SqlJsRowStatement implements RowStatement {
  constructor(private readonly statement: Statement) {}

  bind(values: readonly BindValue[]): void {
    // sql.js binds booleans and bigints too; its types list only SqlValue.
    this.statement.bind(values as SqlValue[]);
  }

  step(): boolean {
    return this.statement.step();
  }

  reset(): void {
    this.statement.reset();
  }

  run(values: readonly BindValue[]): void {
    this.statement.run(values as SqlValue[]);
  }

  get(): SqlValue[] {
    return this.statement.get();
  }

  free(): void {
    this.statement.free();
  }
}
