/** Starts and stops the bare HTTP floor server (http-floor-worker.ts) in a worker thread. */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface HttpFloor {
  url: string;
  /** Stops the server; resolves to the number of request bodies it read. */
  close(): Promise<number>;
}

export function startHttpFloor(bundleDir: string): Promise<HttpFloor> {
  const worker = new Worker(path.join(bundleDir, 'http-floor-worker.js'));
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', ({ port }: { port: number }) => {
      resolve({
        url: `http://127.0.0.1:${port}/v1/traces`,
        close: () =>
          new Promise<number>((done) => {
            worker.once('message', ({ bodies }: { bodies: number }) => {
              void worker.terminate().then(() => done(bodies));
            });
            worker.postMessage('close');
          }),
      });
    });
  });
}
