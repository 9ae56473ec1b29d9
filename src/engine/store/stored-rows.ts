/**
 * The span and log rows, with the counts and bytes that retention reads kept in step with every
 * insert and delete, and the content references each row holds taken and released with it.
 *
 * Duplicates: the first copy of a (trace id, span id) wins. A duplicate is almost always a retried
 * export of the same bytes (the exporter timed out waiting for our answer), so keeping the first
 * copy loses nothing; `INSERT OR IGNORE` detects it without an extra lookup per span (the common
 * case), and a stored span's content references never change under a retry.
 */
import type { Database, SqlValue } from 'sql.js';
import type { NormalizedFields } from '../../protocol/trace-json';
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { RunHistory } from '../../analysis/run-history';
import { deleteTraceCalls } from './call-costs';
import { ContentTable } from './content-table';
import { CostRollup, type CostSummaries } from './cost-rollup';
import { PreparedStatements, utf8 } from './prepared';
import type { RetentionTarget } from './retention';
import { columns } from './columns';
import { DELETE_PLACEHOLDER, INSERT_SPAN, ROW_HOLDINGS, SPAN_INSERT_COLUMNS } from './span-columns';
import { encodeLogDetail } from './span-record';
import { SpanBulkInsert } from './span-bulk-insert';
import { spanRowValues, type SpanRowValues } from './span-row-values';
import { SpanLinkIndex } from './span-link-index';
import { ToolResultIndex, type ToolResultCarrier } from './tool-result-index';
import { usedPageBytes } from './store-database';

/** Approximate per-row overhead (ids, numbers, index entries) added to the detail's length. */
const ROW_OVERHEAD = 160;

/** What became of a span offered to the table. */
export type SpanInsert = 'stored' | 'duplicate' | 'superseded';

/** A span row's holdings, and whether it is a pending placeholder (counted apart). */
const SPAN_HOLDINGS = ROW_HOLDINGS.and(columns({ pending: 'pending' }));

const TRACE_ID = columns({ traceId: 'trace_id' });

function splitRefs(refs: string): string[] {
  return refs === '' ? [] : refs.split(' ');
}

/** A span row's values for INSERT_SPAN (SPAN_INSERT_COLUMNS), and the bytes it counts for. */
function insertValues(row: SpanRowValues): { values: SqlValue[]; bytes: number } {
  const detail = utf8(row.detail);
  const bytes = detail.length + row.name.length + ROW_OVERHEAD;
  const values = SPAN_INSERT_COLUMNS.values({
    traceId: row.traceId, spanId: row.rowSpanId, parentSpanId: row.rowParentSpanId, name: row.name,
    status: row.statusCode, statusMessage: row.statusMessage, startMs: row.startMs, durationMs: row.durationMs,
    service: row.service, detail, contentRefs: row.refs.join(' '), bytes, pending: row.pending ? 1 : 0,
    ...row.normalized,
  });
  return { values, bytes };
}

/** The stored rows' tool-result ids, under the ids their rows are stored with. */
function carriersOf(rows: readonly SpanRowValues[]): ToolResultCarrier[] {
  const out: ToolResultCarrier[] = [];
  for (const r of rows) if (r.toolResultIds) out.push({ traceId: r.traceId, spanId: r.rowSpanId, startMs: r.startMs, resultIds: r.toolResultIds });
  return out;
}

export class StoredRows {
  readonly sql: PreparedStatements;
  readonly content: ContentTable;
  readonly links: SpanLinkIndex;
  readonly toolResults: ToolResultIndex;
  /** The cost report's summaries, kept in step with the calls and traces rows. */
  readonly costs: CostSummaries = { rollup: new CostRollup(), runs: new RunHistory() };
  private spans = 0;
  private logs = 0;
  /** Log records without a trace id (see untraced-logs.ts), and what they hold, content included. */
  private untracedLogs = 0;
  private untracedHeld = 0;
  private rowBytes = 0;
  /** Pending placeholders stored; while 0, a real span has none to replace and skips the lookup. */
  private pendingRows = 0;

  private readonly bulk: SpanBulkInsert;

  constructor(private readonly db: Database, compressContentFrom?: number) {
    this.sql = new PreparedStatements(db);
    this.content = new ContentTable(db, compressContentFrom);
    this.links = new SpanLinkIndex(this.sql);
    this.toolResults = new ToolResultIndex(db, this.sql);
    this.bulk = new SpanBulkInsert(db, this.sql);
  }

  /** Counts everything again from the tables (after opening a snapshot, a rollback or a clear). */
  recount(): void {
    const one = (q: string): number => Number(this.db.exec(q)[0]?.values[0]?.[0] ?? 0);
    this.spans = one('SELECT count(*) FROM spans');
    this.pendingRows = one('SELECT count(*) FROM spans WHERE pending = 1');
    this.logs = one('SELECT count(*) FROM logs');
    this.untracedLogs = one('SELECT count(*) FROM logs WHERE trace_id IS NULL');
    this.untracedHeld = this.untracedLogs === 0 ? 0 : this.sql.select(ROW_HOLDINGS, 'FROM logs WHERE trace_id IS NULL')
      .reduce((sum, r) => sum + Number(r.bytes) + splitRefs(String(r.contentRefs)).reduce((n, hash) => n + this.content.bytesOf(hash), 0), 0);
    this.rowBytes = one('SELECT coalesce(sum(bytes), 0) FROM spans') + one('SELECT coalesce(sum(bytes), 0) FROM logs');
    this.content.recount();
    this.recountCosts();
  }

