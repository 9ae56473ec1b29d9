/**
 * Work written as a generator that pauses (yields) after each slice: run to the end at once, or
 * with other work running between slices (see trace-spans-build.ts).
 */

import type { Slices } from '../../analysis/sliced-work';

/** Runs a sliced generator to its end at once (the analyses' `toEnd`, one loop for both). */
export { toEnd as runToEnd } from '../../analysis/sliced-work';

/** Runs a sliced generator to its end, awaiting `pause` between slices. */
export async function runInSlices<T>(steps: Generator<void, T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** A pause that lets the event loop answer what is waiting (sockets, messages, timers) first. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * How long a slice may run before it pauses: the longest another query waits behind a sliced build
 * is about this, whatever the size of its spans (a count of spans per slice is 1 ms of small spans
 * and 50 ms of big ones).
 */
export const SLICE_MS = 12;

/**
 * Tells a sliced generator when its slice is over: after `items` items, or earlier once it has run
 * SLICE_MS (checked per item, it costs a clock read). Used as
 * `if (clock.due()) { yield; clock.restart(); }`, so the pause is not counted in the next slice.
 */
export class SliceClock implements Slices {
  private started = performance.now();
  private done = 0;

  constructor(private readonly items: number) {}

  due(): boolean {
    return ++this.done >= this.items || performance.now() - this.started >= SLICE_MS;
  }

  restart(): void {
    this.done = 0;
    this.started = performance.now();
  }
}
