/**
 * The store: ingest of decoded spans and log records into sql.js, retention, change tracking and
 * snapshots. Reads live in trace-queries.ts. Runs inside the engine worker (never on the extension
 * host's thread); every method is synchronous.
 *
 * Duplicates: the first copy of a (trace id, span id) wins. A duplicate is almost always a retried
 * export of the same bytes (the exporter timed out waiting for our answer), so keeping the first
 * copy loses nothing; `INSERT OR IGNORE` detects it without an extra lookup per span (the common
 * case), and a stored span's content references never change under a retry.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { DecodedLogRecord, DecodedSpan } from '../model';
import type { EngineLogLevel } from '../../protocol/engine-api';
import type { NormalizedFields } from '../../protocol/trace-json';
import { normalizeSpan } from '../semconv';
import { ContentTable } from './content-table';
import { PreparedStatements, utf8 } from './prepared';
import { enforceRetention, type RetentionLimits } from './retention';
import { MEM, schemaSql, SCHEMA_VERSION } from './schema';
import { exportSnapshot, moveSnapshotIntoMemory } from './snapshot-copy';
import { encodeLogDetail, encodeSpanDetail, serviceOf } from './span-record';
import { DELETE_PLACEHOLDER, INSERT_SPAN, normalizedColumns, UPDATE_NORMALIZED } from './span-columns';
import { placeholderKey } from './pending-spans';
import { readStoredLogs, readStoredSpans, readTraceLogs, type StoredSpan } from './stored-spans';
import { recomputeTraceSummary } from './trace-summary';

export type StoreLog = (level: EngineLogLevel, message: string) => void;

export interface StoreOptions {
  limits: RetentionLimits;
  log: StoreLog;
  /** A snapshot (db.export() bytes) to start from. */
  snapshot?: Uint8Array;
  /** The normalizer; tests substitute their own to observe what the store passes it. */
  normalize?: typeof normalizeSpan;
}

export interface StoreChanges {
  traceIds: string[];
  evictedTraceIds: string[];
}

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

const MAX_TOMBSTONES = 10_000;

/** Approximate per-row overhead (ids, numbers, index entries) added to the detail's length. */
const ROW_OVERHEAD = 160;

function splitRefs(refs: string): string[] {
  return refs === '' ? [] : refs.split(' ');
}

export class TraceStore {
  readonly sql: PreparedStatements;
  readonly content: ContentTable;
  private seq = 0;
  private spans = 0;
  private logs = 0;
  private rowBytes = 0;
  /** Pending placeholders stored; while 0, a real span has none to replace and skips the lookup. */
  private pendingRows = 0;
  private readonly touched = new Set<string>();
  private readonly evicted = new Set<string>();
  /**
   * Traces evicted by retention (or deleted), most recent last, bounded. Spans that still arrive
   * for them are dropped, visibly: otherwise a trace evicted while it arrives (one larger than the
   * caps, or a long run) would start again from its later spans and be shown cut, as if whole.
   */
  private readonly tombstones = new Set<string>();
  evictedTraces = 0;
  evictedSpans = 0;

  private readonly normalizer: typeof normalizeSpan;

  private constructor(private readonly db: Database, private limits: RetentionLimits, private readonly log: StoreLog, normalizer?: typeof normalizeSpan) {
    this.normalizer = normalizer ?? normalizeSpan;
    this.sql = new PreparedStatements(db);
    this.content = new ContentTable(db);
    this.recount();
  }

