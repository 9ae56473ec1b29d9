/**
 * Work over a whole trace written as a generator that pauses (yields) between pieces, so a caller
 * that must keep its thread answering (the engine's query API) can run it a slice at a time, and
 * any other caller runs it to the end at once with the same result. The engine's SliceClock
 * (src/engine/store/sliced.ts) has the shape of `Slices`.
 */

/** When sliced work may pause: asked after pieces of work; `restart` is called once the caller resumed it. */
export interface Slices {
  due(): boolean;
  restart(): void;
}

/** Never pauses. */
export const AT_ONCE: Slices = { due: () => false, restart: () => undefined };

/**
 * Loop iterations between two questions to `due` in a loop of small items (a clock read costs as
 * much as a few of them; 64 small items are far less than a slice).
 */
const ITEMS_PER_CHECK = 64;

/** Whether a loop of small items, at iteration `i`, should ask `slices` and pause. */
export function pauseDue(i: number, slices: Slices): boolean {
  return i % ITEMS_PER_CHECK === ITEMS_PER_CHECK - 1 && slices.due();
}

/** Runs sliced work to its end at once. */
export function toEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
