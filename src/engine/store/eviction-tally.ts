/**
 * What retention removed, told once per batch: the running totals the engine's stats report, the
 * log lines a user reads to know nothing was lost silently, and the change reports of the traces
 * gone. trace-store.ts calls `record` after its batch commits (never before: a rolled-back batch
 * evicted nothing).
 */
import type { CallRowsMemo } from './call-rows-memo';
import { pageLimit, type EvictionResult, type RetentionLimits } from './retention';
import type { TraceChanges } from './trace-changes';
import type { StoreLog } from './store-options';
import { maxUntracedLogBytes, maxUntracedLogs } from './untraced-logs';

export class EvictionTally {
  traces = 0;
  spans = 0;
  /** Log records without a trace id dropped by retention, oldest first. */
  untracedLogs = 0;

  constructor(private readonly log: StoreLog, private readonly changes: TraceChanges, private readonly callRows: CallRowsMemo) {}

  /** One committed batch's evictions: untraced log records, then whole traces. */
  record(evictedLogs: number, evicted: EvictionResult, limits: RetentionLimits): void {
    if (evictedLogs > 0) {
      this.untracedLogs += evictedLogs;
      this.changes.touchUntracedLogs();
      this.log('info', `Retention: dropped the ${evictedLogs} oldest log record(s) without a trace ` +
        `(at most ${maxUntracedLogs(limits)} records and ${maxUntracedLogBytes(limits)} bytes of them are kept)`);
    }
    if (evicted.traceIds.length === 0) return;
    this.traces += evicted.traceIds.length;
    this.spans += evicted.spans;
    for (const id of evicted.traceIds) {
      this.changes.remove(id);
      this.callRows.forget(id);
    }
    this.log('info', `Retention: evicted the ${evicted.traceIds.length} oldest trace(s) (${evicted.spans} spans) ` +
      `to stay under ${limits.maxSpans} spans / ${limits.maxBytes} bytes / ${pageLimit(limits)} bytes of database pages`);
  }

  /** Spans that arrived for a trace already evicted or deleted: counted as evicted, and said why. */
  droppedOnArrival(count: number): void {
    this.spans += count;
    this.log('warn', `Dropped ${count} span(s) of trace(s) already evicted or deleted (a trace larger than the ` +
      'retention caps, or one still arriving when it was evicted); raise tracelight.retention.maxSpans / maxMegabytes to keep them');
  }
}
