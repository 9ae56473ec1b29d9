/**
 * What changed in the store while a streamed snapshot was being written (snapshot-stream.ts), so
 * that its end can write those rows again and the file holds one moment: the moment it ended.
 *
 * TEMP triggers on the store's tables note the key of every row inserted, updated or deleted in a
 * temporary table per table (in the same transaction as the change, so a rolled-back batch notes
 * nothing). For a table keyed by row id only rows the copy has passed are noted (`copiedUpTo`):
 * the copy reads the others as they are when it gets there, so new rows appended behind it cost
 * nothing twice. WITHOUT ROWID tables (narrow rows, keys in random order) note every change.
 * Triggers and tables exist only while a snapshot is written (`remove`).
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { MEM } from './schema';
import { quoted, type TableCopy } from './snapshot-tables';

const MIN_ROWID = '-9223372036854775808';
const MAX_ROWID = '9223372036854775807';

export interface ChangedRow {
  key: SqlValue[];
  /** The row as it is now (values in the layout's columns); null when it was removed. */
  row: SqlValue[] | null;
}

const dirtyTable = (table: TableCopy): string => `snapshot_dirty_${table.name}`;

function createSql(table: TableCopy): string {
  const dirty = dirtyTable(table);
  const keys = table.key.map((_, i) => `k${i}`);
  const create = table.byRowid
    ? `CREATE TEMP TABLE ${dirty} (k0 INTEGER PRIMARY KEY);`
    : `CREATE TEMP TABLE ${dirty} (${keys.join(', ')}, PRIMARY KEY (${keys.join(', ')})) WITHOUT ROWID;`;
  const keyOf = (row: 'NEW' | 'OLD'): string[] => (table.byRowid ? [`${row}.rowid`] : table.key.map((k) => `${row}.${quoted(k)}`));
  const passed = (row: 'NEW' | 'OLD'): string => (table.byRowid ? ` AND ${row}.rowid <= (SELECT upto FROM snapshot_cursor WHERE tbl = '${table.name}')` : '');
  // Not INSERT OR IGNORE: the outer statement's conflict handling (an upsert's) would override it.
  const note = (row: 'NEW' | 'OLD'): string => `INSERT INTO ${dirty} SELECT ${keyOf(row).join(', ')} WHERE NOT EXISTS (SELECT 1 FROM ${dirty} WHERE `
    + `${keyOf(row).map((k, i) => `k${i} = ${k}`).join(' AND ')})${passed(row)};`;
  const trigger = (event: string, body: string): string =>
    `CREATE TEMP TRIGGER ${dirty}_${event.toLowerCase()} AFTER ${event} ON ${MEM}.${table.name} BEGIN ${body} END;`;
  return create + trigger('INSERT', note('NEW')) + trigger('DELETE', note('OLD')) + trigger('UPDATE', note('OLD') + note('NEW'));
}

export class SnapshotChanges {
  private readonly statements: Statement[] = [];
  private readonly takes = new Map<string, { select: Statement; forget: Statement }>();

  constructor(private readonly db: Database, private readonly tables: readonly TableCopy[]) {
    try {
      // So that a row an INSERT OR REPLACE displaces is noted as deleted too.
      db.run('PRAGMA recursive_triggers = ON');
      db.run('CREATE TEMP TABLE snapshot_cursor (tbl TEXT PRIMARY KEY, upto INTEGER NOT NULL)');
      for (const table of tables) {
        if (table.byRowid) db.run(`INSERT INTO snapshot_cursor VALUES ('${table.name}', ${MIN_ROWID})`);
        db.run(createSql(table));
      }
    } catch (error) {
      this.remove();
      throw error;
    }
  }

  /** Rows of `table` with row ids up to `rowid` are in the snapshot (`null`: all of them, from now on). */
  copiedUpTo(table: TableCopy, rowid: number | null): void {
    if (!table.byRowid) return;
    if (rowid === null) this.db.run(`UPDATE snapshot_cursor SET upto = ${MAX_ROWID} WHERE tbl = ?`, [table.name]);
    else this.db.run('UPDATE snapshot_cursor SET upto = ? WHERE tbl = ?', [rowid, table.name]);
  }

  /** How many changed rows of `table` wait to be written again. */
  pending(table: TableCopy): number {
    return Number(this.db.exec(`SELECT count(*) FROM ${dirtyTable(table)}`)[0]?.values[0]?.[0] ?? 0);
  }

  private statementsFor(table: TableCopy): { select: Statement; forget: Statement } {
    let found = this.takes.get(table.name);
    if (found) return found;
    const dirty = dirtyTable(table);
    const keys = table.key.map((_, i) => `d.k${i}`);
    const join = table.byRowid ? 't.rowid = d.k0' : table.key.map((k, i) => `t.${quoted(k)} = d.k${i}`).join(' AND ');
    const present = table.byRowid ? 't.rowid IS NOT NULL' : `t.${quoted(table.key[0])} IS NOT NULL`;
    const columns = table.columns.map((c) => (c === 'rowid' ? 't.rowid' : `t.${quoted(c)}`));
    const select = this.db.prepare(`SELECT ${keys.join(', ')}, ${present}, ${columns.join(', ')} FROM ${dirty} d `
      + `LEFT JOIN ${MEM}.${table.name} t ON ${join} ORDER BY ${keys.join(', ')} LIMIT ?`);
    const last = table.key.map((_, i) => `k${i}`);
    const forget = this.db.prepare(`DELETE FROM ${dirty} WHERE (${last.join(', ')}) <= (${last.map(() => '?').join(', ')})`);
    found = { select, forget };
    this.statements.push(select, forget);
    this.takes.set(table.name, found);
    return found;
  }

  /** Up to `limit` changed rows of `table`, in key order, each as it is now; forgotten as they are returned. */
  take(table: TableCopy, limit: number): ChangedRow[] {
    const { select, forget } = this.statementsFor(table);
    const keyCount = table.key.length;
    const changed: ChangedRow[] = [];
    select.bind([limit]);
    try {
      while (select.step()) {
        const values = select.get();
        changed.push({ key: values.slice(0, keyCount), row: values[keyCount] ? values.slice(keyCount + 1) : null });
      }
    } finally {
      select.reset();
    }
    if (changed.length > 0) forget.run(changed[changed.length - 1].key);
    return changed;
  }

  /** Drops the triggers and tables (whatever of them exists). */
  remove(): void {
    for (const stmt of this.statements) stmt.free();
    this.statements.length = 0;
    this.takes.clear();
    for (const table of this.tables) {
      const dirty = dirtyTable(table);
      this.db.run(`DROP TRIGGER IF EXISTS ${dirty}_insert; DROP TRIGGER IF EXISTS ${dirty}_delete; DROP TRIGGER IF EXISTS ${dirty}_update; DROP TABLE IF EXISTS temp.${dirty};`);
    }
    this.db.run('DROP TABLE IF EXISTS temp.snapshot_cursor; PRAGMA recursive_triggers = OFF');
  }
}
