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
 * declared maximum); there an insert fails for want of memory. The heap measured about 1.1 times
 * the pages in use, and it grows in steps of up to 96 MB; so whatever maxBytes allows (it counts
 * logical bytes, which pages exceed by their structure), the pages in use stay under 1.5 GiB.
 */
export const MAX_PAGE_BYTES = 1.5 * 1024 ** 3;

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
}

export interface EvictionResult {
  traceIds: string[];
  spans: number;
}

const LOW_WATER = 0.9;
const CHUNK = 64;

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
  if (target.pageBytes() > pageLimit(limits) && target.compressWaiting?.() && !overLimits(target, limits)) return result;
  const spanGoal = Math.floor(limits.maxSpans * LOW_WATER);
  const byteGoal = Math.floor(limits.maxBytes * LOW_WATER);
  const pageGoal = Math.floor(pageLimit(limits) * LOW_WATER);
  const underGoal = (): boolean => target.spanCount() <= spanGoal && target.bytes() <= byteGoal && target.pageBytes() <= pageGoal;
  // Each pass deletes at least one trace or stops, so the loop ends.
  for (;;) {
    const oldest = target.oldestTraces(CHUNK);
    if (oldest.length === 0) break;
    for (const traceId of oldest) {
      result.spans += target.evictTrace(traceId);
      result.traceIds.push(traceId);
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