  static open(SQL: SqlJsStatic, options: StoreOptions): TraceStore {
    const db = options.snapshot ? new SQL.Database(options.snapshot) : new SQL.Database();
    try {
      if (options.snapshot) {
        const version = TraceStore.snapshotVersion(db);
        if (version === null) throw new Error('not a Tracelight snapshot (no schema version)');
        if (version !== SCHEMA_VERSION) throw new Error(`the snapshot has schema version ${version}, this version reads ${SCHEMA_VERSION}`);
      }
      db.run(CONNECTION_PRAGMAS);
      db.run(`ATTACH ':memory:' AS ${MEM}`);
      db.run(schemaSql(MEM));
      if (options.snapshot) moveSnapshotIntoMemory(db);
      db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', ['schema', String(SCHEMA_VERSION)]);
      return new TraceStore(db, options.limits, options.log, options.normalize);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private static snapshotVersion(db: Database): number | null {
    if (db.exec("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'meta'").length === 0) return null;
    const row = db.exec("SELECT value FROM main.meta WHERE key = 'schema'")[0]?.values[0];
    return row ? Number(row[0]) : null;
  }

  private recount(): void {
    const one = (q: string): number => Number(this.db.exec(q)[0]?.values[0]?.[0] ?? 0);
    this.spans = one('SELECT count(*) FROM spans');
    this.pendingRows = one('SELECT count(*) FROM spans WHERE pending = 1');
    this.logs = one('SELECT count(*) FROM logs');
    this.rowBytes = one('SELECT coalesce(sum(bytes), 0) FROM spans') + one('SELECT coalesce(sum(bytes), 0) FROM logs');
    this.seq = Math.max(this.seq, one('SELECT coalesce(max(updated_seq), 0) FROM traces'));
    this.content.recount();
  }

  get spanCount(): number { return this.spans; }
  get logCount(): number { return this.logs; }
  /** Logical size: rows plus distinct content (what retention's maxBytes caps). */
  get bytes(): number { return this.rowBytes + this.content.bytes; }

  setLimits(limits: RetentionLimits): void {
    this.limits = limits;
    this.transaction(() => undefined);
  }

  ingestSpans(spans: readonly DecodedSpan[]): { stored: number; duplicates: number; dropped: number; superseded: number } {
    let stored = 0;
    let duplicates = 0;
    let dropped = 0;
    let superseded = 0;
    this.transaction((dirty) => {
      for (const span of spans) {
        if (this.tombstones.has(span.traceId)) {
          dropped++;
          continue;
        }
        const logs = this.logs > 0 ? this.logsOf(span.traceId, span.spanId) : [];
        const fields = this.normalize(span, logs);
        const pending = fields.pending === true;
        // A placeholder goes in its real span's place; the real span takes the place back.
        const key = pending ? placeholderKey(span) : span;
        if (!pending && this.pendingRows > 0) this.removePlaceholder(span.traceId, span.spanId);
        const refs: string[] = [];
        const detail = utf8(encodeSpanDetail(span, this.content.writer(refs)));
        const bytes = detail.length + span.name.length + ROW_OVERHEAD;
        // Malformed telemetry: an end before the start (unfinished span, skewed clock) would draw
        // backwards; the row clamps the duration to 0 and the detail keeps the end as sent.
        const duration = Math.max(0, span.endTimeUnixMs - span.startTimeUnixMs);
        // Malformed telemetry: a span that names itself as its parent would make the trace a cycle
        // instead of a tree; it is stored (and shown, and exported) as a root.
        const parentSpanId = key.parentSpanId === key.spanId ? null : key.parentSpanId;
        this.sql.run(INSERT_SPAN, [
          span.traceId, key.spanId, parentSpanId, span.name, fields.kind ?? 'other', span.status.code,
          span.status.message ?? null, span.startTimeUnixMs, duration, serviceOf(span.resource),
          ...normalizedColumns(fields).slice(1), detail, refs.join(' '), bytes, pending ? 1 : 0,
        ]);
        if (this.db.getRowsModified() === 0) {
          // Already stored (or, for a placeholder, its real span is): take back the references.
          this.content.release(refs);
          if (pending) superseded++;
          else duplicates++;
          continue;
        }
        if (pending) this.pendingRows++;
        this.spans++;
        this.rowBytes += bytes;
        stored++;
        dirty.add(span.traceId);
      }
    });
    if (duplicates > 0) this.log('debug', `Ignored ${duplicates} duplicate span(s) (same trace and span id; the first copy is kept)`);
    if (dropped > 0) {
      this.evictedSpans += dropped;
      this.log('warn', `Dropped ${dropped} span(s) of trace(s) already evicted or deleted (a trace larger than the ` +
        'retention caps, or one still arriving when it was evicted); raise tracelight.retention.maxSpans / maxMegabytes to keep them');
    }
    return { stored, duplicates, dropped, superseded };
  }

  /** Removes the pending placeholder a real span replaces (see pending-spans.ts), if there is one. */
  private removePlaceholder(traceId: string, spanId: string): void {
    const row = this.sql.get(DELETE_PLACEHOLDER, [traceId, spanId]);
    if (!row) return;
    this.content.release(splitRefs(String(row[0])));
    this.rowBytes -= Number(row[1]);
    this.spans--;
    this.pendingRows--;
  }

  ingestLogs(records: readonly DecodedLogRecord[]): { stored: number; uncorrelated: number } {
    let stored = 0;
    let uncorrelated = 0;
    this.transaction((dirty) => {
      const spansWithNewLogs = new Map<string, [string, string]>();
      for (const record of records) {
        // A log record without a trace id belongs to no trace: no view could show it. One of an
        // evicted trace would wait for spans that are dropped.
        if (!record.traceId || this.tombstones.has(record.traceId)) {
          uncorrelated++;
          continue;
        }
        const refs: string[] = [];
        const detail = utf8(encodeLogDetail(record, this.content.writer(refs)));
        const bytes = detail.length + ROW_OVERHEAD;
        this.sql.run('INSERT INTO logs (trace_id, span_id, time_ms, detail, content_refs, bytes) VALUES (?, ?, ?, ?, ?, ?)', [
          record.traceId, record.spanId, record.timeUnixMs, detail, refs.join(' '), bytes,
        ]);
        this.logs++;
        this.rowBytes += bytes;
        stored++;
        if (record.spanId) spansWithNewLogs.set(`${record.traceId}/${record.spanId}`, [record.traceId, record.spanId]);
      }
      // Logs that arrive after their span: normalize the span again, now with its logs.
      for (const [traceId, spanId] of spansWithNewLogs.values()) {
        if (this.renormalize(traceId, spanId)) dirty.add(traceId);
      }
    });
    if (uncorrelated > 0) this.log('debug', `Ignored ${uncorrelated} log record(s) without a trace id`);
    return { stored, uncorrelated };
  }

  private normalize(span: DecodedSpan, logs: readonly DecodedLogRecord[]): NormalizedFields {
    try {
      return this.normalizer(span, logs);
    } catch (error) {
      // A normalizer bug must not lose the span: keep it raw, say so.
      this.log('warn', `Could not normalize span ${span.spanId} (${span.name}): ${(error as Error).message}`);
      return { kind: 'other' };
    }
  }

  /** The stored span as it arrived; null when not stored. */
  loadSpan(traceId: string, spanId: string): StoredSpan | null {
    return this.loadSpans(traceId, spanId)[0] ?? null;
  }

  /** A trace's stored spans (or one of them) as they arrived, in no particular order. */
  loadSpans(traceId: string, spanId?: string): StoredSpan[] {
    return readStoredSpans(this.sql, this.content, traceId, spanId);
  }

  logsOf(traceId: string, spanId: string): DecodedLogRecord[] {
    return readStoredLogs(this.sql, this.content, traceId, spanId);
  }

  /** The log records joined to each span of a trace (only spans that have some). */
  logsOfTrace(traceId: string): Map<string, DecodedLogRecord[]> {
    return this.logs > 0 ? readTraceLogs(this.sql, this.content, traceId) : new Map();
  }

  /** The normalized fields of a stored span, derived from it and its log records (see span-record.ts). */
  normalizedFields(span: DecodedSpan, logs?: readonly DecodedLogRecord[]): NormalizedFields {
    return this.normalize(span, logs ?? (this.logs > 0 ? this.logsOf(span.traceId, span.spanId) : []));
  }

  /** Log records arrived for a stored span: its row columns are derived again, with the logs. */
  private renormalize(traceId: string, spanId: string): boolean {
    const stored = this.loadSpan(traceId, spanId);
    if (!stored) return false;
    this.sql.run(UPDATE_NORMALIZED, [...normalizedColumns(this.normalizedFields(stored.span)), traceId, spanId]);
    return true;
  }

  /** Runs one batch in a transaction; then refreshes touched summaries and applies retention. */
  private transaction(body: (dirty: Set<string>) => void): void {
    const dirty = new Set<string>();
    this.db.run('BEGIN');
    try {
      body(dirty);
      for (const traceId of dirty) recomputeTraceSummary(this.sql, traceId, ++this.seq, this.logs > 0);
      this.content.flush();
      const evicted = enforceRetention(
        {
          spanCount: () => this.spans,
          bytes: () => this.bytes,
          oldestTraces: (n) => this.sql.all('SELECT trace_id FROM traces ORDER BY start_ms LIMIT ?', [n]).map((r) => String(r[0])),
          evictTrace: (id) => this.deleteTraceRows(id),
          settle: () => this.content.flush(),
        },
        this.limits,
      );
      this.db.run('COMMIT');
      for (const id of dirty) this.touched.add(id);
      if (evicted.traceIds.length > 0) {
        this.evictedTraces += evicted.traceIds.length;
        this.evictedSpans += evicted.spans;
        for (const id of evicted.traceIds) {
          this.touched.delete(id);
          this.evicted.add(id);
          this.bury(id);
        }
        this.log('info', `Retention: evicted the ${evicted.traceIds.length} oldest trace(s) (${evicted.spans} spans) ` +
          `to stay under ${this.limits.maxSpans} spans / ${this.limits.maxBytes} bytes`);
      }
    } catch (error) {
      this.db.run('ROLLBACK');
      this.content.discard();
      this.recount();
      throw error;
    }
  }

  /** Deletes a trace's spans, logs and summary; returns the number of spans deleted. */
  private deleteTraceRows(traceId: string): number {
    let spans = 0;
    for (const table of ['spans', 'logs'] as const) {
      const rows = this.sql.all(`SELECT content_refs, bytes${table === 'spans' ? ', pending' : ''} FROM ${table} WHERE trace_id = ?`, [traceId]);
      for (const r of rows) {
        if (r[2] === 1) this.pendingRows--;
        this.content.release(splitRefs(String(r[0])));
        this.rowBytes -= Number(r[1]);
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
    return spans;
  }

  deleteTrace(traceId: string): boolean {
    let deleted = false;
    this.transaction(() => {
      deleted = this.sql.get('SELECT 1 FROM traces WHERE trace_id = ?', [traceId]) !== null;
      this.deleteTraceRows(traceId);
      this.content.flush();
    });
    if (deleted) {
      this.touched.delete(traceId);
      this.evicted.add(traceId);
      this.bury(traceId);
    }
    return deleted;
  }

  private bury(traceId: string): void {
    this.tombstones.delete(traceId);
    this.tombstones.add(traceId);
    // Bounded: the oldest tombstone goes first (Sets iterate in insertion order).
    if (this.tombstones.size > MAX_TOMBSTONES) this.tombstones.delete(this.tombstones.values().next().value as string);
  }

  /** Empties the store; traces arriving afterwards start afresh, including ones evicted before. */
  clear(): void {
    this.tombstones.clear();
    const ids = this.sql.all('SELECT trace_id FROM traces').map((r) => String(r[0]));
    this.db.run('BEGIN');
    this.db.run('DELETE FROM spans; DELETE FROM logs; DELETE FROM traces; DELETE FROM content; DELETE FROM content_refs;');
    this.db.run('COMMIT');
    this.content.discard();
    this.recount();
    this.touched.clear();
    for (const id of ids) this.evicted.add(id);
  }

  /** The traces changed and removed since the last call, or null when nothing changed. */
  takeChanges(): StoreChanges | null {
    if (this.touched.size === 0 && this.evicted.size === 0) return null;
    const changes = { traceIds: [...this.touched], evictedTraceIds: [...this.evicted] };
    this.touched.clear();
    this.evicted.clear();
    return changes;
  }

  databaseBytes(): number {
    const pages = Number(this.db.exec(`PRAGMA ${MEM}.page_count`)[0]?.values[0]?.[0] ?? 0);
    const size = Number(this.db.exec(`PRAGMA ${MEM}.page_size`)[0]?.values[0]?.[0] ?? 0);
    return pages * size;
  }

  traceCount(): number {
    return Number(this.sql.get('SELECT count(*) FROM traces')?.[0] ?? 0);
  }

  /** The whole database as SQLite file bytes (for snapshots). */
  export(): Uint8Array {
    return exportSnapshot(this.db);
  }

  close(): void {
    this.sql.free();
    this.content.free();
    this.db.close();
  }
}
