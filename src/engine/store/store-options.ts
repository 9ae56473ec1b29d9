/** What a TraceStore is opened with, and how it logs. */
import type { EngineLogLevel } from '../../protocol/engine-api';
import type { normalizeSpan } from '../semconv';
import type { RetentionLimits } from './retention';
import type { SnapshotSource } from './snapshot-load';

export type StoreLog = (level: EngineLogLevel, message: string) => void;

export interface StoreOptions {
  limits: RetentionLimits;
  log: StoreLog;
  /** A snapshot to start from: its file's bytes (streamed or SQLite), or a streamed one's source. */
  snapshot?: Uint8Array | SnapshotSource;
  /** The normalizer; tests substitute their own to observe what the store passes it. */
  normalize?: typeof normalizeSpan;
  /** Content texts of at least this many bytes are stored compressed (content-text.ts); Infinity: none. */
  compressContentFrom?: number;
  /**
   * New content is written as UTF-8 and compressed later: in idle time (`compressWaitingContent`),
   * when too much waits, and before retention evicts for pages (content-compaction.ts). The engine
   * sets it; off, content is compressed when first written.
   */
  compressContentLater?: boolean;
  /** With compressContentLater: how much uncompressed content may wait (default MAX_PENDING_BYTES, 32 MB). */
  maxWaitingContentBytes?: number;
}
