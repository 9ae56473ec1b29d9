/**
 * The caller's side of the engine worker: spawns it, sends typed requests, delivers events. Used by
 * the extension host (and benchmarks) with dist/engine-worker.js, and by tests with
 * out/src/engine/worker.js. Nothing here blocks the caller's event loop.
 */
import { Worker } from 'node:worker_threads';
import type { EngineClientLike, EngineConfig, EngineEvent, EngineMethod, EngineMethods, EngineRequest, WorkerToCaller } from '../protocol/engine-api';
import type { EngineWorkerData, ShutdownMessage } from './worker-messages';
import { ENGINE_THREAD_LIMITS } from './worker-heap';

export interface EngineClientOptions {
  workerPath: string;
  config: EngineConfig;
  /** How long dispose() waits for the worker to stop its receiver and save (ms). */
  shutdownTimeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  method: string;
}

export class EngineClient implements EngineClientLike {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private nextId = 1;
  /** Set once the worker is gone (crashed, exited or disposed): calls then fail at once. */
  private failure: Error | null = null;
  private disposing: Promise<void> | null = null;
  private readonly shutdownTimeoutMs: number;

  constructor(options: EngineClientOptions);
  constructor(workerPath: string, config: EngineConfig);
  constructor(optionsOrPath: EngineClientOptions | string, config?: EngineConfig) {
    const options = typeof optionsOrPath === 'string' ? { workerPath: optionsOrPath, config: config! } : optionsOrPath;
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
    const workerData: EngineWorkerData = { config: options.config };
    this.worker = new Worker(options.workerPath, { workerData, resourceLimits: ENGINE_THREAD_LIMITS });
    this.worker.on('message', (message: WorkerToCaller) => this.receive(message));
    this.worker.on('error', (error) => this.fail(new Error(`the engine worker crashed: ${error.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`the engine worker exited (code ${code})`)));
  }

  call<M extends EngineMethod>(method: M, params: EngineMethods[M]['params']): Promise<EngineMethods[M]['result']> {
    if (this.failure) return Promise.reject(new Error(`${method}: ${this.failure.message}`));
    if (this.disposing) return Promise.reject(new Error(`${method}: the engine is shutting down`));
    const id = this.nextId++;
    const request = { kind: 'request', id, method, params } as EngineRequest;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      this.worker.postMessage(request);
    });
  }

  onEvent(listener: (event: EngineEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Stops the receiver, saves the snapshot when configured, ends the worker. Idempotent. */
  dispose(): Promise<void> {
    this.disposing ??= this.shutdown();
    return this.disposing;
  }

  private async shutdown(): Promise<void> {
    if (!this.failure) {
      const id = this.nextId++;
      const stopped = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject, method: 'shutdown' }));
      const message: ShutdownMessage = { kind: 'shutdown', id };
      this.worker.postMessage(message);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.shutdownTimeoutMs)));
      try {
        await Promise.race([stopped.catch((error: Error) => this.emit({ kind: 'event', type: 'log', level: 'error', message: `engine shutdown: ${error.message}` })), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
    this.failure ??= new Error('the engine has been disposed');
    await this.worker.terminate();
    this.rejectAll(this.failure);
    this.listeners.clear();
  }

  private receive(message: WorkerToCaller): void {
    if (message.kind === 'event') {
      this.emit(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (!message.ok) {
      pending.reject(new Error(`${pending.method}: ${message.error}`));
      return;
    }
    if (!('json' in message)) {
      pending.resolve(message.result);
      return;
    }
    try {
      const { json } = message;
      pending.resolve(JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8')));
    } catch (error) {
      pending.reject(new Error(`${pending.method}: the engine's answer is not JSON: ${(error as Error).message}`));
    }
  }

  private emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One failing listener must not stop the others or the message loop.
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectAll(error);
    if (!this.disposing) this.emit({ kind: 'event', type: 'log', level: 'error', message: error.message });
  }

  private rejectAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Error(`${pending.method}: ${error.message}`));
    }
  }
}
