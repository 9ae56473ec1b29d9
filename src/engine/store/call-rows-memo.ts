/**
 * What the last summary refresh wrote to `calls` for the big traces, row by row, so the next refresh
 * of a trace that is still arriving writes only the rows that changed (the new spans, and wrappers
 * whose part in the cost moved) instead of deleting and inserting every row again: for a trace of
 * 50,000 spans arriving in slices of 1,000, that rewrite was most of the ingest's CPU.
 *
 * It must mirror the table exactly: every other write to a trace's rows (deletion, eviction, clear,
 * a rolled-back transaction) forgets the trace here, and a trace not held is rewritten whole.
 * Small traces are not held (rewriting them is cheap), so they never push the big ones out.
 */
import type { SqlValue } from 'sql.js';
import type { PricedCall, PriceTable } from '../../analysis/pricing/span-cost';

/** Traces with fewer rows are rewritten whole. */
export const MEMO_MIN_ROWS = 256;
const MAX_TRACES = 16;

/**
 * A big trace's span rows as the summary last read them (rowid order is arrival order, so the
 * rows stored since are those above `maxRowid`), with each row's price under `prices`.
 */
export interface SummedRowsMemo<R> {
  rows: R[];
  maxRowid: number;
  prices: PriceTable;
  priced: Map<string, PricedCall>;
}

export class CallRowsMemo {
  /** Trace id → span id → the row's values as one key; insertion order is recency. */
  private readonly traces = new Map<string, Map<string, string>>();
  /** Trace id → its summed rows, for traces held above; only rows stored since are read again. */
  private readonly summed = new Map<string, SummedRowsMemo<unknown>>();

  takeRows<R>(traceId: string): SummedRowsMemo<R> | undefined {
    const rows = this.summed.get(traceId) as SummedRowsMemo<R> | undefined;
    this.summed.delete(traceId);
    return rows;
  }

  keepRows<R>(traceId: string, memo: SummedRowsMemo<R>): void {
    if (memo.rows.length < MEMO_MIN_ROWS) return;
    this.summed.set(traceId, memo as SummedRowsMemo<unknown>);
    for (const id of this.summed.keys()) {
      if (this.summed.size <= MAX_TRACES) break;
      this.summed.delete(id);
    }
  }

  /** The rows written for the trace, or undefined when not held. */
  take(traceId: string): Map<string, string> | undefined {
    const rows = this.traces.get(traceId);
    this.traces.delete(traceId);
    return rows;
  }

  keep(traceId: string, rows: Map<string, string>): void {
    if (rows.size < MEMO_MIN_ROWS) return;
    this.traces.set(traceId, rows);
    for (const id of this.traces.keys()) {
      if (this.traces.size <= MAX_TRACES) break;
      this.traces.delete(id);
    }
  }

  /** Forget the trace: its rows in `spans` or `calls` changed other than by a summary refresh. */
  forget(traceId: string): void {
    this.traces.delete(traceId);
    this.summed.delete(traceId);
  }

  clear(): void {
    this.traces.clear();
    this.summed.clear();
  }
}

/** A row's values as one comparable key (numbers and strings, nulls kept apart from text). */
export const rowKey = (values: readonly SqlValue[]): string => JSON.stringify(values);
