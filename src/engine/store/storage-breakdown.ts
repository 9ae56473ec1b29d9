/**
 * Where the store's bytes go, table by table: rows and the bytes of their values. sql.js is built
 * without the `dbstat` table, so the figure is the sum of each value's length (text and blobs by
 * their bytes, numbers by their text form), not page usage; what the pages hold beyond that
 * (indexes, b-tree structure, free pages) is the database size minus the sum.
 */
import type { Database } from 'sql.js';
import { TABLES } from './schema';

export interface TableBytes {
  table: string;
  rows: number;
  /** Bytes of the row values (every column). */
  valueBytes: number;
  /** The same, for the columns that take the most (detail, refs, text), one entry per column. */
  columns: Record<string, number>;
}

/** Columns reported apart: the ones that grow with content. */
const WIDE_COLUMNS = new Set(['detail', 'content_refs', 'text', 'hash']);

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function storageBreakdown(db: Database): TableBytes[] {
  return TABLES.map((table) => {
    const names = (db.exec(`PRAGMA table_info(${quoted(table)})`)[0]?.values ?? []).map((row) => String(row[1]));
    const sums = names.map((name) => `coalesce(sum(octet_length(${quoted(name)})), 0)`);
    const values = db.exec(`SELECT count(*), ${sums.join(', ')} FROM ${quoted(table)}`)[0]?.values[0] ?? [];
    const columns: Record<string, number> = {};
    let valueBytes = 0;
    names.forEach((name, i) => {
      const bytes = Number(values[i + 1] ?? 0);
      valueBytes += bytes;
      if (WIDE_COLUMNS.has(name)) columns[name] = bytes;
    });
    return { table, rows: Number(values[0] ?? 0), valueBytes, columns };
  });
}
