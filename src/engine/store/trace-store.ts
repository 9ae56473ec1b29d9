/**
 * The store: ingest of decoded spans and log records into sql.js, retention, change tracking and
 * snapshots. Runs inside the engine worker (never on the extension host's thread); every method is
 * synchronous. Its parts: the rows and their counts (stored-rows.ts, where duplicates and pending
 * placeholders are resolved), a batch's ingest (batch-ingest.ts), normalization of stored spans
 * (span-normalization.ts), change reports and tombstones (trace-changes.ts), opening, from a
 * snapshot too (store-database.ts), what retention removed (eviction-tally.ts). Reads live in
 * trace-queries.ts.
 */
import { callFingerprint } from '../semconv/duplicate-calls';
import type { Database, SqlJsStatic } from 'sql.js';
import type { DecodedLogRecord, DecodedSpan } from '../model';
import type { LinkingSpan, LinkTargetName, ListTracesQuery, SpanRow, TraceSummary } from '../../protocol/engine-api';
import type { NormalizedFields } from '../../protocol/trace-json';
import { normalizeSpan } from '../semconv';
import { ingestLogBatch, ingestPreparedSpanBatch, ingestSpanBatch, type IngestTarget, type LogBatchResult, type SpanBatchResult } from './batch-ingest';
import { columns } from './columns';
import type { ContentTable } from './content-table';
import type { PreparedStatements } from './prepared';
import { enforceRetention, type RetentionLimits } from './retention';
import { exportSnapshot } from './snapshot-copy';
import { snapshotFrames } from './snapshot-stream';
import type { PreparedSpans } from './span-row-values';
import { SpanNormalization } from './span-normalization';
import { databaseBytes, openStoreDatabase } from './store-database';
import { storageBreakdown, type TableBytes } from './storage-breakdown';
import { pageBreakdown, type PageUse } from './page-breakdown';
import { StoredRows } from './stored-rows';
import { readStoredLogs, readStoredSpans, readTraceLogs, readTraceLogsSteps, type StoredSpan, StoredSpanReader } from './stored-spans';
import type { Slices } from '../../analysis/sliced-work';
import { TraceChanges, type StoreChanges } from './trace-changes';
import { readSpanOrder, readSpanOrderMark, readSpanRows, readSpansArrivedAfter, type SpanInOrder, type SpanOrderMark } from './span-rows';
import { listTraceSummaries } from './trace-list';
import { nearbyTraceIds } from './nearby-traces';
import { recomputeTraceSummary, SUMMARY_COLUMNS, summaryFromRow, type ArrivedRows } from './trace-summary';
import { PriceTable } from '../../analysis/pricing/span-cost';
import type { UserPrices } from '../../analysis/pricing/user-prices';
import type { CostQuery, CostReport, WhatIfQuery, WhatIfResult } from '../../protocol/cost';
import { spanCostsPage, type SpanCosts } from './call-costs';
import { CallRowsMemo } from './call-rows-memo';
import { SummaryWrites } from './summary-writes';
import { SpanLookups, type ToolResultFacts } from './span-lookups';
import { costReport, markCostSpikes } from './cost-report';
import { whatIfCost } from './cost-what-if';
import { enforceUntracedLogRetention, readUntracedLog, readUntracedLogRows } from './untraced-logs';
import type { UntracedLogPage, UntracedLogQuery, UntracedLogRecord } from '../../protocol/untraced-logs';
import { inTransaction } from './transaction';
import type { StoreLog, StoreOptions } from './store-options';
import { EvictionTally } from './eviction-tally';

const TRACE_ID = columns({ traceId: 'trace_id' });

export type { StoreChanges } from './trace-changes';

export type { StoreLog, StoreOptions } from './store-options';

export class TraceStore {
  private readonly sql: PreparedStatements;
  private readonly content: ContentTable;
  private readonly rows: StoredRows;
  private readonly changes = new TraceChanges();
  /** What a batch's ingest works on. */
  private readonly batch: IngestTarget;
  private seq = 0;
  /** Prices every summary refresh uses (setPrices changes them and re-prices what is stored). */
  private prices = new PriceTable();
  /** What the summaries last read and wrote for big traces; forgotten wherever else those rows change. */
  private readonly callRows = new CallRowsMemo();
  private readonly evictions: EvictionTally;
  /** The summaries' `calls` and `traces` rows, written once per batch. */
  private readonly summaryWrites: SummaryWrites;

