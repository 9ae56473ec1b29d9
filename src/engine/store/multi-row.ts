/**
 * One statement for many rows. sql.js pays a fixed cost per statement run (crossing into
 * WebAssembly for bind, step and reset, and a malloc and free per bound string), which for small
 * rows is as much as SQLite's own work; `INSERT … VALUES (…), (…), …` over a chunk of rows pays it
 * once per chunk. Statements are prepared once per chunk size, and a run is cut into chunks whose
 * sizes are powers of two, so a table needs at most log2(MAX_CHUNK) + 1 statements. The statements
 * bind their values in the WebAssembly heap (row-statement.ts), without sql.js's per-value costs.
 */
import type { Database, SqlValue } from 'sql.js';
import { prepareRowStatement, type RowStatement } from './row-statement';

/** Rows per statement: enough to make the fixed cost negligible, few enough to stay under SQLite's 32,766 bound parameters. */
export const MAX_CHUNK = 32;

export class MultiRowStatements {
  private readonly bySize = new Map<number, RowStatement>();

  /** `sqlFor(n)`: the statement's text for n rows (see `valuesList`). */
  constructor(private readonly db: Database, private readonly sqlFor: (rows: number) => string) {}

  /** The statement for `rows` rows (one of the sizes `chunks` gives). */
  forRows(rows: number): RowStatement {
    let stmt = this.bySize.get(rows);
    if (!stmt) {
      stmt = prepareRowStatement(this.db, this.sqlFor(rows));
      this.bySize.set(rows, stmt);
    }
    return stmt;
  }

  free(): void {
    for (const stmt of this.bySize.values()) stmt.free();
    this.bySize.clear();
  }
}

/** `(?, ?), (?, ?), …`: `rows` groups of one row's placeholders (`?, ?`). */
export function valuesList(rows: number, placeholders: string): string {
  return new Array<string>(rows).fill(`(${placeholders})`).join(', ');
}



/** `count` rows cut into chunks whose sizes are powers of two up to MAX_CHUNK, largest first: [from, size] pairs. */
export function chunksOf(count: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (let size = MAX_CHUNK; size >= 1; size >>= 1) {
    while (count - from >= size) {
      out.push([from, size]);
      from += size;
    }
  }
  return out;
}

/** The values of rows `from` to `from + size`, flattened for binding. */
export function flatValues(rows: readonly (readonly SqlValue[])[], from: number, size: number): SqlValue[] {
  const values: SqlValue[] = [];
  for (let i = from; i < from + size; i++) for (const v of rows[i]) values.push(v);
  return values;
}
