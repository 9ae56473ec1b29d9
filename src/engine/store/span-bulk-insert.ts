/**
 * A batch's span rows in one statement per chunk of rows (multi-row.ts) instead of one per span:
 * binding, stepping and resetting a statement costs sql.js about as much as SQLite's own work for a
 * span row. Duplicates (a retried export) stay rare and are still found exactly: when a chunk
 * inserts fewer rows than it was given, the rows it did insert are read back by rowid (new rows
 * take rowids above every stored one), and the others are the duplicates, the first copy of a
 * span winning as `INSERT OR IGNORE` row by row would have it.
 */
import type { Database, SqlValue } from 'sql.js';
import { chunksOf, flatValues, MultiRowStatements, valuesList } from './multi-row';
import type { PreparedStatements } from './prepared';
import { SPAN_INSERT_COLUMNS } from './span-columns';

const INSERTED_SINCE = 'SELECT trace_id, span_id FROM spans WHERE rowid > ? ORDER BY rowid';

export class SpanBulkInsert {
  private readonly insert: MultiRowStatements;

  constructor(private readonly db: Database, private readonly sql: PreparedStatements) {
    this.insert = new MultiRowStatements(db, (n) => `INSERT OR IGNORE INTO spans (${SPAN_INSERT_COLUMNS.sql}) VALUES ${valuesList(n, SPAN_INSERT_COLUMNS.placeholders)}`);
  }

  /**
   * Inserts rows bound from SPAN_INSERT_COLUMNS values, `keys[i]` being row i's trace and span id;
   * returns whether each row was stored (false: its span was stored already, or earlier in `rows`).
   */
  insertAll(rows: readonly SqlValue[][], keys: ReadonlyArray<readonly [string, string]>): boolean[] {
    const lastRowid = this.sql.number('SELECT coalesce(max(rowid), 0) FROM spans');
    let inserted = 0;
    for (const [from, size] of chunksOf(rows.length)) {
      this.insert.forRows(size).run(flatValues(rows, from, size));
      inserted += this.db.getRowsModified();
    }
    if (inserted === rows.length) return rows.map(() => true);
    const stored = new Set(this.sql.all(INSERTED_SINCE, [lastRowid]).map((r) => `${String(r[0])}/${String(r[1])}`));
    // A key is claimed by the first row that has it; a later row with the same key was ignored.
    return keys.map(([traceId, spanId]) => stored.delete(`${traceId}/${spanId}`));
  }

  free(): void {
    this.insert.free();
  }
}
