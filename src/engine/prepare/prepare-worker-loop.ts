/**
 * The prepare thread: answers each PrepareRequest with the prepared export. Holds no state beyond
 * a message, so losing it loses nothing the store's thread cannot redo (worker-preparer.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import { OtlpDecodeError } from '../otlp';
import type { PrepareReply, PrepareRequest } from './prepare-messages';
import { prepareTraces } from './prepare-traces';

function answer(request: PrepareRequest): PrepareReply {
  try {
    return { id: request.id, ok: true, prepared: prepareTraces(request.body, request.encoding) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, malformed: error instanceof OtlpDecodeError, message };
  }
}

export function runPrepareWorker(port: MessagePort): void {
  port.on('message', (request: PrepareRequest) => port.postMessage(answer(request)));
}
