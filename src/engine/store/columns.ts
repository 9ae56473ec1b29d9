/**
 * Columns named once. A statement's column list and the way its rows (or values) map to names come
 * from the same record, so a column added to a table means one more entry here and there, never
 * renumbering `row[15]` by hand against a list defined in another file.
 *
 * Keys are the names code reads (camelCase); values are the SQL (a column, or an expression such as
 * `CAST(detail AS TEXT)`).
 */
import type { SqlValue } from 'sql.js';
import type { Row } from './prepared';

/** A result row read by name. */
export type NamedRow<K extends string> = { readonly [P in K]: SqlValue };

export class Columns<K extends string> {
  /** The SELECT list, or the column list of an INSERT, in the record's order. */
  readonly sql: string;
  /** `?, ?, …`, one per column. */
  readonly placeholders: string;
  private readonly keys: readonly K[];

  constructor(readonly columns: Readonly<Record<K, string>>) {
    this.keys = Object.keys(columns) as K[];
    this.sql = this.keys.map((k) => columns[k]).join(', ');
    this.placeholders = this.keys.map(() => '?').join(', ');
  }

  /** A row selected with `this.sql`, by name. */
  named(row: Row): NamedRow<K> {
    const out = {} as Record<K, SqlValue>;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) out[keys[i]] = row[i];
    return out;
  }

  /** The values of a record in this list's order, for binding to `this.placeholders`. */
  values(record: Readonly<Record<K, SqlValue>>): SqlValue[] {
    const keys = this.keys;
    const out = new Array<SqlValue>(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = record[keys[i]];
    return out;
  }

  /** `col = ?, …` for an UPDATE, in this list's order. */
  assignments(): string {
    return this.keys.map((k) => `${this.columns[k]} = ?`).join(', ');
  }

  /** This list followed by another (e.g. identity columns, then normalized ones). */
  and<J extends string>(more: Columns<J>): Columns<K | J> {
    return new Columns<K | J>({ ...this.columns, ...more.columns } as Record<K | J, string>);
  }
}

export function columns<K extends string>(list: Readonly<Record<K, string>>): Columns<K> {
  return new Columns(list);
}
