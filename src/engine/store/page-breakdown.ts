/**
 * Where the store's pages go, per table and per index. sql.js is built without the `dbstat` table,
 * so each table is copied into a scratch in-memory database with the same page size, and the pages
 * its rows, its unique key (SQLite's automatic index) and each of its indexes take there are counted
 * with `PRAGMA page_count`. A copy is packed tighter than the live tables (rows arrive in order, and
 * nothing was deleted); what the live pages hold beyond the copies is their slack and free pages.
 * The copy costs as much heap as the largest table: for measurements, not for a store near its cap.
 */
import type { Database } from 'sql.js';
import { MEM, TABLES } from './schema';

export interface PageUse {
  /** `spans`, or `spans: index spans_llm_calls`. */
  name: string;
  bytes: number;
}

const SCRATCH = 'page_breakdown';

function pragmaNumber(db: Database, pragma: string): number {
  return Number(db.exec(`PRAGMA ${pragma}`)[0]?.values[0]?.[0] ?? 0);
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `CREATE TABLE name ...` / `CREATE INDEX name ON ...` as SQLite stored it, aimed at the scratch database. */
function inScratch(sql: string, name: string): string {
  const at = sql.indexOf(name);
  return `${sql.slice(0, at)}${SCRATCH}.${sql.slice(at)}`;
}

function schemaRows(db: Database, table: string): Array<{ type: string; name: string; sql: string | null }> {
  const rows = db.exec(`SELECT type, name, sql FROM ${MEM}.sqlite_schema WHERE tbl_name = ?`, [table])[0]?.values ?? [];
  return rows.map((r) => ({ type: String(r[0]), name: String(r[1]), sql: r[2] === null ? null : String(r[2]) }));
}

/** Columns of an automatic index (a rowid table's UNIQUE or TEXT PRIMARY KEY). */
function autoIndexColumns(db: Database, index: string): string[] {
  return (db.exec(`PRAGMA ${MEM}.index_info(${quoted(index)})`)[0]?.values ?? []).map((r) => quoted(String(r[2])));
}

export function pageBreakdown(db: Database): PageUse[] {
  const pageSize = pragmaNumber(db, `${MEM}.page_size`);
  db.run(`ATTACH ':memory:' AS ${SCRATCH}`);
  const out: PageUse[] = [];
  try {
    db.run(`PRAGMA ${SCRATCH}.page_size = ${pageSize}`);
    // Pages in use: a table dropped after its measurement leaves free pages the next one reuses.
    const pages = (): number => pragmaNumber(db, `${SCRATCH}.page_count`) - pragmaNumber(db, `${SCRATCH}.freelist_count`);
    const measure = (name: string, sql: string): void => {
      const before = pages();
      db.run(sql);
      out.push({ name, bytes: (pages() - before) * pageSize });
    };
    for (const table of TABLES) {
      const rows = schemaRows(db, table);
      const create = rows.find((r) => r.type === 'table')?.sql;
      if (!create) continue;
      measure(table, `${inScratch(create, table)}; INSERT INTO ${SCRATCH}.${table} SELECT * FROM ${MEM}.${table}`);
      // (A comment inside the statement may mention the words: only its end says.)
      const withoutRowid = /\)\s*WITHOUT\s+ROWID\s*$/i.test(create);
      for (const index of rows.filter((r) => r.type === 'index')) {
        if (index.sql !== null) {
          measure(`${table}: index ${index.name}`, inScratch(index.sql, index.name));
        } else if (!withoutRowid) {
          // The copy already holds it: measured again as a plain index, then taken out of the table's figure.
          const cols = autoIndexColumns(db, index.name).join(', ');
          measure(`${table}: unique key (${cols.replace(/"/g, '')})`, `CREATE INDEX ${SCRATCH}.measured_key ON ${table} (${cols})`);
          const tableUse = out.find((u) => u.name === table);
          if (tableUse) tableUse.bytes -= out[out.length - 1].bytes;
          db.run(`DROP INDEX ${SCRATCH}.measured_key`);
        }
      }
      db.run(`DROP TABLE ${SCRATCH}.${table}`);
    }
  } finally {
    db.run(`DETACH ${SCRATCH}`);
  }
  return out;
}
