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

interface Entry {
  version: number;
  spans: readonly TraceJsonSpan[];
  bytes: number;
}

/** Default bound: a 10,000-span trace of 5 KB LLM spans (about 110 MB once decoded) and then some. */
export const DEFAULT_CACHE_BYTES = 160 * 1024 * 1024;

export class TraceJsonCache {
  /** Insertion order is recency order: a hit is moved to the end. */
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes = DEFAULT_CACHE_BYTES) {}

  /** The trace's spans at `version`, or null when not cached at that version. */
  get(traceId: string, version: number): readonly TraceJsonSpan[] | null {
    const entry = this.entries.get(traceId);
    if (!entry || entry.version !== version) {
      this.misses++;
      return null;
    }
    this.entries.delete(traceId);
    this.entries.set(traceId, entry);
    this.hits++;
    return entry.spans;
  }

  /** Whether the trace's spans at `version` are cached (not counted as a read). */
  has(traceId: string, version: number): boolean {
    return this.entries.get(traceId)?.version === version;
  }

  /** Keeps the trace's spans at `version`; `bytes` estimates what they hold. Too large: not kept. */
  put(traceId: string, version: number, spans: readonly TraceJsonSpan[], bytes: number): void {
    this.forget(traceId);
    if (bytes > this.maxBytes) return;
    this.entries.set(traceId, { version, spans, bytes });
    this.held += bytes;
    for (const [id, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(id);
      this.held -= entry.bytes;
    }
  }

  forget(traceId: string): void {
    const entry = this.entries.get(traceId);
    if (!entry) return;
    this.entries.delete(traceId);
    this.held -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  get bytes(): number {
    return this.held;
  }
}