  private constructor(private readonly db: Database, private limits: RetentionLimits, private readonly log: StoreLog, normalizer?: typeof normalizeSpan,
    compressContentFrom?: number) {
    this.rows = new StoredRows(db, compressContentFrom);
    this.sql = this.rows.sql;
    this.content = this.rows.content;
    this.summaryWrites = new SummaryWrites(db);
    this.evictions = new EvictionTally(log, this.changes, this.callRows);
    this.batch = { rows: this.rows, changes: this.changes, normalization: new SpanNormalization(this.rows, log, normalizer ?? normalizeSpan) };
    this.recount();
  }

  static open(SQL: SqlJsStatic, options: StoreOptions): TraceStore {
    const store = openStoreDatabase(SQL, options.snapshot, (db) => new TraceStore(db, options.limits, options.log, options.normalize, options.compressContentFrom));
    store.content.compressLater = options.compressContentLater === true;
    if (options.maxWaitingContentBytes !== undefined) store.content.compaction.maxPendingBytes = options.maxWaitingContentBytes;
    return store;
  }

  private recount(): void {
    this.rows.recount();
    this.seq = Math.max(this.seq, Number(this.db.exec('SELECT coalesce(max(updated_seq), 0) FROM traces')[0]?.values[0]?.[0] ?? 0));
  }

  get spanCount(): number { return this.rows.spanCount; }
  get logCount(): number { return this.rows.logCount; }
  get untracedLogCount(): number { return this.rows.untracedLogCount; }
  /** Logical size: rows plus distinct content (what retention's maxBytes caps). */
  get bytes(): number { return this.rows.bytes; }
  get evictedTraces(): number { return this.evictions.traces; }
  get evictedSpans(): number { return this.evictions.spans; }
  get evictedUntracedLogs(): number { return this.evictions.untracedLogs; }

  setLimits(limits: RetentionLimits): void {
    this.limits = limits;
    this.transaction(() => undefined);
  }

  ingestSpans(spans: readonly DecodedSpan[]): SpanBatchResult {
    return this.ingestBatch((dirty) => ingestSpanBatch(this.batch, spans, dirty));
  }

  /** Spans decoded, normalized and encoded elsewhere (src/engine/prepare); the same outcome as ingestSpans. */
  ingestPreparedSpans(batch: PreparedSpans): SpanBatchResult {
    const arrived = new Map<string, ArrivedRows>();
    return this.ingestBatch((dirty) => ingestPreparedSpanBatch(this.batch, batch, dirty, arrived), arrived);
  }

  private ingestBatch(ingest: (dirty: Set<string>) => SpanBatchResult, arrived?: ReadonlyMap<string, ArrivedRows>): SpanBatchResult {
    let result: SpanBatchResult = { stored: 0, duplicates: 0, dropped: 0, superseded: 0 };
    this.transaction((dirty) => {
      result = ingest(dirty);
    }, arrived);
    const { duplicates, dropped } = result;
    if (duplicates > 0) this.log('debug', `Ignored ${duplicates} duplicate span(s) (same trace and span id; the first copy is kept)`);
    if (dropped > 0) this.evictions.droppedOnArrival(dropped);
    return result;
  }

  ingestLogs(records: readonly DecodedLogRecord[]): LogBatchResult {
    let result: LogBatchResult = { stored: 0, untraced: 0, dropped: 0 };
    this.transaction((dirty) => {
      result = ingestLogBatch(this.batch, records, dirty);
      // Their spans' rows were normalized again in place: the summaries read them afresh.
      for (const traceId of dirty) this.callRows.forget(traceId);
    });
    if (result.untraced > 0) this.changes.touchUntracedLogs();
    if (result.dropped > 0) this.log('debug', `Dropped ${result.dropped} log record(s) of trace(s) already evicted or deleted`);
    return result;
  }

  /** Log records without a trace id, newest first, with how many are stored and how many were dropped. */
  untracedLogs(query: UntracedLogQuery): UntracedLogPage {
    return { records: readUntracedLogRows(this.sql, this.content, query), total: this.rows.untracedLogCount, evicted: this.evictedUntracedLogs };
  }

