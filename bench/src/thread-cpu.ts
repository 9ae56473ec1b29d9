/**
 * CPU time per thread of this process (Linux: /proc/self/task), so an ingest figure can be split
 * between the engine's thread, its prepare thread, the caller's thread and the rest (V8's helper
 * threads: optimizing compilers for JavaScript and WebAssembly, the garbage collector's concurrent marking; libuv's pool). Node names
 * every thread `node`, so the engine's threads are told apart by when they appeared: the threads
 * that exist once the engine has started and did not before are its worker, then (a higher id) the
 * prepare thread it starts. Elsewhere (no /proc) every reading is empty and nothing is logged.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TASKS = '/proc/self/task';

/** Thread id → CPU time (ms) used so far. */
export type ThreadCpu = Map<number, number>;

function threadMs(tid: number): number | null {
  try {
    // schedstat's first field: ns on a CPU (finer than stat's 10 ms ticks).
    const ns = Number(readFileSync(`${TASKS}/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null; // the thread ended meanwhile
  }
}

export function readThreadCpu(): ThreadCpu {
  const out: ThreadCpu = new Map();
  if (!existsSync(TASKS)) return out;
  for (const name of readdirSync(TASKS)) {
    const ms = threadMs(Number(name));
    if (ms !== null) out.set(Number(name), ms);
  }
  return out;
}

export interface ThreadSplit {
  engine: number;
  prepare: number;
  caller: number;
  /** Threads that were there before the engine started, other than the caller's. */
  other: number;
}

/**
 * CPU ms per thread between `from` and `to`; `beforeEngine`: the threads before the engine
 * started (the first two new ones are then its worker and its prepare thread). Null when the
 * threads cannot be told apart.
 */
export function splitThreadCpu(beforeEngine: ThreadCpu, from: ThreadCpu, to: ThreadCpu): ThreadSplit | null {
  const fresh = [...from.keys()].filter((tid) => !beforeEngine.has(tid)).sort((a, b) => a - b);
  if (fresh.length < 2) return null;
  const used = (tid: number): number => (to.get(tid) ?? from.get(tid) ?? 0) - (from.get(tid) ?? 0);
  const split: ThreadSplit = { engine: used(fresh[0]), prepare: used(fresh[1]), caller: used(process.pid), other: 0 };
  // Threads started while measuring (libuv's pool on first use) count from zero.
  for (const tid of new Set([...from.keys(), ...to.keys()])) if (tid !== process.pid && !fresh.slice(0, 2).includes(tid)) split.other += used(tid);
  return split;
}
