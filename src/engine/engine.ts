/**
 * The engine in one object: store, queries, receiver, change events, imports and snapshots. The
 * worker (worker.ts) hosts one for the extension; the CLI and tests create one in-process. No
 * `vscode` here.
 */
import type { SqlJsStatic } from 'sql.js';
import type { DecodedLogRecord, DecodedSpan } from './model';
import type { IngestSink, RequestRecord, TraceQuerySource } from './ingest';
import type {
  EngineConfig, EngineEvent, EngineLogLevel, EngineStats, ImportFileResult, ListTracesQuery, ReceiverState, TraceSummary,
} from '../protocol/engine-api';
import type { SpanLinksDocument, TraceJsonDocument } from '../protocol/trace-json';
import type { UntracedLogPage, UntracedLogQuery, UntracedLogRecord } from '../protocol/untraced-logs';
import { readOtlpFile } from './import/otlp-file';
import { InProcessPreparer, type Preparer } from './prepare/preparer';
import { SnapshotAutosave } from './snapshot-autosave';
import { startReceiver, type Receiver } from './receiver';
import type { PreparedSpans } from './store/span-row-values';
import { exportTraceOtlpJson } from './store/otlp-export';
import { openSnapshot, setAsideSnapshot, writeSnapshotFrames } from './store/snapshot-file';
import { loadSqlJs } from './store/sql-loader';
import { TraceQueries } from './store/trace-queries';
import { nextTurn } from './store/sliced';
import { DEFAULT_PREBUILD_LIMITS, IdlePrebuilder, type PrebuildLimits } from './store/idle-prebuild';
import { IdleCompaction } from './store/idle-compaction';
import { TraceStore } from './store/trace-store';
import { PromptLinkService } from './prompt-links/prompt-link-service';

export interface EngineOptions {
  config: EngineConfig;
  /** Receives `changed`, `receiver` and `log` events. */
  emit: (event: EngineEvent) => void;
  SQL?: SqlJsStatic;
  /**
   * Prepares received traces for the store (decode, normalize, encode). The engine worker passes
   * one that runs on a helper thread; by default it runs in-process.
   */
  preparer?: (log: (level: EngineLogLevel, message: string) => void) => Preparer;
  /** When to build recently arrived big traces ahead of their first read (see idle-prebuild.ts); null: never. Default: from the config. */
  prebuild?: PrebuildLimits | null;
  /** How long ingest must be quiet before stored content is compressed (see idle-compaction.ts). */
  compactQuietMs?: number;
}

/** Content is compressed after half a second without new telemetry (content-compaction.ts). */
const COMPACT_QUIET_MS = 500;

/** The first few messages, and how many more: a file with a million bad lines must not flood the log. */
function summarize(messages: string[]): string {
  const shown = messages.slice(0, 5).join('; ');
  return messages.length > 5 ? `${shown}; and ${messages.length - 5} more` : shown;
}

const STOPPED: ReceiverState = { running: false, http: null, grpc: null };

export class Engine implements IngestSink, TraceQuerySource {
  readonly queries: TraceQueries;
  readonly promptLinks: PromptLinkService;
  private receiver: Receiver | null = null;
  private receiverState: ReceiverState = { ...STOPPED };
  private changeTimer: NodeJS.Timeout | null = null;
  private readonly counters = { http: 0, grpc: 0, failed: 0, rejectedSpans: 0, rejectedLogs: 0, metricsRequests: 0 };

  private readonly preparer: Preparer;
  /** Changes to the store so far, and when the last one happened (for autosave). */
  private changes = 0;
  private lastChangeAt = -Infinity;
  private readonly autosave: SnapshotAutosave;
  /** The snapshot being written, if any (saves run one after another). */
  private snapshotSaving: Promise<unknown> = Promise.resolve();
  private readonly prebuild: IdlePrebuilder | null;
  private readonly compaction: IdleCompaction;

