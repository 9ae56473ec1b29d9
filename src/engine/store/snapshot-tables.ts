/**
 * How each of the store's tables is copied into a streamed snapshot: its columns (with the row id
 * first where it is not a column, so row ids, and the spans' arrival order with them, survive) and
 * the key a row is found by again (the row id, or a WITHOUT ROWID table's primary key).
 */
import type { Database } from 'sql.js';
import type { TableLayout } from './snapshot-format';
import { MEM, TABLES } from './schema';

export interface TableCopy extends TableLayout {
  /** Keyed by row id (`rowid`, or the INTEGER PRIMARY KEY column that is it). */
  byRowid: boolean;
}

export const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function rows(db: Database, sql: string): unknown[][] {
  return db.exec(sql)[0]?.values ?? [];
}

export function tableCopies(db: Database): TableCopy[] {
  const withoutRowid = new Set(rows(db, `PRAGMA ${MEM}.table_list`).filter((r) => Number(r[4]) === 1).map((r) => String(r[1])));
  return TABLES.map((name) => {
    // cid, name, type, notnull, default, pk (its position in the primary key, 0 if not in it)
    const info = rows(db, `PRAGMA ${MEM}.table_info(${name})`);
    const columns = info.map((r) => String(r[1]));
    const primary = info.filter((r) => Number(r[5]) > 0).sort((a, b) => Number(a[5]) - Number(b[5]));
    if (withoutRowid.has(name)) return { name, columns, key: primary.map((r) => String(r[1])), byRowid: false };
    const alias = primary.length === 1 && String(primary[0][2]).toUpperCase() === 'INTEGER' ? String(primary[0][1]) : null;
    return alias ? { name, columns, key: [alias], byRowid: true } : { name, columns: ['rowid', ...columns], key: ['rowid'], byRowid: true };
  });
}
