/**
 * Reading stored spans and log records back: one query for the rows, the detail decoded, each
 * content string read (each shared resource or scope parsed, each quoted piece quoted) once per call
 * even when many spans share it.
 */
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { columns } from './columns';
import type { ContentTable } from './content-table';
import type { ContentReader } from './detail-codec';
import { type PreparedStatements, type Row, textOf } from './prepared';
import { decodeLogDetail, decodeSpanDetail, type ResourceAndScope, type SpanIdentity } from './span-record';
import type { Orderable } from './span-start-order';
import { AT_ONCE, type Slices, toEnd } from '../../analysis/sliced-work';

export interface StoredSpan {
  span: DecodedSpan;
  service: string;
  /** Arrival order in the store (rowid): the last tie-breaker when spans are ordered. */
  arrival: number;
  /** Characters of its stored detail and of the content it references: what it holds once decoded. */
  chars: number;
}

// The detail is read back as TEXT (see textOf in prepared.ts).
const STORED_SPAN_COLUMNS = columns({
  spanId: 'span_id', parentSpanId: 'parent_span_id', name: 'name', startMs: 'start_ms', status: 'status',
  statusMessage: 'status_message', detail: 'CAST(detail AS TEXT)', service: 'service', durationMs: 'duration_ms', arrival: 'rowid',
});

/**
 * Each stored span column's position in a selected row: a trace's rows are read by position, not
 * copied into a named row first (one object less per span of every read).
 */
const AT = Object.fromEntries(Object.keys(STORED_SPAN_COLUMNS.columns).map((key, i) => [key, i])) as
  Record<keyof typeof STORED_SPAN_COLUMNS.columns, number>;

function selectSpanRows(sql: PreparedStatements, rest: string, params: Array<string | number>): Row[] {
  return sql.all(`SELECT ${STORED_SPAN_COLUMNS.sql} ${rest}`, params);
}

const LOG_COLUMNS = columns({ spanId: 'span_id', detail: 'CAST(detail AS TEXT)' });

/** Marks a span whose stored detail could not be read back (a damaged snapshot). */
export const UNREADABLE_DETAIL = 'tracelight.store.unreadable_detail';

/**
 * A damaged snapshot (bytes changed on disk) can hold detail that no longer parses. The row's own
 * columns are still good: the span is shown from them, with its attributes replaced by a note
 * that says so, rather than failing every query that touches the trace.
 */
function unreadableSpan(identity: SpanIdentity, durationMs: number, service: string, error: unknown): DecodedSpan {
  const message = error instanceof Error ? error.message : String(error);
  return {
    traceId: identity.traceId, spanId: identity.spanId, parentSpanId: identity.parentSpanId, name: identity.name,
    spanKind: 'unspecified', startTimeUnixMs: identity.startTimeUnixMs, endTimeUnixMs: identity.startTimeUnixMs + durationMs,
    status: identity.statusMessage !== null ? { code: identity.statusCode, message: identity.statusMessage } : { code: identity.statusCode },
    attributes: { [UNREADABLE_DETAIL]: `the stored detail of this span could not be read: ${message}` },
    events: [], links: [], resource: { 'service.name': service }, scope: { name: '' },
  };
}

/** A log record whose stored detail no longer parses (damaged snapshot) is left out. */
function readableLog(decode: () => DecodedLogRecord): DecodedLogRecord[] {
  try {
    return [decode()];
  } catch {
    return [];
  }
}

/** A reader for one call: each content string read, and each shared JSON value parsed, once. */
function cachedReader(content: ContentTable): ContentReader {
  const cache = new Map<string, string>();
  const reader: ContentReader = (hash) => {
    let text = cache.get(hash);
    if (text === undefined) cache.set(hash, (text = content.read(hash)));
    return text;
  };
  reader.parsed = new Map();
  reader.quoted = new Map();
  return reader;
}

/**
 * A stored span's row before its detail is decoded: the columns its span is decoded with, what
 * start order needs (the duration is the row's, clamped as the detail's end would be) and the
 * detail's text. One object per row: it is the identity the detail is decoded with.
 */
export interface StoredSpanRow extends Orderable, SpanIdentity {
  service: string;
  detail: string;
}

/**
 * Strings that repeat from row to row (names, parents, services, statuses), one string each: sql.js
 * hands over a new string per column of every row, and a whole trace's read holds every row until
 * it ends (50,000 copies of the root's id as each span's parent). At most MAX_INTERNED kept: a
 * trace whose names are all different costs a lookup per row and holds no more.
 */
const MAX_INTERNED = 256;

class Interned {
  private readonly strings = new Map<string, string>();

  of(value: string): string {
    const kept = this.strings.get(value);
    if (kept !== undefined) return kept;
    if (this.strings.size < MAX_INTERNED) this.strings.set(value, value);
    return value;
  }
}

