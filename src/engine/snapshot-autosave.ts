/**
 * Periodic snapshot autosave, so that a crash or a killed window loses at most one interval of
 * traces instead of everything since the start (the snapshot is otherwise written only on a clean
 * stop). Kept off the hot path: nothing is written while nothing changed, the snapshot is written
 * in slices with ingest and queries between them (store/snapshot-stream.ts), and a save waits for a
 * quiet moment (no export stored for `quietMs`), because rows changed while it is written are
 * written twice. Under a stream that never pauses it saves anyway once a second interval has
 * passed, so the snapshot never falls more than two intervals behind.
 */
export interface AutosaveTarget {
  /** Grows with every change to the store. */
  changeCount(): number;
  /** Milliseconds since the last export was stored (Infinity when none was). */
  msSinceLastIngest(): number;
  save(): Promise<void>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** How long ingest must have been quiet before a save starts. */
const QUIET_MS = 1000;

export class SnapshotAutosave {
  private timer: NodeJS.Timeout | null = null;
  private savedAt: number;
  private dueSince: number | null = null;
  private saving = false;
  saves = 0;

  constructor(private readonly target: AutosaveTarget, private intervalMs: number) {
    this.savedAt = target.changeCount();
    this.schedule(intervalMs);
  }

  /** 0 turns autosave off. */
  setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.schedule(intervalMs);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.intervalMs <= 0) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // Autosave alone never keeps the engine (or the CLI) alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const changes = this.target.changeCount();
    if (changes === this.savedAt || this.saving) {
      this.dueSince = null;
      this.schedule(this.intervalMs);
      return;
    }
    const now = Date.now();
    this.dueSince ??= now;
    const quiet = this.target.msSinceLastIngest() >= QUIET_MS;
    if (!quiet && now - this.dueSince < this.intervalMs) {
      this.schedule(QUIET_MS);
      return;
    }
    this.saving = true;
    try {
      await this.target.save();
      this.savedAt = changes;
      this.saves++;
    } catch (error) {
      this.target.log('error', `Autosave: could not save the snapshot: ${(error as Error).message}`);
    } finally {
      this.saving = false;
      this.dueSince = null;
      this.schedule(this.intervalMs);
    }
  }

  stop(): void {
    this.intervalMs = 0;
    this.schedule(0);
  }
}
