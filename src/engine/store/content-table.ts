/**
 * The content-addressed table: one row per distinct large string, with a reference count so that
 * evicting or deleting spans frees the content no one else uses.
 *
 * References come from rows (a span's or log's `content_refs`) and from composite content (a
 * conversation's chain, content-composite.ts): a composite takes a reference on each row it lists
 * when it is stored and releases them when it is freed, so freeing cascades down a chain exactly as
 * far as nothing else holds it.
 *
 * Writes are gathered per batch (hash → reference delta, plus the texts the batch registered) and
 * applied once per distinct hash, so a prompt repeated by 50 spans of a batch costs one row write,
 * and those rows are written a chunk per statement (content-bulk-write.ts).
 */
import type { Database, Statement } from 'sql.js';
import { columns } from './columns';
import { type AddedReference, ContentBulkWrite } from './content-bulk-write';
import { ComposedCache } from './composed-cache';
import { ContentCompaction } from './content-compaction';
import { compositeChildren, compositeHash, composeContent, isComposite } from './content-composite';
import { contentHash } from './content-hash';
import { COMPRESS_FROM, CONTENT_TEXT_SQL, decodeContentText, encodeContentText } from './content-text';
import type { ContentWriter } from './string-codec';

const REFS_COLUMNS = columns({ refs: 'refs', bytes: 'bytes' });

export class ContentTable {
  /** Reference changes not applied yet, by hash. */
  private deltas = new Map<string, number>();
  /** Texts registered by this batch's writers (what a new row is written with). */
  private readonly texts = new Map<string, string>();
  /** Texts sent with a prepared batch (src/engine/prepare), until the batch is flushed. */
  private offered: ReadonlyMap<string, string> | null = null;
  /** Those texts' stored bytes, when the prepare thread compressed them (PreparedSpans.packed). */
  private offeredPacked: ReadonlyMap<string, Uint8Array> | null = null;
  private readonly composed = new ComposedCache();
  private readonly selectRefs: Statement;
  private readonly removeRefs: Statement;
  private readonly addRefs: Statement;
  private readonly remove: Statement;
  private readonly selectText: Statement;
  private readonly bulk: ContentBulkWrite;
  /** New rows are written as UTF-8 and compressed later (content-compaction.ts); off: compressed when written. */
  compressLater = false;
  readonly compaction: ContentCompaction;
  private rowsRemoved = false;
  /** Distinct content rows and their total size (UTF-8 bytes), kept in step with the table. */
  count = 0;
  bytes = 0;

  constructor(private readonly db: Database, private readonly compressFrom = COMPRESS_FROM) {
    this.selectRefs = db.prepare(`SELECT ${REFS_COLUMNS.sql} FROM content_refs WHERE hash = ?`);
    this.addRefs = db.prepare('UPDATE content_refs SET refs = refs + ? WHERE hash = ?');
    this.removeRefs = db.prepare('DELETE FROM content_refs WHERE hash = ?');
    this.remove = db.prepare('DELETE FROM content WHERE hash = ?');
    // Read back as TEXT unless compressed (content-text.ts).
    this.selectText = db.prepare(`SELECT ${CONTENT_TEXT_SQL} FROM content WHERE hash = ?`);
    this.bulk = new ContentBulkWrite(db, ({ hash, text, bytes }) => {
      const packed = this.offeredPacked?.get(hash);
      if (this.compressLater) return this.compaction.encodeNew(text, bytes, packed);
      return packed ?? encodeContentText(text, compressFrom);
    });
    this.compaction = new ContentCompaction(db, compressFrom);
    this.recount();
  }

  recount(): void {
    const row = this.db.exec('SELECT count(*), coalesce(sum(bytes), 0) FROM content_refs')[0]?.values[0];
    this.count = Number(row?.[0] ?? 0);
    this.bytes = Number(row?.[1] ?? 0);
    this.compaction.rowsRemoved();
  }

  /** A writer for one row: records the row's references (one per occurrence) when given a list. */
  writer(refs?: string[]): ContentWriter {
    return {
      store: (text, composite) => {
        const hash = composite ? compositeHash(text) : contentHash(text);
        if (!this.texts.has(hash)) this.texts.set(hash, text);
        return hash;
      },
      hold: (hash) => {
        this.change(hash, 1);
        refs?.push(hash);
      },
    };
  }

  /**
   * The texts a prepared batch was sent with: what its rows' references resolve to until the flush;
   * `packed`: the bytes some of them are stored as when compressed, already encoded (the same bytes
   * encodeContentText gives here), so a new row past the waiting cap is not deflated on this thread.
   */
  offer(texts: ReadonlyMap<string, string>, packed?: ReadonlyMap<string, Uint8Array>): void {
    this.offered = texts;
    this.offeredPacked = packed ?? null;
  }

