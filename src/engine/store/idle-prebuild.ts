/**
 * Builds the Trace JSON of recently changed big traces once ingest has been quiet for a while, so
 * the first read of a trace that just arrived (the run a user opens next) is a cache hit: its spans
 * and its text are kept (trace-json-cache.ts, trace-text-cache.ts) as a read would keep them.
 *
 * Never on the ingest path: it starts only after `quietMs` without a change to the store, builds a
 * slice at a time with the event loop turning between slices, and stops at the next slice boundary
 * when anything is stored meanwhile (then waits for the next quiet). Bounded: the newest few changed
 * big traces (small ones build in milliseconds on their first read), and a number of spans per quiet.
 */

/** What the prebuilder needs from the engine. */
export interface PrebuildTarget {
  /** Changes to the store so far: a different count means something was stored. */
  changeCount(): number;
  /** The trace's span count, or null when it is not stored. */
  spanCount(traceId: string): number | null;
  /** Builds and keeps the trace's document, awaiting `pause` between slices (a throw from it ends the build). */
  build(traceId: string, pause: () => Promise<void>): Promise<unknown>;
}

export interface PrebuildLimits {
  quietMs: number;
  /** Smaller traces build in a few milliseconds on their first read: not worth holding ahead. */
  minSpans: number;
  /** Traces remembered as changed (the newest), small ones included. */
  maxTraces: number;
  /** Traces built per quiet period (the newest big enough). */
  maxBuilds: number;
  /** Spans built per quiet period, in all. */
  maxSpans: number;
}

export const DEFAULT_PREBUILD_LIMITS: PrebuildLimits = { quietMs: 1000, minSpans: 200, maxTraces: 64, maxBuilds: 4, maxSpans: 20_000 };

class Cancelled extends Error {}

export class IdlePrebuilder {
  /** Changed traces, oldest first. */
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private disposed = false;
  /** Traces built (for tests and stats). */
  built = 0;
  cancelled = 0;

  constructor(private readonly target: PrebuildTarget, private readonly limits: PrebuildLimits = DEFAULT_PREBUILD_LIMITS) {}

  /** Called with the traces of each change event (not per ingest call). */
  tracesChanged(traceIds: readonly string[]): void {
    if (this.disposed) return;
    for (const id of traceIds) {
      this.changed.delete(id);
      this.changed.add(id);
    }
    for (const id of this.changed) {
      if (this.changed.size <= this.limits.maxTraces) break;
      this.changed.delete(id);
    }
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.changed.clear();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const seen = this.target.changeCount();
    this.timer = setTimeout(() => void this.run(seen), this.limits.quietMs);
    this.timer.unref?.();
  }

  /** Builds the newest changed traces while nothing else is stored; `seen` is the change count at the start. */
  private async run(seen: number): Promise<void> {
    this.timer = null;
    if (this.running || this.disposed) return;
    // Still arriving: wait for the next quiet.
    if (this.target.changeCount() !== seen) return this.schedule();
    this.running = true;
    let budget = this.limits.maxSpans;
    let builds = this.limits.maxBuilds;
    const pause = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.disposed || this.target.changeCount() !== seen) throw new Cancelled('something was stored');
    };
    try {
      for (const traceId of [...this.changed].reverse()) {
        const spans = this.target.spanCount(traceId);
        if (builds > 0 && spans !== null && spans >= this.limits.minSpans && spans <= budget) {
          try {
            await this.target.build(traceId, pause);
            budget -= spans;
            builds--;
            this.built++;
          } catch (error) {
            // Stopped for new spans: kept for the next quiet. Failed: its own read will say why.
            if (error instanceof Cancelled) {
              this.cancelled++;
              break;
            }
          }
        }
        this.changed.delete(traceId);
      }
    } finally {
      this.running = false;
    }
    if (this.changed.size > 0 && !this.disposed) this.schedule();
  }
}