  private constructor(readonly store: TraceStore, private config: EngineConfig, private readonly emit: (event: EngineEvent) => void, preparer?: EngineOptions['preparer'], prebuild: PrebuildLimits | null = DEFAULT_PREBUILD_LIMITS,
    compactQuietMs = COMPACT_QUIET_MS) {
    this.queries = new TraceQueries(store);
    this.compaction = new IdleCompaction({
      changeCount: () => this.changes,
      compressSome: (maxRows) => this.store.compressWaitingContent(maxRows),
      failed: (error) => this.log('warn', `Could not compress stored content (it stays as it is): ${(error as Error).message}`),
    }, compactQuietMs);
    // A snapshot may hold content saved before it was compressed.
    if (store.contentWaiting) this.compaction.changed();
    this.prebuild = prebuild && new IdlePrebuilder({
      changeCount: () => this.changes,
      spanCount: (traceId) => this.queries.getTraceSummary(traceId)?.spanCount ?? null,
      build: (traceId, pause) => this.queries.prebuild(traceId, pause),
    }, prebuild);
    this.promptLinks = new PromptLinkService(this.queries);
    this.preparer = preparer?.((level, message) => this.log(level, message)) ?? new InProcessPreparer();
    this.preparer.packContentWith?.(() => this.store.contentPackFrom);
    this.autosave = new SnapshotAutosave({
      changeCount: () => this.changes,
      msSinceLastIngest: () => Date.now() - this.lastChangeAt,
      save: async () => {
        const saved = await this.saveSnapshot();
        if (saved.path) this.log('debug', `Autosave: ${saved.bytes} bytes written to ${saved.path}`);
      },
      log: (level, message) => this.log(level, message),
    }, this.autosaveInterval());
  }

  /** Autosave runs only where snapshots are kept. */
  private autosaveInterval(): number {
    return this.config.snapshotPath ? this.config.autosaveMs : 0;
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const SQL = options.SQL ?? (await loadSqlJs());
    const log = (level: EngineLogLevel, message: string) => options.emit({ kind: 'event', type: 'log', level, message });
    const limits = { maxSpans: options.config.maxSpans, maxBytes: options.config.maxBytes };
    let store: TraceStore | null = null;
    const snapshotPath = options.config.snapshotPath;
    if (snapshotPath) {
      try {
        const snapshot = await openSnapshot(snapshotPath);
        try {
          if (snapshot) store = TraceStore.open(SQL, { limits, log, snapshot, compressContentLater: true });
        } finally {
          if (snapshot && !(snapshot instanceof Uint8Array)) snapshot.close();
        }
        if (store) log('info', `Loaded ${store.spanCount} spans from the snapshot ${snapshotPath}`);
      } catch (error) {
        // A damaged or foreign file must not stop the engine, nor be overwritten by the next save.
        const aside = await setAsideSnapshot(snapshotPath).then((kept) => `; the file is kept as ${kept}`, () => '');
        log('warn', `Could not load the snapshot ${snapshotPath} (${(error as Error).message}); starting empty${aside}`);
      }
    }
    store ??= TraceStore.open(SQL, { limits, log, compressContentLater: true });
    // Before anything is read: a snapshot priced with other prices is re-priced here.
    store.setPrices(options.config.prices);
    const quietMs = options.config.prebuildQuietMs ?? DEFAULT_PREBUILD_LIMITS.quietMs;
    const prebuild = options.prebuild !== undefined ? options.prebuild : quietMs > 0 ? { ...DEFAULT_PREBUILD_LIMITS, quietMs } : null;
    return new Engine(store, options.config, options.emit, options.preparer, prebuild, options.compactQuietMs);
  }

  log(level: EngineLogLevel, message: string): void {
    this.emit({ kind: 'event', type: 'log', level, message });
  }

  // ---- IngestSink (called by the receiver) ----

  ingestSpans(spans: DecodedSpan[]): void {
    if (spans.length === 0) return;
    this.store.ingestSpans(spans);
    this.scheduleChanged();
  }

  /** Spans prepared by the preparer (see src/engine/prepare). */
  ingestPreparedSpans(batch: PreparedSpans): void {
    if (batch.spans.length === 0) return;
    this.store.ingestPreparedSpans(batch);
    this.scheduleChanged();
  }

  ingestLogs(logs: DecodedLogRecord[]): void {
    if (logs.length === 0) return;
    this.store.ingestLogs(logs);
    this.scheduleChanged();
  }

