/**
 * What the store reports after each batch: the traces changed and the traces removed since the
 * last report; and the tombstones of removed traces, which keep their late spans out.
 */

export interface StoreChanges {
  traceIds: string[];
  evictedTraceIds: string[];
  /** Set when log records without a trace id were stored or evicted. */
  untracedLogs?: true;
}

const MAX_TOMBSTONES = 10_000;

export class TraceChanges {
  private readonly touched = new Set<string>();
  private readonly evicted = new Set<string>();
  /**
   * Traces evicted by retention (or deleted), most recent last, bounded. Spans that still arrive
   * for them are dropped, visibly: otherwise a trace evicted while it arrives (one larger than the
   * caps, or a long run) would start again from its later spans and be shown cut, as if whole.
   */
  private readonly tombstones = new Set<string>();
  private untracedLogsChanged = false;

  /** Whether the trace was removed (its late spans and logs are dropped). */
  isBuried(traceId: string): boolean {
    return this.tombstones.has(traceId);
  }

  touch(traceIds: Iterable<string>): void {
    for (const id of traceIds) this.touched.add(id);
  }

  /** The trace was evicted or deleted: reported as removed, and buried. */
  remove(traceId: string): void {
    this.touched.delete(traceId);
    this.evicted.add(traceId);
    this.tombstones.delete(traceId);
    this.tombstones.add(traceId);
    // Bounded: the oldest tombstone goes first (Sets iterate in insertion order).
    if (this.tombstones.size > MAX_TOMBSTONES) this.tombstones.delete(this.tombstones.values().next().value as string);
  }

  /** The store was emptied: every trace is reported as removed; none is buried, so all may start afresh. */
  removeAll(traceIds: readonly string[]): void {
    this.touched.clear();
    for (const id of traceIds) this.evicted.add(id);
  }

  /** Log records without a trace id were stored or evicted. */
  touchUntracedLogs(): void {
    this.untracedLogsChanged = true;
  }

  forgetTombstones(): void {
    this.tombstones.clear();
  }

  /** The traces changed and removed since the last call, or null when nothing changed. */
  take(): StoreChanges | null {
    if (this.touched.size === 0 && this.evicted.size === 0 && !this.untracedLogsChanged) return null;
    const changes: StoreChanges = { traceIds: [...this.touched], evictedTraceIds: [...this.evicted] };
    if (this.untracedLogsChanged) changes.untracedLogs = true;
    this.touched.clear();
    this.evicted.clear();
    this.untracedLogsChanged = false;
    return changes;
  }
}
