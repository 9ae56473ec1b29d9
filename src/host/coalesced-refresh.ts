/**
 * Runs a refresh at most once per interval and never two at once, however many requests arrive:
 * a burst of `changed` events (one per debounce window while an app streams spans) becomes one
 * refresh now and at most one more after it. Pure: no `vscode`.
 */
export class CoalescedRefresh {
  private running = false;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRunAt = -Infinity;
  private disposed = false;
  /** How many times the refresh actually ran (for tests and the output log). */
  runs = 0;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly minIntervalMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  request(): void {
    if (this.disposed) return;
    this.pending = true;
    if (this.running || this.timer) return;
    const wait = Math.max(0, this.lastRunAt + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, wait);
  }

  private async run(): Promise<void> {
    if (this.disposed || !this.pending) return;
    this.pending = false;
    this.running = true;
    this.lastRunAt = Date.now();
    try {
      this.runs++;
      await this.refresh();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
    // Requests that arrived while running get one follow-up run.
    if (this.pending) {
      this.pending = false;
      this.request();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
