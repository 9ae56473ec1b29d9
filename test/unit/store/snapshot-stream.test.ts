/**
 * Streamed snapshots (snapshot-stream.ts, snapshot-load.ts): what is loaded back is the same store
 * (rows, row ids, arrival order, query answers), for the real fixtures, a store after evictions,
 * deletion and compaction, and a store written to while its snapshot is sliced; a failed write
 * leaves the previous file as it was; the SQLite format written before still loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DecodedSpan } from '../../../src/engine/model';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { TABLES } from '../../../src/engine/store/schema';
import { FRAME, FRAME_HEAD_BYTES, jsonFrame, MAGIC, PayloadReader, type SnapshotHeader } from '../../../src/engine/store/snapshot-format';
import { openSnapshot, readSnapshot, writeSnapshot, writeSnapshotFrames } from '../../../src/engine/store/snapshot-file';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import type { TraceStore } from '../../../src/engine/store/trace-store';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { makeLog, makeSpan, makeTrace } from '../../factories/spans';
import { openStore, storeAnswers, type OpenedStore } from './open-store';

const tempFile = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'tracelight-stream-')), 'traces.snapshot');

/** A streamed snapshot of the store, written in one go (no other work between its slices). */
function snapshotBytes(store: TraceStore): Buffer {
  return Buffer.concat([MAGIC, ...store.snapshotFrames()]);
}

interface DecodedSnapshot {
  /** Per table, each row (its row id included where it is not a column) by its key, as loading would leave them. */
  rows: Record<string, Record<string, string>>;
  /** The table of each rows or delete frame, in file order. */
  frameTables: string[];
}

/** A streamed snapshot's rows as a loader applies them, whatever its slices were. */
function decodeSnapshot(bytes: Buffer): DecodedSnapshot {
  let at = MAGIC.length;
  const frames: Array<{ kind: number; payload: Buffer }> = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32LE(at + 1);
    frames.push({ kind: bytes[at], payload: bytes.subarray(at + FRAME_HEAD_BYTES, at + FRAME_HEAD_BYTES + length) });
    at += FRAME_HEAD_BYTES + length;
  }
  const header = new PayloadReader(frames[0].payload).json() as SnapshotHeader;
  const out: DecodedSnapshot = { rows: Object.fromEntries(header.tables.map((t) => [t.name, {}])), frameTables: [] };
  for (const { kind, payload } of frames.slice(1, -1)) {
    const reader = new PayloadReader(payload);
    const table = header.tables[reader.u16()];
    out.frameTables.push(table.name);
    const rows = out.rows[table.name];
    for (let n = reader.u32(); n > 0; n--) {
      const width = kind === FRAME.rows ? table.columns.length : table.key.length;
      const values = Array.from({ length: width }, () => reader.value()).map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v));
      const key = JSON.stringify(kind === FRAME.rows ? table.key.map((k) => values[table.columns.indexOf(k)]) : values);
      if (kind === FRAME.rows) rows[key] = JSON.stringify(values);
      else delete rows[key];
    }
  }
  return out;
}

/**
 * Every table's rows, read through the SQLite export (the format written before, which does not
 * go through the streamed code): sorted, so row ids do not matter here; and the spans' ids in
 * arrival (row id) order, which the export keeps.
 */
async function tablesOf(store: TraceStore): Promise<Record<string, string[]>> {
  const db = new (await loadSqlJs()).Database(store.export());
  try {
    const out: Record<string, string[]> = {};
    for (const table of TABLES) {
      const rows = db.exec(`SELECT * FROM ${table}`)[0]?.values ?? [];
      out[table] = rows.map((r) => JSON.stringify(r.map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)))).sort();
    }
    out.arrival = (db.exec('SELECT trace_id, span_id FROM spans ORDER BY rowid')[0]?.values ?? []).map((r) => JSON.stringify(r));
    return out;
  } finally {
    db.close();
  }
}

