/**
 * Content compressed after it is stored, instead of while a batch is written. Deflating a new row's
 * text (content-text.ts) was about a third of the store thread's work per bench span; a store that
 * compresses later writes new rows as UTF-8 and compresses them:
 * - when ingest has been quiet (the engine calls `compressSome` a slice at a time, see
 *   idle-compaction.ts), which is where a burst's content ends up compressed;
 * - when what waits would exceed `MAX_PENDING_BYTES` (32 MB), new rows are compressed as they are
 *   written (`encodeNew`), so a stream that never pauses holds a bounded amount of uncompressed text
 *   and a row over the cap is deflated once instead of written, read back, deleted and written again;
 * - before retention would evict for the page cap, so eviction never drops what compression
 *   would have kept.
 * Readers take both forms (CONTENT_TEXT_SQL), so nothing else changes: the logical bytes retention
 * caps are the UTF-8 sizes either way.
 *
 * Rows waiting are those after `after` by rowid: new rows take the highest rowid + 1, and when
 * the highest rows are deleted `after` comes down with them (`rowsRemoved`), so new rows are
 * never numbered at or below it.
 */
import type { Database, Statement } from 'sql.js';
import { encodeContentText } from './content-text';
import { utf8 } from './prepared';

/** Uncompressed text (UTF-8 bytes) a continuous stream may leave waiting. */
export const MAX_PENDING_BYTES = 32 * 1024 * 1024;
const MARKER = 0xff;
/** About the content of the exports between the prepare thread and the store (4 in flight of the bench's: 1-2 MB each). */
const PACK_AHEAD_BYTES = 4 * 1024 * 1024;

export class ContentCompaction {
  /** Rows with a higher rowid may not be compressed yet (all of them when the store opens: a snapshot may hold some). */
  private after = 0;
  /** Whether rows after `after` may wait. */
  private waiting = true;
  /** UTF-8 bytes of compressible text written and not looked at yet (an overestimate once such rows are deleted). */
  pendingBytes = 0;
  /** Above this, batches compress as they go (MAX_PENDING_BYTES; tests set less). */
  maxPendingBytes = MAX_PENDING_BYTES;
  private readonly select: Statement;
  private readonly remove: Statement;
  private readonly insert: Statement;
  private readonly maxRowid: Statement;

  constructor(db: Database, private readonly compressFrom: number) {
    // A text shorter in characters than compressFrom bytes is short in bytes too, unless it is an
    // old TEXT row of multi-byte characters: left as it was written.
    this.select = db.prepare(`SELECT rowid, hash, CAST(text AS TEXT) FROM content
      WHERE rowid > ? AND text < x'ff' AND length(text) >= ? ORDER BY rowid LIMIT ?`);
    this.remove = db.prepare('DELETE FROM content WHERE rowid = ?');
    this.insert = db.prepare('INSERT INTO content (hash, text) VALUES (?, ?)');
    this.maxRowid = db.prepare('SELECT coalesce(max(rowid), 0) FROM content');
    if (!Number.isFinite(compressFrom)) this.waiting = false;
  }

  /**
   * The bytes a new row of `bytes` UTF-8 bytes is written as: its UTF-8, counted as waiting, while
   * what waits stays within `maxPendingBytes`; past that, compressed now (encodeContentText), as a
   * store that does not compress later writes it, or `packed` when the prepare thread already did.
   */
  encodeNew(text: string, bytes: number, packed?: Uint8Array): Uint8Array {
    if (bytes >= this.compressFrom && this.pendingBytes + bytes > this.maxPendingBytes) return packed ?? encodeContentText(text, this.compressFrom);
    this.added(bytes);
    return utf8(text);
  }

  /**
   * While what waits is within PACK_AHEAD_BYTES of the cap, the size from which texts of the exports
   * being prepared now will be compressed when written: the prepare thread may compress them
   * instead (worker-preparer.ts), since they will be stored a few exports later. Null otherwise.
   */
  packFrom(): number | null {
    return Number.isFinite(this.compressFrom) && this.pendingBytes + PACK_AHEAD_BYTES > this.maxPendingBytes ? this.compressFrom : null;
  }

  /** A row of `bytes` UTF-8 bytes was written uncompressed. */
  added(bytes: number): void {
    if (bytes < this.compressFrom) return;
    this.pendingBytes += bytes;
    this.waiting = true;
  }

  /** Content rows were deleted: rowids above the highest left will be given again. */
  rowsRemoved(): void {
    this.maxRowid.step();
    const max = Number(this.maxRowid.get()[0]);
    this.maxRowid.reset();
    if (max < this.after) this.after = max;
  }

  /** Whether some rows may wait to be compressed. */
  get hasWaiting(): boolean {
    return this.waiting;
  }

  /**
   * Compresses up to `maxRows` waiting rows (the next by rowid); returns false once none wait.
   * Run inside the caller's transaction, or alone.
   */
  compressSome(maxRows: number): boolean {
    if (!this.waiting) return false;
    const found: Array<[number, string, string]> = [];
    this.select.bind([this.after, this.compressFrom, maxRows]);
    try {
      while (this.select.step()) {
        const [rowid, hash, text] = this.select.get();
        found.push([Number(rowid), String(hash), String(text)]);
      }
    } finally {
      this.select.reset();
    }
    const packed: Array<[string, Uint8Array]> = [];
    for (const [rowid, hash, text] of found) {
      const stored = encodeContentText(text, this.compressFrom);
      // Moved, not updated in place: a row of a few KB shrunk in its page leaves the page as many
      // pages as before, whereas the pages a run of moved rows leaves are freed for reuse.
      if (stored[0] === MARKER) {
        this.remove.run([rowid]);
        packed.push([hash, stored]);
      }
      this.pendingBytes = Math.max(0, this.pendingBytes - Buffer.byteLength(text, 'utf8'));
      this.after = rowid;
    }
    for (const row of packed) this.insert.run(row);
    if (found.length < maxRows) {
      this.waiting = false;
      this.pendingBytes = 0;
    }
    return this.waiting;
  }

  /** Compresses every waiting row. */
  compressAll(): void {
    while (this.compressSome(256));
  }

  /** After a batch: over the cap (lowered by a test, say), compress about as much as the batch added. */
  keepBounded(): void {
    while (this.pendingBytes > this.maxPendingBytes && this.compressSome(16));
  }

  /** Everything was deleted: nothing waits. */
  clear(): void {
    this.after = 0;
    this.waiting = false;
    this.pendingBytes = 0;
  }

  free(): void {
    for (const s of [this.select, this.remove, this.insert, this.maxRowid]) s.free();
  }
}