  /** One log record without a trace id, in full; null when it is not stored. */
  untracedLog(id: number): UntracedLogRecord | null {
    return readUntracedLog(this.sql, this.content, id);
  }

  // Reads, named by what they return. Views assemble them in trace-queries.ts.

  /** One page of trace summaries, filtered, newest first, with the number that matched. */
  listTraces(query: ListTracesQuery): { traces: TraceSummary[]; total: number } {
    const page = listTraceSummaries(this.sql, query);
    markCostSpikes(this.rows.costs.runs, page.traces);
    return page;
  }

  traceSummary(traceId: string): TraceSummary | null {
    const row = this.sql.selectOne(SUMMARY_COLUMNS, 'FROM traces WHERE trace_id = ?', [traceId]);
    return row ? summaryFromRow(row) : null;
  }

  /** Ids of traces of the same service near this one in time, nearest first (nearby-traces.ts). */
  traceIdsNear(trace: TraceSummary): string[] {
    return nearbyTraceIds(this.sql, trace);
  }

  /** A trace's span rows (the tree's lines) in start order, from the row columns alone. */
  spanRowsOfTrace(traceId: string): SpanRow[] {
    return readSpanRows(this.sql, traceId);
  }

  /** A trace's spans in the span rows' order with only their kinds and times, cheaper than the rows. */
  spanOrderOfTrace(traceId: string): SpanInOrder[] {
    return readSpanOrder(this.sql, traceId);
  }

  /** What tells whether a trace's rows only grew since (span-order-cache.ts): counts and last ids. */
  spanOrderMark(traceId: string): SpanOrderMark {
    return readSpanOrderMark(this.sql, traceId);
  }

  /** A trace's spans stored after an arrival, in arrival order, with only what ordering needs. */
  spansArrivedAfter(traceId: string, arrival: number): Array<SpanInOrder & { arrival: number }> {
    return readSpansArrivedAfter(this.sql, traceId, arrival);
  }

  /** The stored span as it arrived; null when not stored. */
  spanAsArrived(traceId: string, spanId: string): StoredSpan | null {
    return readStoredSpans(this.sql, this.content, traceId, spanId)[0] ?? null;
  }

  /** A trace's stored spans as they arrived, in no particular order. */
  spansOfTraceAsArrived(traceId: string): StoredSpan[] {
    return readStoredSpans(this.sql, this.content, traceId);
  }

  /** A trace's stored spans a page of rows at a time, each decoded when asked (see stored-spans.ts). */
  storedSpanReader(traceId: string): StoredSpanReader {
    return new StoredSpanReader(this.sql, this.content, traceId);
  }

  /** The ids each link of a stored span names, in order; null when the span is not stored. */
  linkIdsOf(traceId: string, spanId: string): Array<{ traceId: string; spanId: string }> | null {
    return this.rows.links.linkIdsOf(traceId, spanId);
  }

  /** The stored span each link names, with its trace's name, in order; null for one not stored. */
  linkTargets(links: ReadonlyArray<{ traceId: string; spanId: string }>): Array<LinkTargetName | null> {
    return this.rows.links.targets(links);
  }

  /** Stored spans whose links name this span, in start order, a page at a time (span-link-index.ts). */
  spansLinkingTo(traceId: string, spanId: string, offset: number, limit: number): { spans: LinkingSpan[]; total: number } {
    return this.rows.links.linkedFrom(traceId, spanId, offset, limit);
  }

  /** The log records joined to one span, in time order. */
  logsOfSpan(traceId: string, spanId: string): DecodedLogRecord[] {
    return this.rows.tracedLogCount > 0 ? readStoredLogs(this.sql, this.content, traceId, spanId) : [];
  }

  /** The log records joined to each span of a trace (only spans that have some). */
  logsOfTraceBySpan(traceId: string): Map<string, DecodedLogRecord[]> {
    return this.rows.tracedLogCount > 0 ? readTraceLogs(this.sql, this.content, traceId) : new Map();
  }

  /** logsOfTraceBySpan a page at a time, pausing on `clock` (a sliced build). */
  *logsOfTraceBySpanSteps(traceId: string, clock: Slices): Generator<void, Map<string, DecodedLogRecord[]>> {
    return this.rows.tracedLogCount > 0 ? yield* readTraceLogsSteps(this.sql, this.content, traceId, clock) : new Map();
  }