async function assertSameStore(loaded: OpenedStore, source: OpenedStore): Promise<void> {
  assert.deepEqual(storeAnswers(loaded), storeAnswers(source), 'the same answers');
  const [got, want] = [await tablesOf(loaded.store), await tablesOf(source.store)];
  for (const table of Object.keys(want)) {
    if (got[table].join('\n') === want[table].join('\n')) continue;
    const wanted = new Set(want[table]);
    const extra = got[table].find((r) => !wanted.has(r)) ?? '';
    assert.fail(`${table}: ${got[table].length} rows for ${want[table].length} (spans: in the same arrival order), e.g. ${extra.slice(0, 300)}`);
  }
  assert.deepEqual(decodeSnapshot(snapshotBytes(loaded.store)).rows, decodeSnapshot(snapshotBytes(source.store)).rows, 'the same row ids: its own snapshot holds the same rows');
}

/** The kinds of the frames in one piece the generator gave. */
function kindsIn(piece: Buffer): number[] {
  const kinds: number[] = [];
  for (let at = 0; at < piece.length; at += FRAME_HEAD_BYTES + piece.readUInt32LE(at + 1)) kinds.push(piece[at]);
  return kinds;
}

function fixtureSpans(): DecodedSpan[] {
  return manifest().filter((e) => !e.expectError && e.signal === 'traces').flatMap((e) => {
    const body = fixtureBody(e);
    return body ? decodeTraces(body, e.encoding).items : [];
  });
}

function ingestFixtures(opened: OpenedStore): void {
  const spans = fixtureSpans();
  for (let at = 0; at < spans.length; at += 50) opened.store.ingestSpans(spans.slice(at, at + 50));
  opened.store.ingestLogs(manifest().filter((e) => !e.expectError && e.signal === 'logs').flatMap((e) => {
    const body = fixtureBody(e);
    return body ? decodeLogs(body, e.encoding).items : [];
  }));
}

test('the real fixtures, saved to a file and loaded back, are the same store', async () => {
  const source = await openStore();
  ingestFixtures(source);
  assert.ok(source.store.spanCount > 100 && source.store.logCount > 0, 'fixtures with spans and log records');
  assert.ok(source.store.costReport({ window: 'all', nowUnixMs: Date.UTC(2030, 0, 1) }).totals.calls > 0, 'and model calls in the cost report');
  const file = tempFile();
  const bytes = await writeSnapshotFrames(file, source.store.snapshotFrames());
  assert.equal(bytes, readFileSync(file).length);
  assert.deepEqual(readdirSync(path.dirname(file)), ['traces.snapshot'], 'no temporary file left behind');
  const snapshot = await openSnapshot(file);
  assert.ok(snapshot && !(snapshot instanceof Uint8Array), 'read as it loads, not whole');
  let loaded: OpenedStore;
  try {
    loaded = await openStore({ snapshot });
  } finally {
    snapshot.close();
  }
  await assertSameStore(loaded, source);
  loaded.store.close();
  source.store.close();
});

test('a store after evictions, a deletion and compression loads back with its row ids, and goes on the same way', async () => {
  const limits = { maxSpans: 400, maxBytes: 1024 ** 3 };
  const source = await openStore({ limits, compressContentLater: true, compressContentFrom: 64 });
  const prompt = 'A system prompt shared by every run, long enough to be stored as content. '.repeat(20);
  for (let i = 0; i < 60; i++) source.store.ingestSpans(makeTrace(9, { attributes: { prompt, note: `run ${i} `.repeat(40) } }));
  assert.ok(source.store.evictedTraces > 0, 'retention evicted the oldest runs');
  const kept = source.queries.listTraces({ limit: 1000 }).traces;
  source.store.deleteTrace(kept[3].traceId);
  assert.ok(source.store.contentWaiting, 'content waits to be compressed');
  while (source.store.compressWaitingContent(7));
  const loaded = await openStore({ limits, snapshot: snapshotBytes(source.store) });
  await assertSameStore(loaded, source);
  // Row ids went on from the same place: the same new spans make the same store again.
  const more = makeTrace(4, { attributes: { prompt } });
  source.store.ingestSpans(more);
  loaded.store.ingestSpans(more);
  await assertSameStore(loaded, source);
  loaded.store.close();
  source.store.close();
});

