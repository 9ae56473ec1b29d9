/**
 * Builds the Trace JSON of recently changed big traces once ingest has been quiet for a while, so
 * the first read of a trace that just arrived (the run a user opens next) is a cache hit: its spans
 * and its text are kept (trace-json-cache.ts, trace-text-cache.ts) as a read would keep them.
 *
 * Never on the ingest path: it starts only after `quietMs` without a change to the store, builds a
 * slice at a time with the event loop turning between slices, and stops at the next slice boundary
 * when anything is stored meanwhile (then waits for the next quiet). Bounded by what the caches can
 * keep: the newest changed big traces (small ones build in milliseconds on their first read), as
 * long as the bytes they are expected to hold fit in `maxBytes` (the caches' bound); a trace
 * expected to be larger than that is never built ahead, since its build would not be kept.
 */

import { DEFAULT_TEXT_CACHE_BYTES } from './trace-text-cache';

/** What one build kept (see TraceQueries.prebuild). */
export interface Prebuilt {
  /** Bytes the trace holds in the caches: the larger of its text and its spans' estimate. */
  bytes: number;
  /** Whether both caches kept it (else its next read builds it again). */
  kept: boolean;
}

/** What the prebuilder needs from the engine. */
export interface PrebuildTarget {
  /** Changes to the store so far: a different count means something was stored. */
  changeCount(): number;
  /** The trace's span count, or null when it is not stored. */
  spanCount(traceId: string): number | null;
  /** Builds and keeps the trace's document, awaiting `pause` between slices (a throw from it ends the build). */
  build(traceId: string, pause: () => Promise<void>): Promise<Prebuilt>;
}

export interface PrebuildLimits {
  quietMs: number;
  /** Smaller traces build in a few milliseconds on their first read: not worth holding ahead. */
  minSpans: number;
  /** Traces remembered as changed (the newest), small ones included. */
  maxTraces: number;
  /** Bytes built per quiet period, in all: the caches' bound, so what is built ahead is still kept when read. */
  maxBytes: number;
  /**
   * Bytes a span is expected to hold until a build has shown this store's: between an agent's small
   * spans (about 1 KB of text each, so a 50,000-span run is built ahead) and model calls carrying
   * 5 KB of content (9.8 KB of text: one such trace past 65,000 spans may be built once in vain).
   */
  firstBytesPerSpan: number;
}

export const DEFAULT_PREBUILD_LIMITS: PrebuildLimits = { quietMs: 1000, minSpans: 200, maxTraces: 64, maxBytes: DEFAULT_TEXT_CACHE_BYTES, firstBytesPerSpan: 2048 };

/** Builds whose bytes per span make the estimate (the largest of them: a wasted build costs seconds, a skipped one only its first read). */
const BUILDS_REMEMBERED = 8;

/** What the prebuilding cost so far (for the engine's stats and the bench). */
export interface PrebuildStats {
  built: number;
  cancelled: number;
  /** Traces too big for the caches: left to their first read by the estimate, or built and not kept. */
  tooBig: number;
  /** Traces left because the traces newer than them, built first, used this quiet's budget. */
  overBudget: number;
  spans: number;
  /** Time of the slices run on the engine thread, in all, and the longest one (what another query waited at most). */
  busyMs: number;
  longestSliceMs: number;
}

class Cancelled extends Error {}

export class IdlePrebuilder {
  /** Changed traces, oldest first. */
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private disposed = false;
  /** Bytes per span of the last builds, newest last. */
  private readonly perSpan: number[] = [];
  readonly stats: PrebuildStats = { built: 0, cancelled: 0, tooBig: 0, overBudget: 0, spans: 0, busyMs: 0, longestSliceMs: 0 };

  constructor(private readonly target: PrebuildTarget, private readonly limits: PrebuildLimits = DEFAULT_PREBUILD_LIMITS) {}

  /** Traces built (for tests). */
  get built(): number {
    return this.stats.built;
  }

  get cancelled(): number {
    return this.stats.cancelled;
  }

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

  /** Bytes a trace of `spans` spans is expected to hold in the caches. */
  expectedBytes(spans: number): number {
    return spans * (this.perSpan.length > 0 ? Math.max(...this.perSpan) : this.limits.firstBytesPerSpan);
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
    let budget = this.limits.maxBytes;
    let sliceStarted = performance.now();
    const sliceEnded = (): void => {
      const ms = performance.now() - sliceStarted;
      this.stats.busyMs += ms;
      this.stats.longestSliceMs = Math.max(this.stats.longestSliceMs, ms);
    };
    const pause = async (): Promise<void> => {
      sliceEnded();
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
      if (this.disposed || this.target.changeCount() !== seen) throw new Cancelled('something was stored');
    };
    try {
      for (const traceId of [...this.changed].reverse()) {
        const spans = this.target.spanCount(traceId);
        if (spans !== null && spans >= this.limits.minSpans) {
          const expected = this.expectedBytes(spans);
          // Past the caches' bound: never kept. Past what is left of it: building it would push out a
          // newer trace just built (the next quiet builds only what changes again).
          if (expected > this.limits.maxBytes) this.stats.tooBig++;
          else if (expected > budget) this.stats.overBudget++;
          else {
            try {
              sliceStarted = performance.now();
              const built = await this.target.build(traceId, pause);
              sliceEnded();
              budget -= built.bytes;
              this.learn(built.bytes / spans);
              this.stats.built++;
              this.stats.spans += spans;
              if (!built.kept) this.stats.tooBig++;
            } catch (error) {
              // Stopped for new spans: kept for the next quiet. Failed: its own read will say why.
              if (error instanceof Cancelled) {
                this.stats.cancelled++;
                break;
              }
            }
          }
        }
        this.changed.delete(traceId);
      }
    } finally {
      this.running = false;
    }
    // Stopped for new spans: the rest waits for the next quiet.
    if (this.changed.size > 0 && !this.disposed) this.schedule();
  }

  private learn(bytesPerSpan: number): void {
    this.perSpan.push(bytesPerSpan);
    if (this.perSpan.length > BUILDS_REMEMBERED) this.perSpan.shift();
  }
}
