/**
 * Opening the store's sql.js database: empty, or from a snapshot whose schema version is checked
 * first. The tables are created in an attached in-memory database (why: below).
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { MEM, READABLE_SCHEMA_VERSIONS, schemaSql, SCHEMA_VERSION } from './schema';
import { moveSnapshotIntoMemory } from './snapshot-copy';
import { bytesSource, isStreamedSnapshot, loadStreamedSnapshot, type SnapshotSource } from './snapshot-load';
import { rebuildSpanLinkIndex } from './span-link-index';
import { moveResultIdsOutOfRows } from './tool-result-index';

/**
 * sql.js keeps its database as a file in Emscripten's in-memory file system: every commit copies
 * dirty pages into a JS array (reallocated and copied as it grows), every cache miss copies them
 * back, and the data is held twice. The tables therefore live in an ATTACHed ':memory:' database,
 * which SQLite keeps in its own page cache: no file, no copies (measured on 1.8 KB rows: 42.5k
 * rows/CPU-s against 26.4k with the tables in main). `main` stays empty except while a snapshot is
 * taken or loaded (snapshot-copy.ts). The pragmas still apply to main (and temp) for those moments;
 * durability means nothing here, and a rollback journal in memory still allows rollback.
 */
const CONNECTION_PRAGMAS = 'PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;';

/**
 * Pages of 8 KB for the in-memory tables, set before they are created. Content rows of 1-4 KB (a
 * message, a tool result) leave much of a 4 KB page unused, and each cached page carries a header
 * in the WebAssembly heap: measured on 60k agent spans, 2,502 database bytes per span against
 * 2,696, and a heap of 158 MB against 190 MB, for the same ingest CPU.
 */
const PAGE_SIZE = 8192;

function snapshotVersion(db: Database): number | null {
  if (db.exec("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'meta'").length === 0) return null;
  const row = db.exec("SELECT value FROM main.meta WHERE key = 'schema'")[0]?.values[0];
  return row ? Number(row[0]) : null;
}

/** Throws unless this version reads snapshots of this schema version (null: none recorded). */
function checkSnapshotVersion(version: number | null): void {
  if (version === null) throw new Error('not a Tracelight snapshot (no schema version)');
  if (!READABLE_SCHEMA_VERSIONS.includes(version)) {
    const newer = version > SCHEMA_VERSION ? ' (written by a newer Tracelight: update the extension to open it)' : '';
    const readable = `${READABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_SCHEMA_VERSIONS[READABLE_SCHEMA_VERSIONS.length - 1]}`;
    throw new Error(`the snapshot has schema version ${version}, this version reads ${readable}${newer}`);
  }
}

/**
 * The database with the schema in place (and the snapshot's rows, if given: a streamed snapshot,
 * from its source or bytes, or SQLite file bytes as written before, see snapshot-copy.ts); `init`
 * builds what uses it. The database is closed if anything fails, `init` included.
 */
export function openStoreDatabase<T>(SQL: SqlJsStatic, snapshot: Uint8Array | SnapshotSource | undefined, init: (db: Database) => T): T {
  const streamed = snapshot instanceof Uint8Array ? (isStreamedSnapshot(snapshot) ? bytesSource(snapshot) : null) : snapshot;
  const sqliteFile = snapshot instanceof Uint8Array && !streamed ? snapshot : undefined;
  const db = sqliteFile ? new SQL.Database(sqliteFile) : new SQL.Database();
  try {
    if (sqliteFile) checkSnapshotVersion(snapshotVersion(db));
    db.run(CONNECTION_PRAGMAS);
    db.run(`ATTACH ':memory:' AS ${MEM}`);
    db.run(`PRAGMA ${MEM}.page_size = ${PAGE_SIZE}`);
    db.run(schemaSql(MEM));
    // A snapshot from before the link index existed: index its spans' links now; from before
    // tool results were indexed apart: move them out of the rows.
    if (snapshot) {
      const missing = streamed ? loadStreamedSnapshot(db, streamed, checkSnapshotVersion) : moveSnapshotIntoMemory(db);
      if (missing.includes('span_links')) rebuildSpanLinkIndex(db);
      if (missing.includes('tool_results')) moveResultIdsOutOfRows(db);
    }
    // A new store indexes every span it stores; a snapshot carries the mark only if its store did.
    else db.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('read_index', '1')");
    // An upsert, not a replace: the row keeps its row id, so a loaded store is the one saved.
    db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', ['schema', String(SCHEMA_VERSION)]);
    return init(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Bytes held by the in-memory tables' pages. */
export function databaseBytes(db: Database): number {
  const pages = Number(db.exec(`PRAGMA ${MEM}.page_count`)[0]?.values[0]?.[0] ?? 0);
  const size = Number(db.exec(`PRAGMA ${MEM}.page_size`)[0]?.values[0]?.[0] ?? 0);
  return pages * size;
}

/** Bytes of the in-memory tables' pages in use (a deletion frees pages for reuse, not for the heap). */
export function usedPageBytes(db: Database): number {
  const value = (pragma: string): number => Number(db.exec(`PRAGMA ${MEM}.${pragma}`)[0]?.values[0]?.[0] ?? 0);
  return (value('page_count') - value('freelist_count')) * value('page_size');
}
