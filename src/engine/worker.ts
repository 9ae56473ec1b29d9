/**
 * The engine worker's entry (bundled to dist/engine-worker.js). Owns one Engine (store and
 * receiver), answers EngineRequests, posts EngineEvents. It never dies of a bad request: every
 * failure becomes `{ ok: false, error }` for that request.
 *
 * The same file, started by the engine with PREPARE_ROLE as its workerData, is the engine's
 * prepare thread (src/engine/prepare): one bundle, so the two can never be of different versions.
 */
import { type MessagePort, parentPort, Worker, workerData } from 'node:worker_threads';
import { DEFAULT_ENGINE_CONFIG, type EngineLogLevel, type EngineRequest, type EngineResponse, type WorkerToCaller } from '../protocol/engine-api';
import { Engine } from './engine';
import { dispatchAsText, dispatchRequest } from './engine-dispatch';
import { PREPARE_ROLE } from './prepare/prepare-messages';
import { runPrepareWorker } from './prepare/prepare-worker-loop';
import { WorkerPreparer } from './prepare/worker-preparer';
import type { EngineWorkerData, ShutdownMessage } from './worker-messages';
import { ENGINE_THREAD_LIMITS } from './worker-heap';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread (new Worker(...))');

if (workerData === PREPARE_ROLE) runPrepareWorker(port);
else serveEngine(port);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRequest(message: unknown): message is EngineRequest | ShutdownMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { kind?: unknown; id?: unknown; method?: unknown };
  return typeof m.id === 'number' && (m.kind === 'shutdown' || (m.kind === 'request' && typeof m.method === 'string'));
}

function serveEngine(port: MessagePort): void {
  const post = (message: WorkerToCaller): void => port.postMessage(message);
  const data = (workerData ?? {}) as Partial<EngineWorkerData>;
  const preparer = (log: (level: EngineLogLevel, message: string) => void) =>
    new WorkerPreparer(() => new Worker(__filename, { workerData: PREPARE_ROLE, resourceLimits: ENGINE_THREAD_LIMITS }), log);
  const ready = Engine.create({ config: { ...DEFAULT_ENGINE_CONFIG, ...data.config }, emit: post, preparer });
  // Reported per request below; without this handler a failed start would be an unhandled rejection.
  ready.catch(() => undefined);
  port.on('message', (message: unknown) => {
    if (!isRequest(message)) {
      post({ kind: 'event', type: 'log', level: 'error', message: `engine worker: ignored a malformed message ${JSON.stringify(message)?.slice(0, 200)}` });
      return;
    }
    void answer(ready, message).then(post);
  });
}

async function answer(ready: Promise<Engine>, message: EngineRequest | ShutdownMessage): Promise<EngineResponse> {
  try {
    const engine = await ready.catch((error: unknown) => {
      throw new Error(`the engine could not start: ${describe(error)}`);
    });
    if (message.kind === 'shutdown') {
      await engine.stop();
      return { kind: 'response', id: message.id, ok: true, result: undefined };
    }
    const json = dispatchAsText(engine, message);
    if (json !== undefined) return { kind: 'response', id: message.id, ok: true, json };
    return { kind: 'response', id: message.id, ok: true, result: await dispatchRequest(engine, message) };
  } catch (error) {
    return { kind: 'response', id: message.id, ok: false, error: describe(error) };
  }
}
