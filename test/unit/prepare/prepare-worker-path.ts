/** The prepare thread's own entry, compiled (out/src/engine/prepare/prepare-worker.js). */
import * as path from 'node:path';

export const PREPARE_WORKER_PATH = path.resolve(__dirname, '../../../src/engine/prepare/prepare-worker.js');