  /** What a stored model call was asked (semconv/duplicate-calls.ts), from its full normalized fields. */
  private inputKeyOf(traceId: string, spanId: string): string | undefined {
    const stored = this.spanAsArrived(traceId, spanId);
    return stored ? callFingerprint(this.normalizedFields(stored.span, this.logsOfSpan(traceId, spanId))) : undefined;
  }

  /** The normalized fields of a stored span, derived from it and its log records (see span-record.ts). */
  normalizedFields(span: DecodedSpan, logs?: readonly DecodedLogRecord[]): NormalizedFields {
    return this.batch.normalization.fieldsOf(span, logs);
  }

  /** Texts of at least this many bytes in exports prepared now would be compressed when stored (ContentCompaction.packFrom). */
  get contentPackFrom(): number | null {
    return this.content.packFrom();
  }

  /** Whether content written uncompressed may wait to be compressed (compressContentLater). */
  get contentWaiting(): boolean {
    return this.content.compressLater && this.content.compaction.hasWaiting;
  }

  /**
   * Compresses up to `maxRows` content rows written uncompressed, in a transaction of their own
   * (idle time: the engine calls it a slice at a time); returns whether more wait.
   */
  compressWaitingContent(maxRows: number): boolean {
    if (!this.contentWaiting) return false;
    return inTransaction(this.db, () => this.content.compaction.compressSome(maxRows), () => this.content.compaction.rowsRemoved());
  }

  /** Distinct content rows and their bytes (what the content table holds once for many spans). */
  get contentCount(): number { return this.content.count; }
  get contentBytes(): number { return this.content.bytes; }

  /**
   * Runs one batch in a transaction; then refreshes touched summaries and applies retention.
   * `arrived`: the rows of traces that had none before the batch, as written (batch-ingest.ts).
   */
  private transaction(body: (dirty: Set<string>) => void, arrived?: ReadonlyMap<string, ArrivedRows>): void {
    const dirty = new Set<string>();
    const { evictedLogs, evicted } = inTransaction(this.db, () => {
      body(dirty);
      for (const traceId of dirty) {
        recomputeTraceSummary(this.sql, this.summaryWrites, this.prices, this.rows.costs, traceId, ++this.seq, this.rows.tracedLogCount > 0, (spanId) => this.inputKeyOf(traceId, spanId),
          this.callRows, arrived?.get(traceId));
      }
      this.summaryWrites.flush();
      this.content.flush();
      if (this.content.compressLater) this.content.compaction.keepBounded();
      const evictedLogs = this.rows.untracedLogCount > 0 ? enforceUntracedLogRetention(this.rows, this.limits) : 0;
      // Their content is released by reference count: settled before trace retention reads bytes.
      if (evictedLogs > 0) this.content.flush();
      return { evictedLogs, evicted: enforceRetention(this.rows.retentionTarget, this.limits) };
    }, () => {
      // What the memos and pending writes held of the rolled-back rows is dropped; counts are read again.
      this.callRows.clear();
      this.summaryWrites.discard();
      this.content.discard();
      this.recount();
    });
    this.changes.touch(dirty);
    this.evictions.record(evictedLogs, evicted, this.limits);
  }

  /**
   * Uses these user prices from now on. When they differ from the prices the stored costs were
   * computed with (recorded in `meta`, so a snapshot made with other prices is caught too), every
   * stored trace is re-priced from its stored tokens, provider and model: no re-ingest. Returns the
   * number of traces re-priced.
   */
  setPrices(userPrices: UserPrices): number {
    const table = new PriceTable(userPrices);
    this.prices = table;
    const stored = this.sql.get("SELECT value FROM meta WHERE key = 'price_version'")?.[0] ?? null;
    if (stored === table.version) return 0;
    const ids = this.sql.select(TRACE_ID, 'FROM traces').map((r) => String(r.traceId));
    this.transaction((dirty) => {
      for (const id of ids) dirty.add(id);
      this.sql.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('price_version', ?)", [table.version]);
    });
    if (ids.length > 0) this.log('info', `Prices changed: re-priced ${ids.length} stored trace(s)`);
    return ids.length;
  }

