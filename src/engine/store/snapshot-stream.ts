/**
 * A streamed snapshot (format: snapshot-format.ts): the store's rows read out a slice at a time
 * (about SLICE_MS of work, at most MAX_FRAME_BYTES) into frames that the caller writes to the file
 * between slices, so queries and ingest go on while a big store is saved, and neither its pages nor
 * the file are held twice in memory (the SQLite export copied every table inside the WebAssembly
 * heap, then held the whole file in JS).
 *
 * One moment: rows the copy has passed and that change meanwhile are noted (snapshot-changes.ts).
 * Once every table is copied, the noted rows are written again, in slices for a few rounds while
 * many wait, then the last of them in one step with nothing else running, and the notes stop: the
 * file holds the store as it was at that step, whose frames come as one piece with the END frame.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { MEM } from './schema';
import { SLICE_MS } from './sliced';
import { SnapshotChanges, type ChangedRow } from './snapshot-changes';
import { FORMAT_VERSION, FRAME, FrameWriter, jsonFrame, type SnapshotHeader } from './snapshot-format';
import { quoted, tableCopies, type TableCopy } from './snapshot-tables';

/** A frame is written once it holds this much. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Rows read per statement run. */
const CHUNK = 32;
/** Rounds of changed rows written in slices before the last step, at most. */
const MAX_ROUNDS = 4;
/** Changed rows few enough to write in the last step at once. */
const FINAL_ROWS = 2000;

export interface SnapshotStreamOptions {
  /** Tables written without rows (derived ones the store rebuilds when it finds them empty). */
  withoutRows?: readonly string[];
}

const column = (name: string): string => (name === 'rowid' ? 'rowid' : quoted(name));

class Slice {
  private started = performance.now();

  over(frame: FrameWriter): boolean {
    return performance.now() - this.started >= SLICE_MS || frame.payloadBytes >= MAX_FRAME_BYTES;
  }
}

/** One table's rows in key order, a frame per slice; the change notes follow the copy. */
function* copyTable(db: Database, index: number, table: TableCopy, changes: SnapshotChanges, frame: FrameWriter): Generator<Buffer, void> {
  const columns = table.columns.map(column).join(', ');
  const key = table.key.map(column).join(', ');
  const first = db.prepare(`SELECT ${columns} FROM ${MEM}.${table.name} ORDER BY ${key} LIMIT ?`);
  const next = db.prepare(`SELECT ${columns} FROM ${MEM}.${table.name} WHERE (${key}) > (${table.key.map(() => '?').join(', ')}) ORDER BY ${key} LIMIT ?`);
  const keyAt = table.key.map((k) => table.columns.indexOf(k));
  let last: SqlValue[] | null = null;
  try {
    for (let ended = false; !ended;) {
      const slice = new Slice();
      frame.u16(index);
      const countAt = frame.position;
      frame.u32(0);
      let count = 0;
      do {
        const stmt: Statement = last ? next : first;
        stmt.bind(last ? [...last, CHUNK] : [CHUNK]);
        let read = 0;
        while (stmt.step()) {
          const row = stmt.get();
          for (const value of row) frame.value(value);
          last = keyAt.map((i) => row[i]);
          read++;
        }
        stmt.reset();
        count += read;
        ended = read < CHUNK;
      } while (!ended && !slice.over(frame));
      // In the same slice as the read: changes from here on to rows passed are noted.
      changes.copiedUpTo(table, ended ? null : Number(last![0]));
      frame.patchU32(countAt, count);
      if (count > 0) yield frame.finish(FRAME.rows);
      else frame.discard();
    }
  } finally {
    first.free();
    next.free();
  }
}

/** Frames writing changed rows again: those still there (replacing the copy), then keys of rows removed. */
function changedFrames(index: number, changed: readonly ChangedRow[], frame: FrameWriter): Buffer[] {
  const frames: Buffer[] = [];
  const present = changed.filter((c) => c.row !== null);
  const removed = changed.filter((c) => c.row === null);
  for (const [kind, list] of [[FRAME.rows, present], [FRAME.delete, removed]] as const) {
    if (list.length === 0) continue;
    frame.u16(index);
    frame.u32(list.length);
    for (const c of list) for (const value of kind === FRAME.rows ? c.row! : c.key) frame.value(value);
    frames.push(frame.finish(kind));
  }
  return frames;
}

/** Writes the changed rows of every table in slices, at most as many per table as waited when it began. */
function* changedRound(tables: readonly TableCopy[], changes: SnapshotChanges, frame: FrameWriter): Generator<Buffer, void> {
  for (let index = 0; index < tables.length; index++) {
    let left = changes.pending(tables[index]);
    while (left > 0) {
      const slice = new Slice();
      const changed: ChangedRow[] = [];
      do {
        const taken = changes.take(tables[index], Math.min(left, CHUNK));
        changed.push(...taken);
        left = taken.length === 0 ? 0 : left - taken.length;
      } while (left > 0 && !slice.over(frame));
      yield* changedFrames(index, changed, frame);
    }
  }
}

/** The store's snapshot as frames (the last piece: several, then END); each `next()` is one slice of work. */
export function* snapshotFrames(db: Database, options: SnapshotStreamOptions = {}): Generator<Buffer, void> {
  const tables = tableCopies(db).filter((t) => !options.withoutRows?.includes(t.name));
  const schema = Number(db.exec(`SELECT value FROM ${MEM}.meta WHERE key = 'schema'`)[0]?.values[0]?.[0]);
  const frame = new FrameWriter();
  let changes: SnapshotChanges | null = new SnapshotChanges(db, tables);
  let frames = 0;
  try {
    const header: SnapshotHeader = { format: FORMAT_VERSION, schema, tables: tables.map(({ name, columns, key }) => ({ name, columns, key })) };
    frames++;
    yield jsonFrame(FRAME.header, header);
    for (let index = 0; index < tables.length; index++) {
      for (const f of copyTable(db, index, tables[index], changes, frame)) {
        frames++;
        yield f;
      }
    }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const waiting = tables.reduce((sum, t) => sum + changes!.pending(t), 0);
      if (waiting <= FINAL_ROWS) break;
      for (const f of changedRound(tables, changes, frame)) {
        frames++;
        yield f;
      }
    }
    // The last step: nothing else runs from here until the notes are gone.
    const last: Buffer[] = [];
    for (let index = 0; index < tables.length; index++) {
      for (let changed = changes.take(tables[index], CHUNK); changed.length > 0; changed = changes.take(tables[index], CHUNK)) {
        last.push(...changedFrames(index, changed, frame));
      }
    }
    changes.remove();
    changes = null;
    // With the END frame in one piece: whatever runs after this slice is not in the snapshot.
    yield Buffer.concat([...last, jsonFrame(FRAME.end, { frames: frames + last.length })]);
  } finally {
    changes?.remove();
  }
}