  /** The size from which a prepared batch's texts are worth compressing on the prepare thread (ContentCompaction.packFrom). */
  packFrom(): number | null {
    return this.compressLater ? this.compaction.packFrom() : null;
  }

  /** One more reference, held by a row, to content offered with its batch (or already stored). */
  hold(hash: string): void {
    this.change(hash, 1);
  }

  /** Drops one reference per listed hash (a row was deleted or rewritten). */
  release(refs: readonly string[]): void {
    for (const hash of refs) this.change(hash, -1);
  }

  private change(hash: string, delta: number): void {
    this.deltas.set(hash, (this.deltas.get(hash) ?? 0) + delta);
  }

  /** The text registered for `hash` in this batch, if any. */
  private batchText(hash: string): string | undefined {
    return this.texts.get(hash) ?? this.offered?.get(hash);
  }

  /**
   * Applies the gathered reference changes; call inside the batch's transaction. A composite
   * stored or freed changes the references of what it lists: applied in rounds until none is left.
   */
  flush(): void {
    while (this.deltas.size > 0) {
      const round = this.deltas;
      this.deltas = new Map();
      // References added to content the batch sent are written in bulk, a run at a time; anything
      // else in between (a release, content stored earlier) keeps its place in the order.
      let run: AddedReference[] = [];
      for (const [hash, delta] of round) {
        const text = delta > 0 ? this.batchText(hash) : undefined;
        if (text !== undefined) {
          run.push({ hash, delta, text, bytes: Buffer.byteLength(text, 'utf8') });
          continue;
        }
        this.addReferencesInBulk(run);
        run = [];
        if (delta > 0) this.addStoredReferences(hash, delta);
        else if (delta < 0) this.dropReferences(hash, delta);
      }
      this.addReferencesInBulk(run);
    }
    if (this.rowsRemoved) this.compaction.rowsRemoved();
    this.rowsRemoved = false;
    this.texts.clear();
    this.offered = null;
    this.offeredPacked = null;
  }

  /** References added to content this batch sent: new rows get their text (and a composite its own references). */
  private addReferencesInBulk(run: readonly AddedReference[]): void {
    if (run.length === 0) return;
    for (const { hash, text, bytes } of this.bulk.addAll(run)) {
      this.count++;
      this.bytes += bytes;
      if (isComposite(hash)) for (const child of compositeChildren(text)) this.change(child, 1);
    }
  }

  /** References added to content this batch did not send, which must be stored already. */
  private addStoredReferences(hash: string, delta: number): void {
    this.addRefs.run([delta, hash]);
    if (this.db.getRowsModified() === 0) throw new Error(`content ${hash} is referenced but neither stored nor sent`);
  }

  /** References dropped (rows deleted, duplicates taken back); the row and its holdings go at zero. */
  private dropReferences(hash: string, delta: number): void {
    this.selectRefs.bind([hash]);
    const existing = this.selectRefs.step() ? this.selectRefs.get() : null;
    this.selectRefs.reset();
    // A release for content that is not stored would be a bookkeeping bug; nothing to undo.
    if (!existing) return;
    const { refs, bytes } = REFS_COLUMNS.named(existing);
    if (Number(refs) + delta > 0) {
      this.addRefs.run([delta, hash]);
      return;
    }
    if (isComposite(hash)) for (const child of compositeChildren(this.storedText(hash))) this.change(child, -1);
    this.remove.run([hash]);
    this.removeRefs.run([hash]);
    this.rowsRemoved = true;
    this.count--;
    this.bytes -= Number(bytes);
  }

  /** Discards gathered changes (the batch's transaction was rolled back). */
  discard(): void {
    this.deltas.clear();
    this.texts.clear();
    this.offered = null;
    this.offeredPacked = null;
    this.rowsRemoved = false;
  }

  /** UTF-8 bytes of a stored (or pending) text; 0 when there is none. */
  bytesOf(hash: string): number {
    const batchText = this.batchText(hash);
    if (batchText !== undefined) return Buffer.byteLength(batchText, 'utf8');
    this.selectRefs.bind([hash]);
    const existing = this.selectRefs.step() ? this.selectRefs.get() : null;
    this.selectRefs.reset();
    return existing ? Number(REFS_COLUMNS.named(existing).bytes) : 0;
  }

  /** The text a hash stands for (a composite composed). */
  read(hash: string): string {
    return composeContent(hash, (h) => this.batchText(h) ?? this.storedText(h), this.composed);
  }

  private storedText(hash: string): string {
    this.selectText.bind([hash]);
    try {
      if (!this.selectText.step()) throw new Error(`content ${hash} is missing from the store`);
      return decodeContentText(this.selectText.get()[0]);
    } finally {
      this.selectText.reset();
    }
  }

  free(): void {
    for (const s of [this.selectRefs, this.addRefs, this.removeRefs, this.remove, this.selectText]) s.free();
    this.bulk.free();
    this.compaction.free();
  }
}