  /** The cost panel's report: SQL over the calls and traces tables. */
  costReport(query: CostQuery): CostReport {
    this.rows.costs.rollup.refresh(this.sql);
    return costReport(this.sql, this.rows.costs.runs, query);
  }

  /** Bench baseline: one scan of every stored detail for links, the least a store without the link index reads. */
  scanLinkDetailsForBenchmark(): number {
    return this.sql.number(`SELECT count(*) FROM spans WHERE instr(detail, CAST('"l":[' AS BLOB)) > 0`);
  }

  /** The cost benchmark's baseline: one plain scan of the spans table. */
  scanSpanTokensForBenchmark(): number {
    return this.sql.number('SELECT coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0) FROM spans');
  }

  whatIfCost(query: WhatIfQuery): WhatIfResult {
    return whatIfCost(this.sql, this.prices, query);
  }

  /** Indexed reads about the spans around one span of a trace (span-lookups.ts). */
  spanLookups(traceId: string, factsCache?: Map<string, ToolResultFacts>): SpanLookups {
    return new SpanLookups(this.sql, traceId, factsCache);
  }

  /**
   * Whether every stored span has its read indexes (tool-call keys, duplicate calls): false for a
   * snapshot written before they existed, whose spans are then read with their whole trace.
   */
  get readIndexed(): boolean {
    return this.sql.get("SELECT 1 FROM meta WHERE key = 'read_index' AND value = '1'") !== null;
  }

  /** The priced costs of a trace a page of spans at a time (see call-costs.ts): the last span id read, null once all were. */
  spanCostsPage(traceId: string, after: string | null, limit: number, into: SpanCosts): string | null {
    return spanCostsPage(this.sql, traceId, after, limit, into);
  }

  deleteTrace(traceId: string): boolean {
    let deleted = false;
    this.transaction(() => {
      deleted = this.sql.number('SELECT count(*) FROM traces WHERE trace_id = ?', [traceId]) > 0;
      this.rows.deleteTrace(traceId);
      this.callRows.forget(traceId);
      this.content.flush();
    });
    if (deleted) this.changes.remove(traceId);
    return deleted;
  }

  /** Empties the store; traces arriving afterwards start afresh, including ones evicted before. */
  clear(): void {
    this.changes.forgetTombstones();
    const ids = this.sql.select(TRACE_ID, 'FROM traces').map((r) => String(r.traceId));
    if (this.rows.untracedLogCount > 0) this.changes.touchUntracedLogs();
    this.rows.deleteAll();
    this.callRows.clear();
    this.recount();
    this.changes.removeAll(ids);
  }

  /** The traces changed and removed since the last call, or null when nothing changed. */
  takeChanges(): StoreChanges | null {
    return this.changes.take();
  }

  databaseBytes(): number {
    return databaseBytes(this.db);
  }

  /** Rows and value bytes per table (the agent benchmark's breakdown; see storage-breakdown.ts). */
  storageBreakdown(): TableBytes[] {
    return storageBreakdown(this.db);
  }

  /** Pages per table and per index (page-breakdown.ts: copies each table, so it costs heap). */
  pageBreakdown(): PageUse[] {
    return pageBreakdown(this.db);
  }

  traceCount(): number {
    return this.sql.number('SELECT count(*) FROM traces');
  }

  /** The whole database as SQLite file bytes, held twice in the heap meanwhile (tests; `snapshotFrames` is what is saved). */
  export(): Uint8Array {
    // The snapshot holds the rollup up to date (the minutes still to recompute are not saved).
    this.rows.costs.rollup.refresh(this.sql);
    return exportSnapshot(this.db);
  }

  /**
   * The store as a streamed snapshot's frames, each `next()` one slice of work (snapshot-stream.ts):
   * what the engine saves. The file holds the store as it was when the last frame was produced.
   */
  snapshotFrames(): Generator<Buffer, void> {
    // Not the cost rollup: bringing it up to date can take seconds in one block (every minute
    // after a bulk load), and a store opened with calls but no rollup rebuilds it on the first report.
    return snapshotFrames(this.db, { withoutRows: ['cost_rollup'] });
  }

  close(): void {
    this.summaryWrites.free();
    this.rows.free();
    this.db.close();
  }
}
