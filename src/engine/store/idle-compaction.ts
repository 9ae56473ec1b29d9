/**
 * Compresses the content a store wrote uncompressed (content-compaction.ts) once ingest has been
 * quiet for `quietMs`: a slice of rows at a time with the event loop turning between slices, so
 * queries are answered meanwhile, and stopped at the next slice when anything is stored (resumed at
 * the next quiet). Ingest itself then never deflates what it stores.
 */

export interface CompactionTarget {
  /** Changes to the store so far: a different count means something was stored. */
  changeCount(): number;
  /** Compresses up to `maxRows` waiting rows; false once none wait. */
  compressSome(maxRows: number): boolean;
  /** A slice threw: its rows stay as they were (readable either way); the next quiet tries again. */
  failed(error: unknown): void;
}

/** A slice: about 64 rows of 1-4 KB take 2-4 ms. */
const SLICE_ROWS = 64;

export class IdleCompaction {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private disposed = false;
  /** Slices run (for tests). */
  slices = 0;

  constructor(private readonly target: CompactionTarget, private readonly quietMs: number) {}

  /** Called whenever something is stored: compaction waits for the next quiet. */
  changed(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    const seen = this.target.changeCount();
    this.timer = setTimeout(() => void this.run(seen), this.quietMs);
    this.timer.unref?.();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(seen: number): Promise<void> {
    this.timer = null;
    if (this.running || this.disposed) return;
    this.running = true;
    try {
      while (!this.disposed && this.target.changeCount() === seen) {
        this.slices++;
        if (!this.target.compressSome(SLICE_ROWS)) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.target.failed(error);
    } finally {
      this.running = false;
    }
  }
}
