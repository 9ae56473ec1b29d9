/**
 * Retention: keeps the store under its span and byte caps by evicting whole traces, oldest start
 * time first. Evicting down to a low-water mark (90 % of each cap) rather than to the cap itself
 * means a steady stream of spans triggers an eviction pass now and then, not on every batch.
 */

export interface RetentionLimits {
  maxSpans: number;
  maxBytes: number;
  /** Database pages in use (bytes); MAX_PAGE_BYTES when absent (tests set a small one). */
  maxPageBytes?: number;
}

/**
 * The database lives in sql.js's WebAssembly heap, which cannot grow past 2 GiB (the module's
 * declared maximum); there an insert fails for want of memory. On the agent workload the heap
 * peaked at 1.07 times the pages at this cap (1,815 MB for 1,690 MB, evicting), 1.1-1.25 times
 * earlier in a run (its growth steps of up to 96 MB included); eviction commits every few traces
 * (`checkpoint`), so its rollback journal adds little, and compressing the content that waits
 * (at most 32 MB during a stream, content-compaction.ts) journals about that much. So whatever maxBytes allows (it
 * counts logical bytes, which pages exceed by their structure), the pages in use stay under
 * 1.65 GiB: about 1.9 GiB of heap at most.
 */
export const MAX_PAGE_BYTES = 1.65 * 1024 ** 3;

export interface RetentionTarget {
  spanCount(): number;
  /** Logical bytes held (rows plus distinct content). */
  bytes(): number;
  /** Bytes of the database pages in use (free pages excluded). */
  pageBytes(): number;
  /** Up to `count` trace ids, oldest start time first. */
  oldestTraces(count: number): string[];
  /** Deletes the trace; returns how many spans it held. */
  evictTrace(traceId: string): number;
  /** Applies pending reference-count releases so that `bytes()` reflects freed content. */
  settle(): void;
  /** Compresses content written uncompressed (content-compaction.ts); false when none waits. */
  compressWaiting?(): boolean;
  /**
   * Commits what was evicted so far (and the batch before it) and goes on in a new transaction.
   * SQLite's rollback journal of the in-memory database is a copy of every page a transaction
   * changed, in the same WebAssembly heap as the pages; deleting old traces touches nearly every
   * page of the indexes keyed by trace id or content hash (random keys), so one transaction
   * evicting a tenth of the store held a copy of all of them at once (measured: the heap grew by a
   * quarter of the page cap during the first eviction of traces with random ids, not at all with
   * sequential ones; committed every 8 traces, not at all with either). Absent in tests that run
   * retention alone.
   */
  checkpoint?(): void;
}

export interface EvictionResult {
  traceIds: string[];
  spans: number;
}

const LOW_WATER = 0.9;
/**
 * The pages' low-water mark, nearer their cap: the page cap is what the heap can hold, so passes
 * freeing a twentieth of it keep more spans held between passes; committed every few traces, a
 * pass costs no more heap for being long.
 */
const PAGE_LOW_WATER = 0.95;
const CHUNK = 64;
/** Traces evicted per transaction (see `checkpoint`): a few traces' pages journaled at a time. */
const TRACES_PER_COMMIT = 8;

export function pageLimit(limits: RetentionLimits): number {
  return limits.maxPageBytes ?? MAX_PAGE_BYTES;
}

export function overLimits(target: RetentionTarget, limits: RetentionLimits): boolean {
  return target.spanCount() > limits.maxSpans || target.bytes() > limits.maxBytes || target.pageBytes() > pageLimit(limits);
}

export function enforceRetention(target: RetentionTarget, limits: RetentionLimits): EvictionResult {
  const result: EvictionResult = { traceIds: [], spans: 0 };
  if (!overLimits(target, limits)) return result;
  // Pages first go to content that waits to be compressed: eviction must not drop what compression keeps.
  if (target.pageBytes() > pageLimit(limits) && target.compressWaiting?.()) {
    // The journal of the rows it rewrote is let go before anything is evicted.
    target.settle();
    target.checkpoint?.();
    if (!overLimits(target, limits)) return result;
  }
  const spanGoal = Math.floor(limits.maxSpans * LOW_WATER);
  const byteGoal = Math.floor(limits.maxBytes * LOW_WATER);
  const pageGoal = Math.floor(pageLimit(limits) * PAGE_LOW_WATER);
  const underGoal = (): boolean => target.spanCount() <= spanGoal && target.bytes() <= byteGoal && target.pageBytes() <= pageGoal;
  // Each pass deletes at least one trace or stops, so the loop ends.
  for (;;) {
    const oldest = target.oldestTraces(CHUNK);
    if (oldest.length === 0) break;
    for (const traceId of oldest) {
      result.spans += target.evictTrace(traceId);
      result.traceIds.push(traceId);
      if (target.checkpoint && result.traceIds.length % TRACES_PER_COMMIT === 0) {
        target.settle();
        target.checkpoint();
      }
      // Content is freed by reference count: settle before judging bytes.
      if (target.spanCount() <= spanGoal) {
        target.settle();
        if (underGoal()) return result;
      }
    }
    target.settle();
    if (underGoal()) break;
  }
  return result;
}