test('spans stored, deleted and evicted while a snapshot is written in slices: it loads as the store was at its end', async () => {
  const limits = { maxSpans: 4000, maxBytes: 1024 ** 3 };
  const source = await openStore({ limits });
  const prompt = 'shared system prompt '.repeat(40);
  const run = (label: string): DecodedSpan[] => makeTrace(14, { attributes: { prompt, tool: `${label} `.repeat(150) } });
  for (let i = 0; i < 150; i++) source.store.ingestSpans(run(`result ${i}`));
  const frames: Buffer[] = [MAGIC];
  let slices = 0;
  let burst = false;
  for (const frame of source.store.snapshotFrames()) {
    frames.push(frame);
    slices++;
    // The last piece holds the END frame: the snapshot is the store as it was in that slice.
    if (kindsIn(frame).includes(FRAME.end)) continue;
    // Between slices, as the engine's other work runs: new runs (some evicting old ones), a late
    // span and a log record of a run already copied, a deletion; once the spans are copied, a
    // burst of 200 runs, so that many copied rows change and are written again in rounds.
    const traces = source.queries.listTraces({ limit: 1000 }).traces;
    if (slices % 2 === 0) source.store.ingestPreparedSpans(prepareDecodedSpans(run(`late ${slices}`)));
    if (slices % 3 === 0) {
      const oldest = traces[traces.length - 1];
      source.store.ingestSpans([makeSpan({ traceId: oldest.traceId, name: 'late span', attributes: { prompt, late: `span ${slices}` } })]);
      source.store.ingestLogs([makeLog({ traceId: oldest.traceId, body: `log ${slices}` })]);
    }
    if (slices % 5 === 0) source.store.deleteTrace(traces[Math.floor(traces.length / 2)].traceId);
    const table = frame[0] === FRAME.rows || frame[0] === FRAME.delete ? TABLES[frame.readUInt16LE(FRAME_HEAD_BYTES)] : null;
    if (!burst && table !== null && TABLES.indexOf(table) > TABLES.indexOf('spans')) {
      burst = true;
      // As the engine stores exports: prepared in bulk (multi-row inserts, content upserts).
      for (let i = 0; i < 200; i++) source.store.ingestPreparedSpans(prepareDecodedSpans(run(`burst ${i}`)));
    }
  }
  assert.ok(source.store.evictedTraces > 0, 'retention evicted runs meanwhile');
  const written = decodeSnapshot(Buffer.concat(frames));
  const spansAgain = written.frameTables.findIndex((t, i) => t === 'spans' && written.frameTables.slice(0, i).includes('content'));
  assert.ok(spansAgain > 0, 'changed spans were written again after the copy had moved on');
  const loaded = await openStore({ limits, snapshot: Buffer.concat(frames) });
  await assertSameStore(loaded, source);
  loaded.store.close();
  source.store.close();
});

test('a save that fails midway leaves the previous snapshot as it was, and the store saves again', async () => {
  const source = await openStore();
  source.store.ingestSpans(makeTrace(5, { attributes: { prompt: 'p'.repeat(800) } }));
  const file = tempFile();
  await writeSnapshotFrames(file, source.store.snapshotFrames());
  const good = readFileSync(file);
  for (let i = 0; i < 40; i++) source.store.ingestSpans(makeTrace(5, { attributes: { prompt: `q${i}`.repeat(800) } }));
  // The store is closed after the third frame: the next read of the generator fails.
  function* closedMidway(): Generator<Buffer, void> {
    let n = 0;
    for (const frame of source.store.snapshotFrames()) {
      yield frame;
      if (++n === 3) source.store.close();
    }
  }
  await assert.rejects(writeSnapshotFrames(file, closedMidway()));
  assert.ok(readFileSync(file).equals(good), 'the previous snapshot is intact');
  assert.deepEqual(readdirSync(path.dirname(file)), ['traces.snapshot'], 'no temporary file left behind');

  // A consumer failing midway (as a full disk would) ends the snapshot and removes its notes:
  // the store keeps working and the next snapshot succeeds.
  const other = await openStore();
  other.store.ingestSpans(makeTrace(5, { attributes: { prompt: 'r'.repeat(800) } }));
  const frames = other.store.snapshotFrames();
  frames.next();
  frames.next();
  assert.throws(() => frames.throw(new Error('ENOSPC: no space left on device')), /ENOSPC/);
  other.store.ingestSpans(makeTrace(2));
  await writeSnapshotFrames(file, other.store.snapshotFrames());
  const reloaded = await openStore({ snapshot: (await readSnapshot(file))! });
  await assertSameStore(reloaded, other);
  reloaded.store.close();
  other.store.close();
});

