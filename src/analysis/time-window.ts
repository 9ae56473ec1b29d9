/**
 * The time range a waterfall should draw. A span with a broken clock (a device 330 years off, a
 * zero timestamp, a start in nanoseconds read as milliseconds) would otherwise stretch the axis so
 * far that every normal span becomes an invisible sliver. Spans are grouped into clusters
 * separated by long empty gaps; the window is the cluster holding the most spans, and the spans
 * outside it are reported as outliers, to be marked rather than drawn to scale. Pure.
 */
import type { TreeSpan } from './span-tree';

export interface TimeWindow {
  startMs: number;
  endMs: number;
  /** Spans that lie (partly) outside the window, by id. */
  outliers: ReadonlySet<string>;
}

/** Starts further apart than this split clusters; a cluster joins the main one unless the gap
 * between them is more than GAP_FACTOR times the main cluster's length (a timezone bug puts a
 * span hours away from a two-second trace; a batch job with quiet hours stays whole). */
const MIN_GAP_MS = 3600 * 1000;
const GAP_FACTOR = 10;
/** An end this far past the cluster's starts is a broken clock, not a long span. */
const MIN_FAR_END_MS = 30 * 86_400_000;

const endOf = (s: TreeSpan) => s.startTimeUnixMs + Math.max(0, Number.isFinite(s.durationMs) ? s.durationMs : 0);

export function focusWindow(spans: readonly TreeSpan[]): TimeWindow {
  const timed = spans.filter((s) => Number.isFinite(s.startTimeUnixMs)).sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
  if (timed.length === 0) return { startMs: 0, endMs: 0, outliers: new Set(spans.map((s) => s.spanId)) };
  const clusters: TreeSpan[][] = [];
  for (const s of timed) {
    const last = clusters[clusters.length - 1];
    if (last && s.startTimeUnixMs - last[last.length - 1]!.startTimeUnixMs <= MIN_GAP_MS) last.push(s);
    else clusters.push([s]);
  }
  const main = clusters.reduce((best, c) => (c.length > best.length ? c : best), clusters[0]!);
  const firstStart = main[0]!.startTimeUnixMs;
  const lastStart = main[main.length - 1]!.startTimeUnixMs;
  const endLimit = lastStart + Math.max(MIN_FAR_END_MS, GAP_FACTOR * (lastStart - firstStart));
  const saneEnd = (c: readonly TreeSpan[]) => {
    let end = c[0]!.startTimeUnixMs;
    for (const s of c) {
      const e = endOf(s);
      if (e > end && e <= endLimit) end = e;
    }
    return end;
  };
  let startMs = firstStart;
  let endMs = saneEnd(main);
  const reach = GAP_FACTOR * Math.max(endMs - startMs, 1);
  // Nearest clusters first, so a chain of near clusters joins in order.
  const others = clusters.filter((c) => c !== main).sort((a, b) => distance(a, startMs, endMs) - distance(b, startMs, endMs));
  for (const c of others) {
    if (distance(c, startMs, endMs) > reach) continue;
    startMs = Math.min(startMs, c[0]!.startTimeUnixMs);
    endMs = Math.max(endMs, saneEnd(c));
  }
  const outliers = new Set<string>();
  for (const s of spans) {
    if (!(s.startTimeUnixMs >= startMs && s.startTimeUnixMs <= endMs && endOf(s) <= endMs)) outliers.add(s.spanId);
  }
  return { startMs, endMs, outliers };
}

function distance(cluster: readonly TreeSpan[], startMs: number, endMs: number): number {
  const first = cluster[0]!.startTimeUnixMs;
  const last = cluster[cluster.length - 1]!.startTimeUnixMs;
  return first > endMs ? first - endMs : last < startMs ? startMs - last : 0;
}
