/**
 * Prepared span rows as columns, the form they cross from the prepare thread to the store's thread
 * in (prepare-messages.ts). A message is copied by structured clone, which writes every object's
 * property names and reads them back one by one, interning each: for 512 rows of about 35 fields
 * (the row and its normalized columns) that was 6-9 µs per span on the store's thread, the one
 * that limits ingest. One array per field carries the same values with no names, and the rows are
 * built back from a single object literal (one shape): 3-4 µs per span in all, measured on the
 * bench's 5 KB spans.
 */
import type { LinkTarget } from '../store/span-link-index';
import type { SpanRowValues } from '../store/span-row-values';
import type { PreparedTraces } from './prepare-traces';

type Row = SpanRowValues;
type Normalized = Row['normalized'];

export interface RowColumns {
  count: number;
  traceId: string[];
  spanId: string[];
  parentSpanId: Array<string | null>;
  name: string[];
  statusCode: Array<Row['statusCode']>;
  statusMessage: Array<string | null>;
  rowSpanId: string[];
  rowParentSpanId: Array<string | null>;
  service: string[];
  detail: string[];
  /** startMs and durationMs of each row, in turn. */
  times: Float64Array;
  pending: Uint8Array;
  /** Every row's refs, one after another; refCounts says how many are each row's. */
  refs: string[];
  refCounts: Uint32Array;
  linkTargets: Array<LinkTarget[] | undefined>;
  toolResultIds: Array<string[] | undefined>;
  /** The normalized columns' names, and one array of values per name. */
  normalizedKeys: string[];
  normalized: Array<Array<Normalized[keyof Normalized]>>;
}

/** Every field of a row is carried: a field added to SpanRowValues must be added here too. */
type Carried = 'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'statusCode' | 'statusMessage' | 'startMs' | 'rowSpanId'
  | 'rowParentSpanId' | 'durationMs' | 'service' | 'normalized' | 'pending' | 'detail' | 'refs' | 'linkTargets' | 'toolResultIds';
const everyFieldCarried: Record<Exclude<keyof Row, Carried>, never> = {};
void everyFieldCarried;

function sameKeys(keys: readonly string[], object: object): boolean {
  let i = 0;
  for (const key in object) if (keys[i++] !== key) return false;
  return i === keys.length;
}

/** The rows as columns; null when their normalized columns do not all have the same names in the same order. */
export function toRowColumns(rows: readonly Row[]): RowColumns | null {
  const count = rows.length;
  const normalizedKeys = count > 0 ? Object.keys(rows[0].normalized) : [];
  // Arrays filled by push stay packed: structured clone writes a holey one (new Array(n)) entry by
  // entry with its index, which is slower to read back.
  const columns: RowColumns = {
    count, traceId: [], spanId: [], parentSpanId: [], name: [], statusCode: [], statusMessage: [], rowSpanId: [],
    rowParentSpanId: [], service: [], detail: [], times: new Float64Array(2 * count), pending: new Uint8Array(count),
    refs: [], refCounts: new Uint32Array(count), linkTargets: [], toolResultIds: [],
    normalizedKeys, normalized: normalizedKeys.map(() => []),
  };
  for (let i = 0; i < count; i++) {
    const row = rows[i];
    if (!sameKeys(normalizedKeys, row.normalized)) return null;
    columns.traceId.push(row.traceId);
    columns.spanId.push(row.spanId);
    columns.parentSpanId.push(row.parentSpanId);
    columns.name.push(row.name);
    columns.statusCode.push(row.statusCode);
    columns.statusMessage.push(row.statusMessage);
    columns.rowSpanId.push(row.rowSpanId);
    columns.rowParentSpanId.push(row.rowParentSpanId);
    columns.service.push(row.service);
    columns.detail.push(row.detail);
    columns.times[2 * i] = row.startMs;
    columns.times[2 * i + 1] = row.durationMs;
    columns.pending[i] = row.pending ? 1 : 0;
    columns.refCounts[i] = row.refs.length;
    for (const hash of row.refs) columns.refs.push(hash);
    columns.linkTargets.push(row.linkTargets);
    columns.toolResultIds.push(row.toolResultIds);
    const normalized = row.normalized as Record<string, Normalized[keyof Normalized]>;
    for (let k = 0; k < normalizedKeys.length; k++) columns.normalized[k].push(normalized[normalizedKeys[k]]);
  }
  return columns;
}

/** The rows back, each with the same fields and values as the row it was made from. */
export function fromRowColumns(columns: RowColumns): Row[] {
  const rows: Row[] = [];
  const keys = columns.normalizedKeys;
  let at = 0;
  for (let i = 0; i < columns.count; i++) {
    const normalized: Record<string, Normalized[keyof Normalized]> = {};
    for (let k = 0; k < keys.length; k++) normalized[keys[k]] = columns.normalized[k][i];
    const refs = columns.refs.slice(at, at + columns.refCounts[i]);
    at += refs.length;
    // The field order of spanRowValues' literal, so the rows have the shape the store's code sees from it.
    rows.push({
      linkTargets: columns.linkTargets[i],
      toolResultIds: columns.toolResultIds[i],
      traceId: columns.traceId[i],
      spanId: columns.spanId[i],
      parentSpanId: columns.parentSpanId[i],
      name: columns.name[i],
      statusCode: columns.statusCode[i],
      statusMessage: columns.statusMessage[i],
      startMs: columns.times[2 * i],
      rowSpanId: columns.rowSpanId[i],
      rowParentSpanId: columns.rowParentSpanId[i],
      durationMs: columns.times[2 * i + 1],
      service: columns.service[i],
      normalized: normalized as Normalized,
      pending: columns.pending[i] === 1,
      detail: columns.detail[i],
      refs,
    });
  }
  return rows;
}

/** A prepared export (or part) as posted: its rows as columns, or as rows when they cannot be. */
export type PreparedOnWire = Omit<PreparedTraces, 'spans'> & ({ rows: RowColumns } | { spans: Row[] });

export function preparedOnWire(prepared: PreparedTraces): PreparedOnWire {
  const { spans, ...rest } = prepared;
  const rows = toRowColumns(spans);
  return rows ? { ...rest, rows } : prepared;
}

export function preparedFromWire(wire: PreparedOnWire): PreparedTraces {
  if (!('rows' in wire)) return wire;
  const { rows, ...rest } = wire;
  return { ...rest, spans: fromRowColumns(rows) };
}
