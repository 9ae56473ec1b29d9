/**
 * Snapshots of a store whose tables live in the attached in-memory database `mem`. sql.js exports
 * only `main` (db.export() backs up main), so a snapshot copies the tables into main, exports, and
 * drops the copies; loading a snapshot copies main's tables into mem (with the real schema, indexes
 * included) and drops main's. Snapshots written before the tables moved to mem hold the same tables
 * in main with the same columns, so both load the same way.
 */
import type { Database } from 'sql.js';
import { MEM, TABLES } from './schema';
import { inTransaction } from './transaction';

/**
 * Copy order for tables whose row order carries meaning: spans are read back in arrival order
 * (rowid) when start and end times tie, so their rowids must keep that order across a snapshot.
 */
const ORDER: Partial<Record<(typeof TABLES)[number], string>> = { spans: ' ORDER BY rowid' };

function mainHas(db: Database, table: string): boolean {
  return db.exec(`SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = '${table}'`).length > 0;
}

function columnsOf(db: Database, table: string): string[] {
  return (db.exec(`PRAGMA main.table_info(${table})`)[0]?.values ?? []).map((r) => `"${String(r[1]).replace(/"/g, '""')}"`);
}

/**
 * Moves a loaded snapshot's tables from main into mem (whose schema must exist already); returns
 * the tables the snapshot did not have (written before they existed).
 */
export function moveSnapshotIntoMemory(db: Database): string[] {
  const missing: string[] = [];
  inTransaction(db, () => {
    for (const table of TABLES) {
      if (!mainHas(db, table)) {
        missing.push(table);
        continue;
      }
      // By column name: a snapshot from before a column was added lacks it (the default fills in).
      const columns = columnsOf(db, table).join(', ');
      db.run(`DELETE FROM ${MEM}.${table}`);
      db.run(`INSERT INTO ${MEM}.${table} (${columns}) SELECT ${columns} FROM main.${table}${ORDER[table] ?? ''}`);
      db.run(`DROP TABLE main.${table}`);
    }
  });
  // Give back the file pages the snapshot occupied (VACUUM cannot run inside a transaction).
  db.run('VACUUM main');
  return missing;
}

/** The store as SQLite file bytes: mem's tables copied into main for the moment of the export. */
export function exportSnapshot(db: Database): Uint8Array {
  inTransaction(db, () => {
    for (const table of TABLES) db.run(`CREATE TABLE main.${table} AS SELECT * FROM ${MEM}.${table}${ORDER[table] ?? ''}`);
  });
  try {
    return db.export();
  } finally {
    // Until these are dropped, unqualified names resolve to main's copies: they go before any
    // other statement runs (SQLite re-prepares the cached statements against mem).
    for (const table of TABLES) db.run(`DROP TABLE IF EXISTS main.${table}`);
    db.run('VACUUM main');
  }
}
