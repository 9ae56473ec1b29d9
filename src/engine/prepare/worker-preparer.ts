/**
 * Prepares exports on a helper thread, so decoding, normalizing and encoding run on the second
 * core while the store's thread runs SQL for the previous export. If the thread dies (a crash, an
 * out-of-memory kill), every export it held and every later one is prepared in-process instead:
 * slower, but nothing is lost and the answers do not change.
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { EngineLogLevel } from '../../protocol/engine-api';
import { OtlpDecodeError, type OtlpEncoding } from '../otlp';
import type { NextPartRequest, PrepareReply, PrepareRequest } from './prepare-messages';
import type { PreparedTraces } from './prepare-traces';
import { InProcessPreparer, type Preparer } from './preparer';
import { preparedFromWire } from './row-columns';

/**
 * Work sharing. When the helper already holds this many exports, the store's thread may prepare
 * the next one itself (same function, same result), spreading the work over both cores: but only
 * while it is less busy than the helper (see ThreadLoad). Sharing whenever two exports waited made
 * the store's thread the bottleneck of `npm run bench` (ingest end to end, 4 requests in flight):
 * it prepared a third of the exports on top of storing all of them, 117 CPU-µs per span against
 * the prepare thread's 40, which sat idle between exports; without sharing both ran about 80.
 */
const SHARE_BEYOND_WAITING = 2;
/**
 * Only small exports are shared: preparing one blocks the store's thread (and the queries it serves)
 * for its duration, about 50 µs per span, so a big body always goes to the helper thread.
 */
const SHARE_MAX_BYTES = 4 * 1024 * 1024;
/** The store's thread shares only while its event loop was busy this much less than the helper's. */
const SHARE_SLACK = 0.1;
/** How often the two threads' busy shares are measured again (ms). */
const LOAD_WINDOW_MS = 100;

/** How busy each thread's event loop was lately, 0 to 1 (event-loop utilization). */
export interface ThreadLoad {
  own(): number;
  helper(): number;
}

/** Event-loop utilization of this thread and of the helper, each over the last LOAD_WINDOW_MS or more. */
export function eventLoopLoad(worker: Worker): ThreadLoad {
  let ownLast = performance.eventLoopUtilization();
  let helperLast = worker.performance.eventLoopUtilization();
  let own = 0;
  let helper = 0;
  let measuredAt = 0;
  const measure = (): void => {
    const now = performance.now();
    if (now - measuredAt < LOAD_WINDOW_MS) return;
    measuredAt = now;
    const ownNow = performance.eventLoopUtilization();
    const helperNow = worker.performance.eventLoopUtilization();
    own = performance.eventLoopUtilization(ownNow, ownLast).utilization;
    helper = worker.performance.eventLoopUtilization(helperNow, helperLast).utilization;
    ownLast = ownNow;
    helperLast = helperNow;
  };
  return {
    own: () => (measure(), own),
    helper: () => (measure(), helper),
  };
}

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
  const packed = parts.some((p) => p.packed) ? new Map<string, Uint8Array>() : undefined;
  if (packed) for (const part of parts) for (const [hash, bytes] of part.packed ?? []) packed.set(hash, bytes);
  return {
    spans: parts.flatMap((p) => p.spans), texts, ...(packed ? { packed } : {}),
    rejected: parts.reduce((n, p) => n + p.rejected, 0), errors: parts.flatMap((p) => p.errors), warnings: parts.flatMap((p) => p.warnings),
  };
}

export class WorkerPreparer implements Preparer {
  private worker: Worker | null;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly inProcess = new InProcessPreparer();
  private closing = false;
  private readonly load: ThreadLoad | null = null;
  /** Exports prepared on the store's thread by work sharing (for tests and the log). */
  shared = 0;
  /** Exports whose texts the helper was asked to compress (for tests and the bench). */
  packed = 0;
  private packFrom: (() => number | null) | null = null;

  /** `load`: how busy the two threads are (default: their event loops' utilization). */
  constructor(spawn: () => Worker, private readonly log: (level: EngineLogLevel, message: string) => void, load?: (worker: Worker) => ThreadLoad) {
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
    this.load = (load ?? eventLoopLoad)(worker);
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
    if (this.waiting.size >= SHARE_BEYOND_WAITING && body.byteLength <= SHARE_MAX_BYTES && this.lessBusy()) {
      this.shared++;
      return this.inProcess.prepareTraces(body, encoding);
    }
    const id = ++this.nextId;
    // A body in shared memory (request-body.ts) is posted as it is. Otherwise a copy of just these
    // bytes is transferred: the body may be a view into a buffer the HTTP or gRPC layer still
    // owns, and the original is kept to redo the work if the thread dies.
    const shared = typeof SharedArrayBuffer === 'function' && body.buffer instanceof SharedArrayBuffer;
    const sent = shared ? body : new Uint8Array(body);
    const request: PrepareRequest = { kind: 'prepare', id, body: sent, encoding };
    // The other way round: the helper has slack, and the store would compress this export's new
    // texts when it writes them (its waiting content is at the cap): the helper compresses them.
    const packFrom = this.packFrom?.() ?? null;
    if (packFrom !== null && this.helperLessBusy()) {
      request.packFrom = packFrom;
      this.packed++;
    }
    return new Promise<PreparedTraces>((resolve, reject) => {
      this.waiting.set(id, { body, encoding, resolve, reject });
      worker.postMessage(request, shared ? [] : [sent.buffer as ArrayBuffer]);
    });
  }

  /** Whether this thread has slack the helper lacks (then preparing here spreads the work). */
  private lessBusy(): boolean {
    return this.load !== null && this.load.own() + SHARE_SLACK < this.load.helper();
  }

  /** Whether the helper has slack this thread lacks (then compressing there spreads the work). */
  private helperLessBusy(): boolean {
    return this.load !== null && this.load.helper() + SHARE_SLACK < this.load.own();
  }

  packContentWith(packFrom: () => number | null): void {
    this.packFrom = packFrom;
  }

  private settle(reply: PrepareReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    if (reply.ok && reply.more) {
      (waiting.parts ??= []).push(preparedFromWire(reply.prepared));
      // The next part after a turn of the event loop, so queries are answered between parts.
      setImmediate(() => this.askForPart(reply.id));
      return;
    }
    this.waiting.delete(reply.id);
    if (reply.ok) {
      const prepared = preparedFromWire(reply.prepared);
      waiting.resolve(waiting.parts ? joinParts([...waiting.parts, prepared]) : prepared);
    }
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
