/**
 * The order of sibling spans, shared by every view that lists them (the tree view, the trace panel,
 * the span rows and the Trace JSON; the span tree applies it to siblings, `spansInStartOrder` to a
 * whole trace).
 *
 * By start time; on a tie, the span that ended first comes first. Ties are common: the OpenTelemetry
 * JS SDK (2.x) records start times from Date.now(), in whole milliseconds, while durations keep
 * sub-millisecond precision; a step that started in the same millisecond as its sibling and ended
 * first almost always ran first (retrieval before the model call that used its documents).
 * Returns 0 when both times are equal, so callers fall back to the order of arrival.
 */
export interface TimedSpan {
  startTimeUnixMs: number;
  durationMs: number;
}

export function compareSpanTimes(a: TimedSpan, b: TimedSpan): number {
  return a.startTimeUnixMs - b.startTimeUnixMs || a.startTimeUnixMs + a.durationMs - (b.startTimeUnixMs + b.durationMs);
}
