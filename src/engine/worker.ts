/**
 * The engine worker's entry (bundled to dist/engine-worker.js). Owns one Engine (store and
 * receiver), answers EngineRequests, posts EngineEvents. It never dies of a bad request: every
 * failure becomes `{ ok: false, error }` for that request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_ENGINE_CONFIG, type EngineRequest, type EngineResponse, type WorkerToCaller } from '../protocol/engine-api';
import { Engine } from './engine';
import { dispatchRequest } from './engine-dispatch';
import type { EngineWorkerData, ShutdownMessage } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread (new Worker(...))');

const post = (message: WorkerToCaller): void => port.postMessage(message);
const data = (workerData ?? {}) as Partial<EngineWorkerData>;
const ready = Engine.create({ config: { ...DEFAULT_ENGINE_CONFIG, ...data.config }, emit: post });
// Reported per request below; without this handler a failed start would be an unhandled rejection.
ready.catch(() => undefined);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRequest(message: unknown): message is EngineRequest | ShutdownMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { kind?: unknown; id?: unknown; method?: unknown };
  return typeof m.id === 'number' && (m.kind === 'shutdown' || (m.kind === 'request' && typeof m.method === 'string'));
}

async function answer(message: EngineRequest | ShutdownMessage): Promise<EngineResponse> {
  try {
    const engine = await ready.catch((error: unknown) => {
      throw new Error(`the engine could not start: ${describe(error)}`);
    });
    if (message.kind === 'shutdown') {
      await engine.stop();
      return { kind: 'response', id: message.id, ok: true, result: undefined };
    }
    return { kind: 'response', id: message.id, ok: true, result: await dispatchRequest(engine, message) };
  } catch (error) {
    return { kind: 'response', id: message.id, ok: false, error: describe(error) };
  }
}

port.on('message', (message: unknown) => {
  if (!isRequest(message)) {
    post({ kind: 'event', type: 'log', level: 'error', message: `engine worker: ignored a malformed message ${JSON.stringify(message)?.slice(0, 200)}` });
    return;
  }
  void answer(message).then(post);
});
