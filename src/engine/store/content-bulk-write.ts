/**
 * A round of added content references written a chunk of rows per statement (multi-row.ts) instead
 * of one upsert and one insert per hash: for the bench's spans that was two to three statements per
 * span, each paying sql.js's fixed cost of binding, stepping and resetting.
 *
 * The outcome is what the row-by-row writes gave, row for row: each hash's reference count grows
 * by its delta (the upsert's RETURNING tells whether the row is new: its count is then the delta),
 * and the new rows' texts are inserted in the round's order, so they take the same rowids.
 */
import type { Database, SqlValue } from 'sql.js';
import { chunksOf, MultiRowStatements, valuesList } from './multi-row';

/** A hash whose references grow, with its text (and that text's UTF-8 size) when the batch sent it. */
export interface AddedReference {
  hash: string;
  delta: number;
  text: string;
  bytes: number;
}

export class ContentBulkWrite {
  private readonly upsert: MultiRowStatements;
  private readonly insert: MultiRowStatements;

  /** `encode`: the bytes a new row's text is stored as (content-text.ts). */
  constructor(db: Database, private readonly encode: (added: AddedReference) => Uint8Array) {
    this.upsert = new MultiRowStatements(db, (n) => `INSERT INTO content_refs (hash, bytes, refs) VALUES ${valuesList(n, '?, ?, ?')}
      ON CONFLICT (hash) DO UPDATE SET refs = refs + excluded.refs RETURNING hash, refs`);
    this.insert = new MultiRowStatements(db, (n) => `INSERT INTO content (hash, text) VALUES ${valuesList(n, '?, ?')}`);
  }

  /**
   * Adds the references (each hash at most once) and inserts the text of every row this creates;
   * returns those new rows, in the order given.
   */
  addAll(added: readonly AddedReference[]): AddedReference[] {
    const counts = new Map<string, number>();
    for (const [from, size] of chunksOf(added.length)) {
      const values: SqlValue[] = [];
      for (let i = from; i < from + size; i++) values.push(added[i].hash, added[i].bytes, added[i].delta);
      const stmt = this.upsert.forRows(size);
      try {
        stmt.bind(values);
        while (stmt.step()) {
          const [hash, refs] = stmt.get();
          counts.set(String(hash), Number(refs));
        }
      } finally {
        stmt.reset();
      }
    }
    // A stored row has at least one reference, so a count equal to the delta is a row just created.
    const created = added.filter((a) => counts.get(a.hash) === a.delta);
    for (const [from, size] of chunksOf(created.length)) {
      const values: SqlValue[] = [];
      for (let i = from; i < from + size; i++) values.push(created[i].hash, this.encode(created[i]));
      this.insert.forRows(size).run(values);
    }
    return created;
  }

  free(): void {
    this.upsert.free();
    this.insert.free();
  }
}
