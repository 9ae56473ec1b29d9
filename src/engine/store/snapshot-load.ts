/**
 * Loads a streamed snapshot (snapshot-format.ts) into the store's tables in `mem`, a frame at a
 * time from its source (the file is never read whole), in one transaction. Rows keep their row ids,
 * so the spans' arrival order is the one they were stored in. A damaged frame (checksum), an
 * unknown table or value, or a file that ends before its END frame stops the load with an error.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { chunksOf, MultiRowStatements, valuesList } from './multi-row';
import { MEM, TABLES } from './schema';
import { crc32, FRAME, FRAME_HEAD_BYTES, MAGIC, PayloadReader, type SnapshotHeader, type TableLayout } from './snapshot-format';
import { quoted } from './snapshot-tables';
import { inTransaction } from './transaction';

/** Where a streamed snapshot's bytes come from, read in order. */
export interface SnapshotSource {
  /** The next `length` bytes; fewer (or none) at the end. */
  read(length: number): Buffer;
  close(): void;
}

export function isStreamedSnapshot(prefix: Uint8Array): boolean {
  return prefix.length >= MAGIC.length && MAGIC.equals(prefix.subarray(0, MAGIC.length));
}

export function bytesSource(bytes: Uint8Array): SnapshotSource {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  return {
    read: (length) => all.subarray(at, (at = Math.min(all.length, at + length))),
    close: () => undefined,
  };
}

function readFrame(source: SnapshotSource): { kind: number; payload: PayloadReader } {
  const head = source.read(FRAME_HEAD_BYTES);
  if (head.length < FRAME_HEAD_BYTES) throw new Error('the snapshot is incomplete (it ends before its last frame)');
  const length = head.readUInt32LE(1);
  const payload = source.read(length);
  if (payload.length < length) throw new Error('the snapshot is incomplete (it ends inside a frame)');
  if (crc32(payload) !== head.readUInt32LE(5)) throw new Error('the snapshot is damaged (a frame\'s checksum does not match)');
  return { kind: head[0], payload: new PayloadReader(payload) };
}

const column = (name: string): string => (name === 'rowid' ? 'rowid' : quoted(name));

class TableLoader {
  private readonly inserts: MultiRowStatements;
  private readonly remove: Statement;

  constructor(db: Database, readonly layout: TableLayout) {
    if (!(TABLES as readonly string[]).includes(layout.name)) throw new Error(`the snapshot has an unknown table ${layout.name}`);
    const columns = layout.columns.map(column).join(', ');
    const placeholders = layout.columns.map(() => '?').join(', ');
    this.inserts = new MultiRowStatements(db, (rows) => `INSERT OR REPLACE INTO ${MEM}.${layout.name} (${columns}) VALUES ${valuesList(rows, placeholders)}`);
    this.remove = db.prepare(`DELETE FROM ${MEM}.${layout.name} WHERE ${layout.key.map((k) => `${column(k)} = ?`).join(' AND ')}`);
  }

  /** The next `rows` rows' values, one after another, as one statement binds them. */
  private static values(payload: PayloadReader, rows: number, width: number): SqlValue[] {
    const values: SqlValue[] = new Array(rows * width);
    for (let i = 0; i < values.length; i++) values[i] = payload.value();
    return values;
  }

  insert(payload: PayloadReader): void {
    const width = this.layout.columns.length;
    for (const [, size] of chunksOf(payload.u32())) this.inserts.forRows(size).run(TableLoader.values(payload, size, width));
  }

  delete(payload: PayloadReader): void {
    for (let n = payload.u32(); n > 0; n--) this.remove.run(TableLoader.values(payload, 1, this.layout.key.length));
  }

  free(): void {
    this.inserts.free();
    this.remove.free();
  }
}

/**
 * Loads the snapshot into mem's tables (whose schema must exist); `checkVersion` refuses a schema
 * this version cannot read. Returns the tables the snapshot did not have.
 */
export function loadStreamedSnapshot(db: Database, source: SnapshotSource, checkVersion: (version: number | null) => void): string[] {
  if (!isStreamedSnapshot(source.read(MAGIC.length))) throw new Error('not a Tracelight snapshot');
  const first = readFrame(source);
  if (first.kind !== FRAME.header) throw new Error('the snapshot has no header');
  const header = first.payload.json() as SnapshotHeader;
  if (!Array.isArray(header.tables)) throw new Error('the snapshot\'s header lists no tables');
  checkVersion(Number.isFinite(header.schema) ? header.schema : null);
  const loaders = header.tables.map((layout) => new TableLoader(db, layout));
  try {
    inTransaction(db, () => {
      for (let frames = 1; ; frames++) {
        const { kind, payload } = readFrame(source);
        if (kind === FRAME.end) {
          if ((payload.json() as { frames: number }).frames !== frames) throw new Error('the snapshot is damaged (frames are missing)');
          return;
        }
        if (kind !== FRAME.rows && kind !== FRAME.delete) throw new Error(`the snapshot has an unknown frame (${kind})`);
        const loader = loaders[payload.u16()];
        if (!loader) throw new Error('the snapshot names a table its header does not');
        if (kind === FRAME.rows) loader.insert(payload);
        else loader.delete(payload);
        if (!payload.done) throw new Error('the snapshot is damaged (a frame holds more than its rows)');
      }
    });
  } finally {
    for (const loader of loaders) loader.free();
  }
  return TABLES.filter((name) => !header.tables.some((t) => t.name === name));
}