  recordRequest(record: RequestRecord): void {
    if (record.transport === 'http') this.counters.http++;
    if (record.transport === 'grpc') this.counters.grpc++;
    if (!record.ok) this.counters.failed++;
    if (record.signal === 'traces') this.counters.rejectedSpans += record.rejected;
    if (record.signal === 'logs') this.counters.rejectedLogs += record.rejected;
    if (record.signal === 'metrics') this.counters.metricsRequests++;
    // The receiver logs failed and partly rejected requests itself.
  }

  // ---- TraceQuerySource (the receiver's read-only HTTP API) ----

  listTraces(query: ListTracesQuery): { traces: TraceSummary[]; total: number } {
    return this.queries.listTraces(query);
  }

  getTraceJson(traceIds: string[]): TraceJsonDocument {
    return this.queries.getTraceJson(traceIds);
  }

  readTraceJsonBytes(traceIds: string[]): Promise<Uint8Array> {
    return this.queries.getTraceJsonBytesInSlices(traceIds, nextTurn);
  }

  getSpanLinks(traceId: string, spanId: string, offset: number, limit: number): SpanLinksDocument | null {
    return this.queries.getSpanLinksDocument(traceId, spanId, offset, limit);
  }

  listUntracedLogs(query: UntracedLogQuery): UntracedLogPage {
    return this.store.untracedLogs(query);
  }

  getUntracedLog(id: number): UntracedLogRecord | null {
    return this.store.untracedLog(id);
  }

  // ---- changes ----

