/**
 * Work written as a generator that pauses (yields) after each slice: run to the end at once, or
 * with other work running between slices (see trace-spans-build.ts).
 */

/** Runs a sliced generator to its end at once. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

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
