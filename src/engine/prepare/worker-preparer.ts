/**
 * Prepares exports on a helper thread, so decoding, normalizing and encoding run on the second
 * core while the store's thread runs SQL for the previous export. If the thread dies (a crash, an
 * out-of-memory kill), every export it held and every later one is prepared in-process instead:
 * slower, but nothing is lost and the answers do not change.
 */
import type { Worker } from 'node:worker_threads';
import type { EngineLogLevel } from '../../protocol/engine-api';
import { OtlpDecodeError, type OtlpEncoding } from '../otlp';
import type { NextPartRequest, PrepareReply, PrepareRequest } from './prepare-messages';
import type { PreparedTraces } from './prepare-traces';
import { InProcessPreparer, type Preparer } from './preparer';

/**
 * Work sharing. Preparing costs more CPU per span than storing, so with the helper thread busy the
 * store's thread would sit idle waiting for it. When the helper already holds this many exports,
 * the store's thread prepares the next one itself (same function, same result), which spreads the
 * work over both cores; measured in `npm run bench` (ingest end to end).
 */
const SHARE_BEYOND_WAITING = 2;
/**
 * Only small exports are shared: preparing one blocks the store's thread (and the queries it serves)
 * for its duration, about 50 µs per span, so a big body always goes to the helper thread.
 */
const SHARE_MAX_BYTES = 4 * 1024 * 1024;

interface Waiting {
  /** The parts of a big export received so far (see REPLY_PART_SPANS). */
  parts?: PreparedTraces[];
  body: Uint8Array;
  encoding: OtlpEncoding;
  resolve: (prepared: PreparedTraces | Promise<PreparedTraces>) => void;
  reject: (error: Error) => void;
}

function joinParts(parts: readonly PreparedTraces[]): PreparedTraces {
  const texts = new Map<string, string>();
  for (const part of parts) for (const [hash, text] of part.texts) texts.set(hash, text);
  return {
    spans: parts.flatMap((p) => p.spans), texts,
    rejected: parts.reduce((n, p) => n + p.rejected, 0), errors: parts.flatMap((p) => p.errors), warnings: parts.flatMap((p) => p.warnings),
  };
}

export class WorkerPreparer implements Preparer {
  private worker: Worker | null;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly inProcess = new InProcessPreparer();
  private closing = false;
  /** Exports prepared on the store's thread by work sharing (for tests and the log). */
  shared = 0;

  constructor(spawn: () => Worker, private readonly log: (level: EngineLogLevel, message: string) => void) {
    let worker: Worker;
    try {
      worker = spawn();
    } catch (error) {
      // No thread (a host that refuses nested workers, say): the engine works as before.
      this.worker = null;
      log('warn', `Could not start the prepare thread (${(error as Error).message}); preparing exports on the engine thread`);
      return;
    }
    this.worker = worker;
    // The store's thread must be able to exit while this one idles.
    worker.unref();
    worker.on('message', (reply: PrepareReply) => this.settle(reply));
    worker.on('error', (error) => this.lose(`failed: ${error.message}`));
    worker.on('exit', (code) => this.lose(`exited with code ${code}`));
  }

  /** Whether exports still go to the helper thread. */
  get threaded(): boolean {
    return this.worker !== null;
  }

  prepareTraces(body: Uint8Array, encoding: OtlpEncoding): Promise<PreparedTraces> {
    const worker = this.worker;
    if (!worker) return this.inProcess.prepareTraces(body, encoding);
    if (this.waiting.size >= SHARE_BEYOND_WAITING && body.byteLength <= SHARE_MAX_BYTES) {
      this.shared++;
      return this.inProcess.prepareTraces(body, encoding);
    }
    const id = ++this.nextId;
    // A copy of just these bytes to transfer: the body may be a view into a buffer the HTTP or
    // gRPC layer still owns, and the original is kept to redo the work if the thread dies.
    const copy = new Uint8Array(body);
    const request: PrepareRequest = { kind: 'prepare', id, body: copy, encoding };
    return new Promise<PreparedTraces>((resolve, reject) => {
      this.waiting.set(id, { body, encoding, resolve, reject });
      worker.postMessage(request, [copy.buffer]);
    });
  }

  private settle(reply: PrepareReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    if (reply.ok && reply.more) {
      (waiting.parts ??= []).push(reply.prepared);
      // The next part after a turn of the event loop, so queries are answered between parts.
      setImmediate(() => this.askForPart(reply.id));
      return;
    }
    this.waiting.delete(reply.id);
    if (reply.ok) waiting.resolve(waiting.parts ? joinParts([...waiting.parts, reply.prepared]) : reply.prepared);
    else waiting.reject(reply.malformed ? new OtlpDecodeError(reply.message) : new Error(reply.message));
  }

  private askForPart(id: number): void {
    // Not if the thread died meanwhile: the export is then being prepared in-process.
    if (!this.worker || !this.waiting.has(id)) return;
    const request: NextPartRequest = { kind: 'next', id };
    this.worker.postMessage(request);
  }

  /** The thread is gone: what it held is prepared here, and so is everything after. */
  private lose(reason: string): void {
    if (!this.worker) return;
    this.worker = null;
    if (!this.closing) this.log('error', `The prepare thread ${reason}; preparing exports on the engine thread from now on`);
    const held = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of held) w.resolve(this.inProcess.prepareTraces(w.body, w.encoding));
  }

  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (worker) await worker.terminate();
    // terminate() fires 'exit', which hands anything still waiting to the in-process path.
  }
}
