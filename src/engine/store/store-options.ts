/** What a TraceStore is opened with, and how it logs. */
import type { EngineLogLevel } from '../../protocol/engine-api';
import type { normalizeSpan } from '../semconv';
import type { RetentionLimits } from './retention';

export type StoreLog = (level: EngineLogLevel, message: string) => void;

export interface StoreOptions {
  limits: RetentionLimits;
  log: StoreLog;
  /** A snapshot (db.export() bytes) to start from. */
  snapshot?: Uint8Array;
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
