/** Starts the real engine worker (out/src/engine/worker.js) through EngineClient, on free ports. */
import * as path from 'node:path';
import { EngineClient } from '../../../src/engine/engine-client';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type EngineEvent } from '../../../src/protocol/engine-api';

export const WORKER_PATH = path.resolve(__dirname, '../../../src/engine/worker.js');

export interface StartedEngine {
  client: EngineClient;
  events: EngineEvent[];
  /** Resolves with the first event matching `predicate` (including ones already received). */
  waitForEvent(predicate: (event: EngineEvent) => boolean, timeoutMs?: number): Promise<EngineEvent>;
}

export function startEngine(config: Partial<EngineConfig> = {}): StartedEngine {
  const client = new EngineClient({
    workerPath: WORKER_PATH,
    config: { ...DEFAULT_ENGINE_CONFIG, httpPort: 0, grpcPort: 0, changeDebounceMs: 20, ...config },
  });
  const events: EngineEvent[] = [];
  const waiters = new Set<() => void>();
  client.onEvent((event) => {
    events.push(event);
    for (const wake of [...waiters]) wake();
  });
  const waitForEvent = (predicate: (event: EngineEvent) => boolean, timeoutMs = 10_000): Promise<EngineEvent> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = events.find(predicate);
        if (!found) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no matching engine event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      if (!check()) waiters.add(wake);
    });
  return { client, events, waitForEvent };
}
