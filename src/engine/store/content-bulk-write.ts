/**
 * A round of added content references written a chunk of rows per statement (multi-row.ts) instead
 * of one upsert and one insert per hash: for the bench's spans that was two to three statements per
 * span, each paying sql.js's fixed cost of binding, stepping and resetting.
 *
 * The outcome is what the row-by-row writes gave, row for row: each hash's reference count grows
 * by its delta, and the texts of the hashes not stored yet are inserted in the round's order, so
 * they take the same ids (the next after the highest, as SQLite gives them). Which hashes are new
 * is read first, with an index lookup per hash; then the new texts are appended to `content` and
 * the counts written to `content_refs` in hash order, where each insert lands next to the one before.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { chunksOf, MultiRowStatements, valuesList } from './multi-row';

/** A hash whose references grow, with its text (and that text's UTF-8 size) when the batch sent it. */
export interface AddedReference {
  hash: string;
  delta: number;
  text: string;
  bytes: number;
}

const byHash = (a: AddedReference, b: AddedReference): number => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);

export class ContentBulkWrite {
  private readonly stored: MultiRowStatements;
  private readonly upsert: MultiRowStatements;
  private readonly insert: MultiRowStatements;
  private readonly lastId: Statement;

  /** `encode`: the bytes a new row's text is stored as (content-text.ts). */
  constructor(db: Database, private readonly encode: (added: AddedReference) => Uint8Array) {
    this.stored = new MultiRowStatements(db, (n) => `SELECT hash FROM content_refs WHERE hash IN (${new Array<string>(n).fill('?').join(', ')})`);
    this.upsert = new MultiRowStatements(db, (n) => `INSERT INTO content_refs (hash, bytes, refs, content_id) VALUES ${valuesList(n, '?, ?, ?, ?')}
      ON CONFLICT (hash) DO UPDATE SET refs = refs + excluded.refs`);
    this.insert = new MultiRowStatements(db, (n) => `INSERT INTO content (id, hash, text) VALUES ${valuesList(n, '?, ?, ?')}`);
    this.lastId = db.prepare('SELECT coalesce(max(id), 0) FROM content');
  }

  /**
   * Adds the references (each hash at most once) and inserts the text of every row this creates;
   * returns those new rows, in the order given.
   */
  addAll(added: readonly AddedReference[]): AddedReference[] {
    const sorted = added.slice().sort(byHash);
    const present = this.storedHashes(sorted);
    const created = added.filter((a) => !present.has(a.hash));
    const ids = new Map<string, number>();
    let id = created.length > 0 ? this.nextId() : 0;
    for (const [from, size] of chunksOf(created.length)) {
      const values: SqlValue[] = [];
      for (let i = from; i < from + size; i++) {
        ids.set(created[i].hash, id);
        values.push(id++, created[i].hash, this.encode(created[i]));
      }
      this.insert.forRows(size).run(values);
    }
    for (const [from, size] of chunksOf(sorted.length)) {
      const values: SqlValue[] = [];
      // A stored hash keeps its row: the id given here is ignored by the update.
      for (let i = from; i < from + size; i++) values.push(sorted[i].hash, sorted[i].bytes, sorted[i].delta, ids.get(sorted[i].hash) ?? 0);
      this.upsert.forRows(size).run(values);
    }
    return created;
  }

  /** The hashes among `sorted` that content_refs holds. */
  private storedHashes(sorted: readonly AddedReference[]): Set<string> {
    const present = new Set<string>();
    for (const [from, size] of chunksOf(sorted.length)) {
      const stmt = this.stored.forRows(size);
      try {
        stmt.bind(sorted.slice(from, from + size).map((a) => a.hash));
        while (stmt.step()) present.add(String(stmt.get()[0]));
      } finally {
        stmt.reset();
      }
    }
    return present;
  }

  private nextId(): number {
    try {
      this.lastId.step();
      return Number(this.lastId.get()[0]) + 1;
    } finally {
      this.lastId.reset();
    }
  }

  free(): void {
    this.stored.free();
    this.upsert.free();
    this.insert.free();
    this.lastId.free();
  }
}
