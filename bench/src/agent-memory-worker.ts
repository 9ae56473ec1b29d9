/** Runs one pass of the agent workload (agent-memory-pass.ts) on this thread, posting its log lines and figures. */
import { parentPort, workerData } from 'node:worker_threads';
import { runPass, type PassOptions } from './agent-memory-pass';
import { watchWasmHeaps } from './wasm-heap';

watchWasmHeaps();
void runPass(workerData as PassOptions, (line) => parentPort!.postMessage({ log: line })).then((figures) => parentPort!.postMessage({ figures }));