function storedSpanRow(traceId: string, row: Row, interned: Interned): StoredSpanRow {
  const parentSpanId = row[AT.parentSpanId];
  const statusMessage = row[AT.statusMessage];
  return {
    traceId, spanId: String(row[AT.spanId]), parentSpanId: parentSpanId === null ? null : interned.of(String(parentSpanId)),
    name: interned.of(String(row[AT.name])), startTimeUnixMs: Number(row[AT.startMs]),
    statusCode: interned.of(String(row[AT.status])) as DecodedSpan['status']['code'],
    statusMessage: statusMessage === null ? null : String(statusMessage),
    durationMs: Number(row[AT.durationMs]), arrival: Number(row[AT.arrival]), service: interned.of(String(row[AT.service])), detail: textOf(row[AT.detail]),
  };
}

/**
 * A trace's stored spans read a page of rows at a time (by span id, the unique index's order) and
 * each decoded only when asked, all with one content reader: a big trace's read can pause between
 * pages and between spans (trace-spans-build.ts) instead of decoding every span in one step.
 */
export class StoredSpanReader {
  private readonly read: ContentReader;
  private readonly interned = new Interned();
  private chars = 0;
  /** The trace's row ids in ascending order, once the first page is asked for; the next one to read. */
  private rowIds: Float64Array | undefined;
  private at = 0;
  private done = false;

  constructor(private readonly sql: PreparedStatements, content: ContentTable, private readonly traceId: string) {
    const cached = cachedReader(content);
    this.read = (hash) => {
      const text = cached(hash);
      this.chars += text.length;
      return text;
    };
    this.read.parsed = cached.parsed;
    this.read.quoted = cached.quoted;
  }

  /**
   * The next `limit` rows, in arrival order (rowid), or none once all were read. The trace's row ids
   * are read first from its index (one statement, no row touched), then its rows a page of ids at a
   * time: the table's pages are read in their own order rather than once per span id in id order,
   * and the rows (and their details, decoded later in start order, which arrival mostly follows)
   * lie in memory in about the order they are used.
   */
  nextRows(limit: number): StoredSpanRow[] {
    if (this.done) return [];
    this.rowIds ??= readRowIds(this.sql, this.traceId);
    const ids = this.rowIds.subarray(this.at, this.at + limit);
    this.at += ids.length;
    if (ids.length < limit || this.at === this.rowIds.length) this.done = true;
    if (ids.length === 0) return [];
    // Always as many ids (padded with -1, no row's id): one prepared statement, not one per page length.
    const params: Array<string | number> = [];
    for (let i = 0; i < limit; i++) params.push(i < ids.length ? ids[i] : -1);
    params.push(this.traceId);
    // `+trace_id`: the rows are found by rowid; the trace id only checks them (a reused rowid).
    const rows = selectSpanRows(this.sql, `FROM spans WHERE rowid IN (${placeholders(limit)}) AND +trace_id = ?`, params);
    const out = new Array<StoredSpanRow>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = storedSpanRow(this.traceId, rows[i], this.interned);
    return out;
  }

  /** The row's span as it arrived (a damaged detail reads as a note, see unreadableSpan). */
  decode(row: StoredSpanRow): StoredSpan {
    const detail = row.detail;
    this.chars = detail.length;
    let span: DecodedSpan;
    try {
      const tail = this.tail;
      if (tail !== undefined && detail.endsWith(tail.text)) {
        span = decodeSpanDetail(row, `${detail.slice(0, detail.length - tail.text.length)}}`, this.read, tail);
      } else {
        span = decodeSpanDetail(row, detail, this.read);
        this.tail = detailTail(detail, span) ?? this.tail;
      }
    } catch (error) {
      span = unreadableSpan(row, row.durationMs, row.service, error);
    }
    return { span, service: row.service, arrival: row.arrival, chars: this.chars };
  }

  /** The last resource and scope that ended a detail, to share with the next spans (DetailTail). */
  private tail: DetailTail | undefined;
}

/**
 * The end of a span's detail when its last fields are its resource and scope (`,"r":{..},"sc":{..}}`,
 * see encodeSpanDetail), with both decoded. A small resource and scope are written into every
 * span's detail rather than shared, so a read parsed a copy of each per span, and a whole trace's
 * read held them all until its end. A detail that ends with the same text has the same resource
 * and scope: only the text before it is parsed, and the span shares the objects, as the decoder
 * shared them when the spans arrived.
 *
 * The text holds no backslash and no `$` (so no escape and no content reference). Each of its
 * quotes then opens or closes a string in any detail that ends with it: a quote inside a string is
 * escaped. Read back from the detail's final brace, its fields are the detail's last two, at the
 * top level; what comes before them, closed by a brace, is the detail without them.
 */
interface DetailTail extends ResourceAndScope {
  text: string;
}