  /**
   * The runs of each flow from the traces table. The rollup keeps the minutes it has to recompute
   * (a rolled-back batch only makes it recompute more than needed); a snapshot written without it
   * has it rebuilt on the first report.
   */
  private recountCosts(): void {
    if (this.sql.number('SELECT count(*) FROM cost_rollup') === 0 && this.sql.number('SELECT count(*) FROM calls WHERE counted > 0') > 0) {
      this.costs.rollup.touchEverything();
    }
    this.costs.runs.clear();
    for (const r of this.sql.all('SELECT trace_id, name, start_ms, cost_usd FROM traces WHERE cost_usd IS NOT NULL ORDER BY start_ms')) {
      this.costs.runs.set({ id: String(r[0]), flow: String(r[1]), startTimeUnixMs: Number(r[2]), costUsd: Number(r[3]) });
    }
  }

  get spanCount(): number { return this.spans; }
  get logCount(): number { return this.logs; }
  get untracedLogCount(): number { return this.untracedLogs; }
  /** Bytes of the log records without a trace id and of the content they reference (shared content counted for each). */
  get untracedLogBytes(): number { return this.untracedHeld; }
  /** Log records of traces: while 0, no span needs its logs looked up. */
  get tracedLogCount(): number { return this.logs - this.untracedLogs; }
  /** Logical size: rows plus distinct content (what retention's maxBytes caps). */
  get bytes(): number { return this.rowBytes + this.content.bytes; }

  /** Stores a span with its normalized fields, unless it (or, for a placeholder, its real span) is stored. */
  insertSpan(span: DecodedSpan, fields: NormalizedFields): SpanInsert {
    return this.insertRow(spanRowValues(span, fields, this.content.writer()));
  }

  /**
   * Stores a span prepared elsewhere (src/engine/prepare): its references are counted here from
   * the prepared texts, without hashing or encoding anything again.
   */
  insertPreparedSpan(row: SpanRowValues, texts: ReadonlyMap<string, string>): SpanInsert {
    this.addReferences(row, texts);
    return this.insertRow(row);
  }

  /**
   * The same for many prepared spans, with one statement per chunk of rows (span-bulk-insert.ts);
   * row by row while placeholders are involved (Logfire's pending spans, see pending-spans.ts).
   * `onStored` is told each row stored in bulk, with its `bytes` column.
   */
  insertPreparedSpans(rows: readonly SpanRowValues[], texts: ReadonlyMap<string, string>, onStored?: (row: SpanRowValues, bytes: number) => void): SpanInsert[] {
    if (this.pendingRows > 0 || rows.some((r) => r.pending)) return rows.map((r) => this.insertPreparedSpan(r, texts));
    const inserts = rows.map(insertValues);
    const stored = this.bulk.insertAll(inserts.map((i) => i.values), rows.map((r) => [r.traceId, r.rowSpanId] as const));
    this.toolResults.add(carriersOf(rows.filter((_, i) => stored[i])));
    return rows.map((row, i) => {
      // A duplicate's references are never taken (insertRow takes them, then gives them back).
      if (!stored[i]) return 'duplicate';
      this.addReferences(row, texts);
      if (row.linkTargets) this.links.add(row.traceId, row.rowSpanId, row.linkTargets);
      this.spans++;
      this.rowBytes += inserts[i].bytes;
      onStored?.(row, inserts[i].bytes);
      return 'stored';
    });
  }

  private addReferences(row: SpanRowValues, texts: ReadonlyMap<string, string>): void {
    for (const hash of row.refs) {
      if (!texts.has(hash)) throw new Error(`prepared span ${row.spanId} references content ${hash} that was not sent with it`);
      this.content.hold(hash);
    }
  }

  private insertRow(row: SpanRowValues): SpanInsert {
    // A placeholder goes in its real span's place; the real span takes the place back.
    if (!row.pending && this.pendingRows > 0) this.removePlaceholder(row.traceId, row.spanId);
    const { values, bytes } = insertValues(row);
    this.sql.run(INSERT_SPAN, values);
    if (this.db.getRowsModified() === 0) {
      // Already stored (or, for a placeholder, its real span is): take back the references.
      this.content.release(row.refs);
      return row.pending ? 'superseded' : 'duplicate';
    }
    if (row.linkTargets) this.links.add(row.traceId, row.rowSpanId, row.linkTargets);
    if (row.toolResultIds) this.toolResults.add(carriersOf([row]));
    if (row.pending) this.pendingRows++;
    this.spans++;
    this.rowBytes += bytes;
    return 'stored';
  }

