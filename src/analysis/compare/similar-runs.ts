/**
 * Which runs to offer for a comparison with a given run, most similar first: the same flow (root
 * span name) and service, then the same service, then the rest; newest first within each. The
 * previous run of the same flow is the newest same-flow run that started before it.
 */
interface RunSummary {
  traceId: string;
  name: string;
  service: string;
  startTimeUnixMs: number;
}

function similarity(base: RunSummary, other: RunSummary): number {
  if (other.service === base.service) return other.name === base.name ? 0 : 1;
  return other.name === base.name ? 1.5 : 2;
}

export function similarRuns<T extends RunSummary>(base: RunSummary, candidates: readonly T[]): T[] {
  return candidates
    .filter((c) => c.traceId !== base.traceId)
    .sort((x, y) => similarity(base, x) - similarity(base, y) || y.startTimeUnixMs - x.startTimeUnixMs);
}

export function previousRun<T extends RunSummary>(base: RunSummary, candidates: readonly T[]): T | null {
  let best: T | null = null;
  for (const c of candidates) {
    if (c.traceId === base.traceId || c.name !== base.name || c.service !== base.service) continue;
    if (c.startTimeUnixMs > base.startTimeUnixMs || (c.startTimeUnixMs === base.startTimeUnixMs && c.traceId >= base.traceId)) continue;
    if (!best || c.startTimeUnixMs > best.startTimeUnixMs) best = c;
  }
  return best;
}
