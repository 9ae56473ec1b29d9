/**
 * The `calls` and `traces` rows a batch's summary refreshes write, held until the batch's last
 * trace is summarized and then inserted with one statement per chunk of rows (multi-row.ts) instead
 * of one per row: for ordinary traces of a few spans each, binding, stepping and resetting a
 * statement per row was most of the summaries' SQL.
 *
 * Holding them is safe because nothing reads these rows while a batch's summaries are refreshed
 * (each trace is refreshed once per batch, and what it reads are its span rows), both tables are
 * keyed by their primary key alone (WITHOUT ROWID, so the insertion order leaves no trace), and the
 * store writes them out before anything that reads them: retention, the commit. A refresh of every
 * stored trace (a price change) writes them out every FLUSH_ROWS rows to bound the memory held.
 */
import type { Database, SqlValue } from 'sql.js';
import { CALL_COLUMNS } from './call-costs';
import { chunksOf, flatValues, MultiRowStatements, valuesList } from './multi-row';
import { TRACE_COLUMNS } from './trace-summary';

const FLUSH_ROWS = 4096;

/** Rows for one `INSERT OR REPLACE INTO <table> (<columns>)`, written in chunks. */
class HeldRows {
  private rows: SqlValue[][] = [];
  private readonly statements: MultiRowStatements;

  /** `keyWidth`: the primary key's columns, the first of each row's values. */
  constructor(db: Database, table: string, columnList: string, placeholders: string, private readonly keyWidth: number) {
    this.statements = new MultiRowStatements(db, (n) => `INSERT OR REPLACE INTO ${table} (${columnList}) VALUES ${valuesList(n, placeholders)}`);
  }

  add(values: SqlValue[]): void {
    this.rows.push(values);
    if (this.rows.length >= FLUSH_ROWS) this.flush();
  }

  flush(): void {
    // In key order: each insert then lands next to the one before in the table's B-tree. The sort
    // is stable, so a key held twice is still replaced in the order it was added.
    const rows = this.rows.sort(this.byKey);
    this.rows = [];
    for (const [from, size] of chunksOf(rows.length)) this.statements.forRows(size).run(flatValues(rows, from, size));
  }

  discard(): void {
    this.rows = [];
  }

  private readonly byKey = (a: SqlValue[], b: SqlValue[]): number => {
    for (let i = 0; i < this.keyWidth; i++) {
      const x = a[i] as string;
      const y = b[i] as string;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };

  free(): void {
    this.statements.free();
  }
}

export class SummaryWrites {
  readonly calls: HeldRows;
  readonly traces: HeldRows;

  constructor(db: Database) {
    this.calls = new HeldRows(db, 'calls', CALL_COLUMNS.sql, CALL_COLUMNS.placeholders, 2);
    this.traces = new HeldRows(db, 'traces', TRACE_COLUMNS.sql, TRACE_COLUMNS.placeholders, 1);
  }

  /** Writes what is held (before anything reads `calls` or `traces`). */
  flush(): void {
    this.calls.flush();
    this.traces.flush();
  }

  /** Drops what is held (the batch's transaction is rolled back). */
  discard(): void {
    this.calls.discard();
    this.traces.discard();
  }

  free(): void {
    this.calls.free();
    this.traces.free();
  }
}
