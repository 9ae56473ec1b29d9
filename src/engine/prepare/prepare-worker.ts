/** A prepare thread's entry of its own (the engine worker's bundle starts one from itself instead). */
import { parentPort } from 'node:worker_threads';
import { runPrepareWorker } from './prepare-worker-loop';

if (!parentPort) throw new Error('prepare-worker.ts must run in a worker thread');
runPrepareWorker(parentPort);
