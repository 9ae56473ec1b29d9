/**
 * Retention: keeps the store under its span and byte caps by evicting whole traces, oldest start
 * time first. Evicting down to a low-water mark (90 % of each cap) rather than to the cap itself
 * means a steady stream of spans triggers an eviction pass now and then, not on every batch.
 */

export interface RetentionLimits {
  maxSpans: number;
  maxBytes: number;
}

export interface RetentionTarget {
  spanCount(): number;
  /** Logical bytes held (rows plus distinct content). */
  bytes(): number;
  /** Up to `count` trace ids, oldest start time first. */
  oldestTraces(count: number): string[];
  /** Deletes the trace; returns how many spans it held. */
  evictTrace(traceId: string): number;
  /** Applies pending reference-count releases so that `bytes()` reflects freed content. */
  settle(): void;
}

export interface EvictionResult {
  traceIds: string[];
  spans: number;
}

const LOW_WATER = 0.9;
const CHUNK = 64;

export function overLimits(target: RetentionTarget, limits: RetentionLimits): boolean {
  return target.spanCount() > limits.maxSpans || target.bytes() > limits.maxBytes;
}

export function enforceRetention(target: RetentionTarget, limits: RetentionLimits): EvictionResult {
  const result: EvictionResult = { traceIds: [], spans: 0 };
  if (!overLimits(target, limits)) return result;
  const spanGoal = Math.floor(limits.maxSpans * LOW_WATER);
  const byteGoal = Math.floor(limits.maxBytes * LOW_WATER);
  const underGoal = (): boolean => target.spanCount() <= spanGoal && target.bytes() <= byteGoal;
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
