/** Runs one snapshot benchmark pass (snapshot-pass.ts) on this thread, posting its messages. */
import { parentPort, workerData } from 'node:worker_threads';
import { runSnapshotPass, type SnapshotPassOptions } from './snapshot-pass';
import { watchWasmHeaps } from './wasm-heap';

watchWasmHeaps();
void runSnapshotPass(workerData as SnapshotPassOptions, (message) => parentPort!.postMessage(message)).then(() => parentPort!.postMessage({ done: true }));
