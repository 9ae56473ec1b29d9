/** Builds the prompt index of a folder on its own thread, as the engine worker does for the extension. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadWorkspace } from '../../src/analysis/prompt-links/load-workspace';

const linker = loadWorkspace(workerData as string);
parentPort!.postMessage({ files: linker.index.fileCount, units: linker.index.unitCount });
