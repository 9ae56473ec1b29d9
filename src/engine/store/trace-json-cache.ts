/**
 * The spans of recently read traces in Trace JSON, kept per trace version (the summary's
 * `updatedSeq`, bumped whenever a span or log record of the trace is stored). Building a trace's
 * spans decodes every stored detail, reads its content and normalizes it; views read the same trace
 * again and again (the panel, compare, retrieval, cost), so a repeat read of an unchanged trace
 * costs a lookup instead. Any change to the trace gives it a new version, so nothing stale is served.
 *
 * Normalized fields are not stored at ingest (see span-record.ts for why): that would cost ingest
 * CPU and hold every message twice, while the cache costs neither and is bounded here.
 *
 * The cache is bounded by an estimate of the memory its spans hold (their text, twice: raw attribute
 * and normalized message), least recently read first out. Cached spans are shared between callers:
 * they are treated as immutable (the engine's callers receive copies through postMessage, the
 * HTTP API serializes them).
 */
import type { TraceJsonSpan } from '../../protocol/trace-json';
import { ByteBoundedLru } from './byte-bounded-lru';

interface Entry {
  version: number;
  spans: readonly TraceJsonSpan[];
}

/** Default bound: a 10,000-span trace of 5 KB LLM spans (about 110 MB once decoded) and then some. */
export const DEFAULT_CACHE_BYTES = 160 * 1024 * 1024;

export class TraceJsonCache {
  private readonly entries: ByteBoundedLru<Entry>;
  hits = 0;
  misses = 0;

  constructor(maxBytes = DEFAULT_CACHE_BYTES) {
    this.entries = new ByteBoundedLru(maxBytes);
  }

  /** The trace's spans at `version`, or null when not cached at that version. */
  get(traceId: string, version: number): readonly TraceJsonSpan[] | null {
    const entry = this.entries.peek(traceId);
    if (!entry || entry.version !== version) {
      this.misses++;
      return null;
    }
    this.entries.touch(traceId);
    this.hits++;
    return entry.spans;
  }

  /** Whether the trace's spans at `version` are cached (not counted as a read). */
  has(traceId: string, version: number): boolean {
    return this.entries.peek(traceId)?.version === version;
  }

  /** Keeps the trace's spans at `version`; `bytes` estimates what they hold. Too large: not kept. */
  put(traceId: string, version: number, spans: readonly TraceJsonSpan[], bytes: number): void {
    this.entries.set(traceId, { version, spans }, bytes);
  }

  forget(traceId: string): void {
    this.entries.delete(traceId);
  }

  clear(): void {
    this.entries.clear();
  }

  get bytes(): number {
    return this.entries.bytes;
  }
}