  /**
   * One `changed` event per debounce window: the first change starts the timer and later ones join
   * it, so a continuous stream still produces an event every `changeDebounceMs` (a pure debounce
   * that restarts on every change would stay silent while spans keep arriving).
   */
  private scheduleChanged(): void {
    this.changes++;
    this.lastChangeAt = Date.now();
    this.compaction.changed();
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => this.flushChanged(), this.config.changeDebounceMs);
  }

  flushChanged(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = null;
    const changes = this.store.takeChanges();
    // Evicted traces are never read again: their cached spans go now, not when the cache fills.
    for (const id of changes?.evictedTraceIds ?? []) {
      this.queries.cache.forget(id);
      this.queries.texts.forget(id);
    }
    if (changes) this.promptLinks.tracesChanged();
    if (changes) this.prebuild?.tracesChanged(changes.traceIds);
    if (changes) this.emit({ kind: 'event', type: 'changed', ...changes, stats: this.stats() });
  }

  deleteTrace(traceId: string): { deleted: boolean } {
    const deleted = this.store.deleteTrace(traceId);
    this.queries.cache.forget(traceId);
    this.queries.texts.forget(traceId);
    this.scheduleChanged();
    return { deleted };
  }

  clear(): void {
    this.store.clear();
    this.queries.cache.clear();
    this.queries.texts.clear();
    this.scheduleChanged();
  }

  stats(): EngineStats {
    const { http, grpc, failed, rejectedSpans, rejectedLogs, metricsRequests } = this.counters;
    return {
      traceCount: this.store.traceCount(),
      spanCount: this.store.spanCount,
      logCount: this.store.logCount,
      untracedLogCount: this.store.untracedLogCount,
      evictedUntracedLogs: this.store.evictedUntracedLogs,
      databaseBytes: this.store.databaseBytes(),
      contentCount: this.store.contentCount,
      contentBytes: this.store.contentBytes,
      evictedTraces: this.store.evictedTraces,
      evictedSpans: this.store.evictedSpans,
      requests: { http, grpc, failed },
      rejectedSpans,
      rejectedLogs,
      metricsRequests,
      receiver: { ...this.receiverState },
      readCaches: {
        textBytes: this.queries.texts.bytes,
        spanBytes: this.queries.cache.bytes,
        prebuild: { ...(this.prebuild?.stats ?? { built: 0, cancelled: 0, tooBig: 0, overBudget: 0, spans: 0, busyMs: 0, longestSliceMs: 0 }) },
      },
    };
  }

  // ---- receiver ----

  get receiverStatus(): ReceiverState {
    return { ...this.receiverState };
  }

  async startReceiver(): Promise<ReceiverState> {
    if (this.receiver) return this.receiverStatus;
    const prepared = { preparer: this.preparer, ingestPreparedSpans: (batch: PreparedSpans) => this.ingestPreparedSpans(batch) };
    const receiver = await startReceiver({ config: this.config, sink: this, prepared, query: this, log: (level, message) => this.log(level, message) });
    if (receiver.state.running) this.receiver = receiver;
    else await receiver.close();
    this.receiverState = { ...receiver.state };
    this.emit({ kind: 'event', type: 'receiver', state: this.receiverStatus });
    return this.receiverStatus;
  }

  async stopReceiver(): Promise<ReceiverState> {
    const receiver = this.receiver;
    this.receiver = null;
    if (receiver) await receiver.close();
    const wasRunning = this.receiverState.running;
    this.receiverState = { ...STOPPED };
    if (wasRunning) this.emit({ kind: 'event', type: 'receiver', state: this.receiverStatus });
    return this.receiverStatus;
  }

  /** Applies changed settings; restarts the receiver when its address or limits changed. */
  async configure(changes: Partial<EngineConfig>): Promise<ReceiverState> {
    const before = this.config;
    this.config = { ...before, ...changes };
    if (this.config.maxSpans !== before.maxSpans || this.config.maxBytes !== before.maxBytes) {
      this.store.setLimits({ maxSpans: this.config.maxSpans, maxBytes: this.config.maxBytes });
      this.scheduleChanged();
    }
    if (this.config.autosaveMs !== before.autosaveMs || this.config.snapshotPath !== before.snapshotPath) this.autosave.setInterval(this.autosaveInterval());
    if (changes.prices !== undefined && this.store.setPrices(this.config.prices) > 0) this.scheduleChanged();
    const receiverKeys = ['host', 'httpPort', 'grpcPort', 'maxBodyBytes'] as const;
    if (this.receiver && receiverKeys.some((k) => this.config[k] !== before[k])) {
      await this.stopReceiver();
      await this.startReceiver();
    }
    return this.receiverStatus;
  }

  // ---- files and snapshots ----

  async importFiles(paths: readonly string[]): Promise<ImportFileResult[]> {
    const results: ImportFileResult[] = [];
    for (const file of paths) {
      // Every good request is stored as it is read, even from a file that also has bad lines.
      const contents = await readOtlpFile(
        file,
        { spans: (items) => this.store.ingestSpans(items), logs: (items) => this.store.ingestLogs(items) },
        { maxRequestBytes: this.config.maxBodyBytes },
      );
      this.counters.rejectedSpans += contents.rejectedSpans;
      this.counters.rejectedLogs += contents.rejectedLogs;
      this.counters.metricsRequests += contents.metricsRequests;
      const result: ImportFileResult = {
        file, ok: contents.errors.length === 0, spans: contents.spans, logs: contents.logs,
        rejected: contents.rejectedSpans + contents.rejectedLogs,
      };
      if (contents.errors.length > 0) {
        result.error = summarize(contents.errors);
        this.log('warn', `import ${file}: ${result.error}`);
      }
      if (contents.warnings.length > 0) {
        result.warning = summarize(contents.warnings);
        this.log('warn', `import ${file}: ${result.warning}`);
      }
      results.push(result);
    }
    this.scheduleChanged();
    return results;
  }

  /** One trace as an OTLP/JSON ExportTraceServiceRequest; null when the trace is not stored. */
  exportOtlpJson(traceId: string): unknown {
    return exportTraceOtlpJson(this.store, traceId);
  }

  /**
   * Writes the snapshot a slice at a time (TraceStore.snapshotFrames), ingest and queries going on
   * between slices. One at a time: a save asked for while one is written starts after it.
   */
  saveSnapshot(): Promise<{ path: string | null; bytes: number }> {
    const save = this.snapshotSaving.catch(() => undefined).then(async () => {
      const target = this.config.snapshotPath;
      if (!target) return { path: null, bytes: 0 };
      return { path: target, bytes: await writeSnapshotFrames(target, this.store.snapshotFrames()) };
    });
    this.snapshotSaving = save;
    return save;
  }

  /** Stops the receiver, emits pending changes, saves the snapshot when configured, closes the store. */
  async stop(): Promise<void> {
    this.autosave.stop();
    this.prebuild?.dispose();
    this.compaction.dispose();
    await this.stopReceiver();
    this.flushChanged();
    try {
      await this.saveSnapshot();
    } catch (error) {
      this.log('error', `Could not save the snapshot: ${(error as Error).message}`);
    }
    await this.preparer.close();
    this.store.close();
  }
}