function detailTail(detail: string, span: DecodedSpan): DetailTail | undefined {
  const text = `,"r":${JSON.stringify(span.resource)},"sc":${JSON.stringify(span.scope)}}`;
  if (text.includes('\\') || text.includes('$') || !detail.endsWith(text)) return undefined;
  return { text, resource: span.resource, scope: span.scope };
}

/** The row ids of a trace's spans, ascending. */
function readRowIds(sql: PreparedStatements, traceId: string): Float64Array {
  const row = sql.get('SELECT group_concat(rowid) FROM spans WHERE trace_id = ?', [traceId]);
  const list = row === null || row[0] === null ? '' : String(row[0]);
  const ids = list === '' ? new Float64Array(0) : Float64Array.from(list.split(','), Number);
  return ids.sort();
}

const placeholderLists = new Map<number, string>();

/** `?, ?, ...`: `count` placeholders. */
function placeholders(count: number): string {
  let list = placeholderLists.get(count);
  if (list === undefined) placeholderLists.set(count, (list = Array.from({ length: count }, () => '?').join(', ')));
  return list;
}

/** A trace's spans (or the one with `spanId`), in no particular order. */
export function readStoredSpans(sql: PreparedStatements, content: ContentTable, traceId: string, spanId?: string): StoredSpan[] {
  const reader = new StoredSpanReader(sql, content, traceId);
  const rows = spanId === undefined
    ? selectSpanRows(sql, 'FROM spans WHERE trace_id = ?', [traceId])
    : selectSpanRows(sql, 'FROM spans WHERE trace_id = ? AND span_id = ?', [traceId, spanId]);
  const interned = new Interned();
  return rows.map((row) => reader.decode(storedSpanRow(traceId, row, interned)));
}

/** The log records joined to one span, in time order. */
export function readStoredLogs(sql: PreparedStatements, content: ContentTable, traceId: string, spanId: string): DecodedLogRecord[] {
  const rows = sql.select(LOG_COLUMNS, 'FROM logs WHERE trace_id = ? AND span_id = ? ORDER BY time_ms, id', [traceId, spanId]);
  const read = cachedReader(content);
  return rows.flatMap((r) => readableLog(() => decodeLogDetail(traceId, spanId, textOf(r.detail), read)));
}

/** The log records of a whole trace by span id, each list in time order (the paged read, in one go). */
export function readTraceLogs(sql: PreparedStatements, content: ContentTable, traceId: string): Map<string, DecodedLogRecord[]> {
  return toEnd(readTraceLogsSteps(sql, content, traceId, AT_ONCE));
}

const LOG_ORDER_COLUMNS = columns({ id: 'id', spanId: 'span_id' });
const LOG_DETAIL_COLUMNS = columns({ id: 'id', detail: 'CAST(detail AS TEXT)' });
/** Log records decoded per page of a sliced read. */
const LOG_ROWS_PER_PAGE = 500;
const LOG_PAGE_PLACEHOLDERS = Array.from({ length: LOG_ROWS_PER_PAGE }, () => '?').join(', ');

/**
 * readTraceLogs a page at a time, pausing on `clock` between pages (a trace with tens of thousands
 * of log records, such as GenAI events, was read and decoded in one statement): the order is read
 * first from the narrow columns, then each page's details by id. The same records in the same order.
 */
export function* readTraceLogsSteps(sql: PreparedStatements, content: ContentTable, traceId: string, clock: Slices): Generator<void, Map<string, DecodedLogRecord[]>> {
  const order = sql.select(LOG_ORDER_COLUMNS, 'FROM logs WHERE trace_id = ? AND span_id IS NOT NULL ORDER BY time_ms, id', [traceId]);
  const read = cachedReader(content);
  const bySpan = new Map<string, DecodedLogRecord[]>();
  for (let at = 0; at < order.length; at += LOG_ROWS_PER_PAGE) {
    const page = order.slice(at, at + LOG_ROWS_PER_PAGE);
    // Always as many ids (a page padded with -1, no row's id): one prepared statement, not one per page length.
    const ids = Array.from({ length: LOG_ROWS_PER_PAGE }, (_, i) => (i < page.length ? Number(page[i].id) : -1));
    const details = new Map(sql.select(LOG_DETAIL_COLUMNS, `FROM logs WHERE id IN (${LOG_PAGE_PLACEHOLDERS})`, ids).map((r) => [Number(r.id), r.detail]));
    for (const r of page) {
      const spanId = String(r.spanId);
      let list = bySpan.get(spanId);
      if (!list) bySpan.set(spanId, (list = []));
      list.push(...readableLog(() => decodeLogDetail(traceId, spanId, textOf(details.get(Number(r.id)) ?? null), read)));
    }
    if (clock.due()) {
      yield;
      clock.restart();
    }
  }
  return bySpan;
}
