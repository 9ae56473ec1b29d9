/**
 * The start order of a trace's spans, shared by the span rows, the Trace JSON and the OTLP export.
 */
import type { DecodedSpan } from '../model';
import type { StoredSpan } from './stored-spans';

/** What ordering needs of a span or row. */
export interface Orderable {
  spanId: string;
  parentSpanId: string | null;
  startTimeUnixMs: number;
  endTimeUnixMs: number;
  /** Arrival order in the store. */
  arrival: number;
}

/**
 * Start order. Ties are common: OTel JS SDK 2.x stamps span starts in whole milliseconds
 * (Date.now()), so a parent and its first child, or siblings, often share a start. They are broken
 * by depth (a parent precedes its children), then by end time (of two steps that started in the
 * same millisecond, the one that ended first most likely ran first), then by arrival. The span
 * rows and the Trace JSON both order this way.
 */
export function inStartOrder<T extends Orderable>(spans: T[]): T[] {
  const parentOf = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    let d = 0;
    const seen = new Set<string>([id]);
    // Bounded by the trace's size; `seen` guards against parent cycles in malformed input.
    for (let p = parentOf.get(id); p && parentOf.has(p) && !seen.has(p); p = parentOf.get(p)) {
      seen.add(p);
      d++;
    }
    return d;
  };
  for (const s of spans) depth.set(s.spanId, depthOf(s.spanId));
  return spans.sort((a, b) =>
    a.startTimeUnixMs - b.startTimeUnixMs || depth.get(a.spanId)! - depth.get(b.spanId)! ||
    a.endTimeUnixMs - b.endTimeUnixMs || a.arrival - b.arrival);
}

/** Stored spans in start order, by the row's times (a backwards end is clamped, as in the rows). */
export function storedInStartOrder(stored: readonly StoredSpan[]): DecodedSpan[] {
  const orderable = stored.map((s) => ({
    spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, startTimeUnixMs: s.span.startTimeUnixMs,
    endTimeUnixMs: Math.max(s.span.startTimeUnixMs, s.span.endTimeUnixMs), arrival: s.arrival, span: s.span,
  }));
  return inStartOrder(orderable).map((s) => s.span);
}
