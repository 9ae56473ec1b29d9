/**
 * The start order of a trace's spans as the store lists them (span rows, Trace JSON, OTLP export).
 * The rule lives in src/analysis/span-tree.ts (`spansInStartOrder`); this adapter only supplies the
 * store's arrival order, its last tie-break.
 */
import { spansInStartOrder, type TreeSpan } from '../../analysis/span-tree';
import type { DecodedSpan } from '../model';
import type { StoredSpan } from './stored-spans';

/** What ordering needs of a stored span or row. */
export interface Orderable extends TreeSpan {
  /** Arrival order in the store (the row id). */
  arrival: number;
}

export function inStartOrder<T extends Orderable>(spans: readonly T[]): T[] {
  return spansInStartOrder([...spans].sort((a, b) => a.arrival - b.arrival));
}

/** Stored spans in start order, by the row's times (a backwards end is clamped, as in the rows). */
export function storedInStartOrder(stored: readonly StoredSpan[]): DecodedSpan[] {
  const orderable = stored.map((s) => ({
    spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, startTimeUnixMs: s.span.startTimeUnixMs,
    durationMs: Math.max(0, s.span.endTimeUnixMs - s.span.startTimeUnixMs), arrival: s.arrival, span: s.span,
  }));
  return inStartOrder(orderable).map((s) => s.span);
}