  /** Removes the pending placeholder a real span replaces (see pending-spans.ts), if there is one. */
  private removePlaceholder(traceId: string, spanId: string): void {
    const found = this.sql.get(DELETE_PLACEHOLDER, [traceId, spanId]);
    if (!found) return;
    const row = ROW_HOLDINGS.named(found);
    this.links.removeSpan(traceId, spanId);
    this.toolResults.forgetSpan(traceId, spanId);
    this.content.release(splitRefs(String(row.contentRefs)));
    this.rowBytes -= Number(row.bytes);
    this.spans--;
    this.pendingRows--;
  }

  /** Stores a log record, of a trace or (with a null trace id) of none. */
  insertLog(record: DecodedLogRecord): void {
    const refs: string[] = [];
    const detail = utf8(encodeLogDetail(record, this.content.writer(refs)));
    const bytes = detail.length + ROW_OVERHEAD;
    this.sql.run('INSERT INTO logs (trace_id, span_id, time_ms, detail, content_refs, bytes) VALUES (?, ?, ?, ?, ?, ?)', [
      record.traceId, record.spanId, record.timeUnixMs, detail, refs.join(' '), bytes,
    ]);
    this.logs++;
    if (record.traceId === null) {
      this.untracedLogs++;
      this.untracedHeld += bytes + refs.reduce((n, hash) => n + this.content.bytesOf(hash), 0);
    }
    this.rowBytes += bytes;
  }

  /** Deletes the `count` log records without a trace id received first; returns how many. */
  evictOldestUntracedLogs(count: number): number {
    const rows = this.sql.select(ROW_HOLDINGS.and(columns({ id: 'id' })), 'FROM logs WHERE trace_id IS NULL ORDER BY id LIMIT ?', [count]);
    if (rows.length === 0) return 0;
    for (const r of rows) {
      const refs = splitRefs(String(r.contentRefs));
      this.untracedHeld -= Number(r.bytes) + refs.reduce((n, hash) => n + this.content.bytesOf(hash), 0);
      this.content.release(refs);
      this.rowBytes -= Number(r.bytes);
    }
    this.sql.run('DELETE FROM logs WHERE trace_id IS NULL AND id <= ?', [Number(rows[rows.length - 1].id)]);
    if (this.untracedLogs === rows.length) this.untracedHeld = 0;
    this.logs -= rows.length;
    this.untracedLogs -= rows.length;
    return rows.length;
  }

  /** Deletes a trace's spans, logs and summary; returns the number of spans deleted. */
  deleteTrace(traceId: string): number {
    let spans = 0;
    for (const table of ['spans', 'logs'] as const) {
      const rows = table === 'spans'
        ? this.sql.select(SPAN_HOLDINGS, 'FROM spans WHERE trace_id = ?', [traceId])
        : this.sql.select(ROW_HOLDINGS, 'FROM logs WHERE trace_id = ?', [traceId]);
      for (const r of rows) {
        if ('pending' in r && r.pending === 1) this.pendingRows--;
        this.content.release(splitRefs(String(r.contentRefs)));
        this.rowBytes -= Number(r.bytes);
      }
      this.sql.run(`DELETE FROM ${table} WHERE trace_id = ?`, [traceId]);
      if (table === 'spans') {
        spans = rows.length;
        this.spans -= rows.length;
      } else {
        this.logs -= rows.length;
      }
    }
    this.sql.run('DELETE FROM traces WHERE trace_id = ?', [traceId]);
    deleteTraceCalls(this.sql, this.costs.rollup, traceId);
    this.costs.runs.remove(traceId);
    this.sql.run('DELETE FROM call_duplicates WHERE trace_id = ?', [traceId]);
    this.links.removeTrace(traceId);
    this.toolResults.removeTrace(traceId);
    return spans;
  }

  /** Retention evicts through the rows, so that counts and bytes follow. */
  readonly retentionTarget: RetentionTarget = {
    spanCount: () => this.spans,
    bytes: () => this.bytes,
    pageBytes: () => usedPageBytes(this.db),
    oldestTraces: (n) => this.sql.select(TRACE_ID, 'FROM traces ORDER BY start_ms LIMIT ?', [n]).map((r) => String(r.traceId)),
    evictTrace: (id) => this.deleteTrace(id),
    settle: () => this.content.flush(),
    compressWaiting: () => {
      if (!this.content.compressLater || !this.content.compaction.hasWaiting) return false;
      this.content.compaction.compressAll();
      return true;
    },
    checkpoint: () => this.db.run('COMMIT; BEGIN'),
  };

  /** Deletes every row, in one transaction; the caller recounts. */
  deleteAll(): void {
    this.db.run('BEGIN');
    this.db.run('DELETE FROM spans; DELETE FROM logs; DELETE FROM traces; DELETE FROM calls; DELETE FROM cost_rollup; DELETE FROM call_duplicates; DELETE FROM span_links; DELETE FROM tool_results; DELETE FROM content; DELETE FROM content_refs;');
    this.db.run('COMMIT');
    this.costs.rollup.forget();
    this.content.discard();
  }

  free(): void {
    this.bulk.free();
    this.toolResults.free();
    this.sql.free();
    this.content.free();
  }
}