test('a streamed snapshot cut short or with a changed byte is refused, not loaded in part', async () => {
  const source = await openStore();
  source.store.ingestSpans(makeTrace(6, { attributes: { prompt: 'z'.repeat(3000) } }));
  const bytes = snapshotBytes(source.store);
  source.store.close();
  await assert.rejects(openStore({ snapshot: bytes.subarray(0, bytes.length - 10) }), /incomplete/);
  await assert.rejects(openStore({ snapshot: bytes.subarray(0, Math.floor(bytes.length / 2)) }), /incomplete/);
  const flipped = Buffer.from(bytes);
  flipped[Math.floor(bytes.length / 2)] ^= 0x20;
  await assert.rejects(openStore({ snapshot: flipped }), /damaged/);
  // A header (checksum and all) naming a newer schema: refused by its version, as the SQLite format is.
  const headerEnd = MAGIC.length + FRAME_HEAD_BYTES + bytes.readUInt32LE(MAGIC.length + 1);
  const header = JSON.parse(bytes.subarray(MAGIC.length + FRAME_HEAD_BYTES, headerEnd).toString('utf8')) as { schema: number };
  const newer = Buffer.concat([MAGIC, jsonFrame(FRAME.header, { ...header, schema: 9 }), bytes.subarray(headerEnd)]);
  await assert.rejects(openStore({ snapshot: newer }), /schema version 9, this version reads 1, 2 and 3 \(written by a newer Tracelight/);
});

test('a snapshot file in the SQLite format (written before) still loads from disk', async () => {
  const source = await openStore();
  ingestFixtures(source);
  const file = tempFile();
  await writeSnapshot(file, source.store.export());
  const snapshot = await openSnapshot(file);
  assert.ok(snapshot instanceof Uint8Array, 'the SQLite format is read whole, as before');
  const loaded = await openStore({ snapshot });
  assert.deepEqual(await tablesOf(loaded.store), await tablesOf(source.store));
  assert.deepEqual(storeAnswers(loaded), storeAnswers(source));
  // And saved again, it is now streamed, and the same store.
  writeFileSync(file, snapshotBytes(loaded.store));
  const again = await openStore({ snapshot: (await readSnapshot(file))! });
  await assertSameStore(again, loaded);
  for (const s of [again, loaded, source]) s.store.close();
});

test('a save removes the temporary files of saves whose process was killed mid-write, not those of running ones', async () => {
  const file = tempFile();
  const dir = path.dirname(file);
  const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
  const stale = [`traces.snapshot.${exited}.1700000000000.tmp`, `traces.snapshot.${process.pid}.1700000000001.tmp`];
  // The parent of this process is running: its save may be under way.
  const running = `traces.snapshot.${process.ppid}.1700000000002.tmp`;
  for (const name of [...stale, running, 'other.snapshot.1.1.tmp']) writeFileSync(path.join(dir, name), 'partial');
  const opened = await openStore();
  opened.store.ingestSpans(makeTrace(2));
  await writeSnapshotFrames(file, opened.store.snapshotFrames());
  opened.store.close();
  assert.deepEqual(readdirSync(dir).sort(), [running, 'other.snapshot.1.1.tmp', 'traces.snapshot'].sort());
});
