/**
 * Logfire pending spans (CONVENTIONS.md "Logfire pending spans"). When a span starts, Logfire
 * exports a zero-length placeholder (`logfire.span_type = pending_span`) whose parent is the real
 * span and whose `logfire.pending_parent_id` is the real span's parent; the real span follows when
 * it ends, and its children (which end first) usually arrive before it.
 *
 * The store keeps the placeholder under the REAL span's id and parent, marked pending: until the
 * real span arrives the tree shows the work in progress in its place, with the children already
 * attached; when the real span arrives it replaces the placeholder (see stored-rows.ts), and a
 * placeholder arriving after its real span is not stored. Counts and summaries therefore never hold
 * both. The placeholder keeps its name, status and attributes as sent.
 */
import type { DecodedSpan } from '../model';

/** Logfire writes an absent parent as sixteen zeros. */
function parentIdOf(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || /^0+$/.test(value)) return null;
  return value;
}

/**
 * Where a pending placeholder is stored: the real span's id and parent. Malformed telemetry: a
 * placeholder without a parent names no real span and is kept under its own ids. One whose parent
 * already equals its `pending_parent_id` is already keyed this way (a trace exported by Tracelight
 * and imported again) and is kept as it is.
 */
export function placeholderKey(span: DecodedSpan): { spanId: string; parentSpanId: string | null } {
  const pendingParent = parentIdOf(span.attributes['logfire.pending_parent_id']);
  if (span.parentSpanId === null || span.parentSpanId === pendingParent) return { spanId: span.spanId, parentSpanId: span.parentSpanId };
  return { spanId: span.parentSpanId, parentSpanId: pendingParent };
}
