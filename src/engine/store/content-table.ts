/**
 * The content-addressed table: one row per distinct large string, with a reference count so that
 * evicting or deleting spans frees the content no one else uses.
 *
 * Writes are gathered per batch (hash → text, reference delta) and applied once per distinct hash,
 * so a prompt repeated by 50 spans of a batch costs one row write.
 */
import type { Database, Statement } from 'sql.js';
import { columns } from './columns';
import { contentHash } from './content-hash';
import type { ContentWriter } from './detail-codec';
import { textOf, utf8 } from './prepared';

const REFS_COLUMNS = columns({ refs: 'refs', bytes: 'bytes' });

interface Pending {
  text: string | null;
  delta: number;
}

export class ContentTable {
  private readonly pending = new Map<string, Pending>();
  private readonly selectRefs: Statement;
  private readonly insert: Statement;
  private readonly insertRefs: Statement;
  private readonly removeRefs: Statement;
  private readonly addRefs: Statement;
  private readonly remove: Statement;
  private readonly selectText: Statement;
  private readonly upsertRefs: Statement;
  /** Distinct content rows and their total size (UTF-8 bytes), kept in step with the table. */
  count = 0;
  bytes = 0;

  constructor(private readonly db: Database) {
    this.selectRefs = db.prepare(`SELECT ${REFS_COLUMNS.sql} FROM content_refs WHERE hash = ?`);
    this.insertRefs = db.prepare('INSERT INTO content_refs (hash, bytes, refs) VALUES (?, ?, ?)');
    this.insert = db.prepare('INSERT INTO content (hash, text) VALUES (?, ?)');
    this.addRefs = db.prepare('UPDATE content_refs SET refs = refs + ? WHERE hash = ?');
    this.removeRefs = db.prepare('DELETE FROM content_refs WHERE hash = ?');
    this.remove = db.prepare('DELETE FROM content WHERE hash = ?');
    // Read back as TEXT (see textOf in prepared.ts).
    this.selectText = db.prepare('SELECT CAST(text AS TEXT) FROM content WHERE hash = ?');
    // One statement per added reference run: the count after the change tells whether the row is
    // new (count == delta, since a stored row always has at least one reference).
    this.upsertRefs = db.prepare(`INSERT INTO content_refs (hash, bytes, refs) VALUES (?, ?, ?)
      ON CONFLICT (hash) DO UPDATE SET refs = refs + excluded.refs RETURNING refs`);
    this.recount();
  }

  recount(): void {
    const row = this.db.exec('SELECT count(*), coalesce(sum(bytes), 0) FROM content_refs')[0]?.values[0];
    this.count = Number(row?.[0] ?? 0);
    this.bytes = Number(row?.[1] ?? 0);
  }

  /** A writer for one row: records the row's references (one per occurrence) when given a list. */
  writer(refs?: string[]): ContentWriter {
    return {
      put: (text: string): string => {
        const hash = contentHash(text);
        this.addReference(hash, text);
        refs?.push(hash);
        return hash;
      },
    };
  }

  /** One more reference to `text`, whose hash is already known (see contentHash). */
  addReference(hash: string, text: string): void {
    const entry = this.pending.get(hash);
    if (entry) {
      entry.delta++;
      entry.text ??= text;
    } else {
      this.pending.set(hash, { text, delta: 1 });
    }
  }

  /** Drops one reference per listed hash (a row was deleted or rewritten). */
  release(refs: readonly string[]): void {
    for (const hash of refs) {
      const entry = this.pending.get(hash);
      if (entry) entry.delta--;
      else this.pending.set(hash, { text: null, delta: -1 });
    }
  }

  /** Applies the gathered reference changes; call inside the batch's transaction. */
  flush(): void {
    for (const [hash, { text, delta }] of this.pending) {
      if (delta > 0 && text !== null) this.addReferences(hash, text, delta);
      else if (delta !== 0) this.changeReferences(hash, delta);
    }
    this.pending.clear();
  }

  /** The common case (content written by this batch): one upsert, plus the text when it is new. */
  private addReferences(hash: string, text: string, delta: number): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    this.upsertRefs.bind([hash, bytes, delta]);
    const refs = this.upsertRefs.step() ? Number(this.upsertRefs.get()[0]) : 0;
    this.upsertRefs.reset();
    if (refs !== delta) return;
    this.insert.run([hash, utf8(text)]);
    this.count++;
    this.bytes += bytes;
  }

  /** References dropped (rows deleted or duplicates taken back), or added without the text at hand. */
  private changeReferences(hash: string, delta: number): void {
    this.selectRefs.bind([hash]);
    const existing = this.selectRefs.step() ? this.selectRefs.get() : null;
    this.selectRefs.reset();
    // A release for content that is not stored would be a bookkeeping bug; nothing to undo.
    if (!existing) return;
    const { refs, bytes } = REFS_COLUMNS.named(existing);
    if (Number(refs) + delta <= 0) {
      this.remove.run([hash]);
      this.removeRefs.run([hash]);
      this.count--;
      this.bytes -= Number(bytes);
    } else {
      this.addRefs.run([delta, hash]);
    }
  }

  /** Discards gathered changes (the batch's transaction was rolled back). */
  discard(): void {
    this.pending.clear();
  }

  read(hash: string): string {
    // Rows written earlier in the same batch reference content that is not flushed yet.
    const pendingText = this.pending.get(hash)?.text;
    if (pendingText != null) return pendingText;
    this.selectText.bind([hash]);
    try {
      if (!this.selectText.step()) throw new Error(`content ${hash} is missing from the store`);
      return textOf(this.selectText.get()[0]);
    } finally {
      this.selectText.reset();
    }
  }

  free(): void {
    for (const s of [this.selectRefs, this.upsertRefs, this.insert, this.insertRefs, this.addRefs, this.removeRefs, this.remove, this.selectText]) s.free();
  }
}
