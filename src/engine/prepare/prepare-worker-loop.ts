/**
 * The prepare thread: answers each PrepareRequest with the prepared export, the first part at once
 * and each further part when asked for it (NextPartRequest). Holds nothing but those parts, so
 * losing it loses nothing the store's thread cannot redo (worker-preparer.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import { OtlpDecodeError } from '../otlp';
import { REPLY_PART_SPANS, type PrepareReply, type PrepareRequest, type ToPrepareThread } from './prepare-messages';
import { prepareTraces, type PreparedTraces } from './prepare-traces';
import { RecentHashes } from './recent-hashes';
import { preparedOnWire } from './row-columns';

/** The prepared export in parts of REPLY_PART_SPANS spans, each with the texts its spans reference. */
export function replyParts(id: number, prepared: PreparedTraces): PrepareReply[] {
  if (prepared.spans.length <= REPLY_PART_SPANS) return [{ id, ok: true, prepared: preparedOnWire(prepared), more: false }];
  const parts: PrepareReply[] = [];
  for (let from = 0; from < prepared.spans.length; from += REPLY_PART_SPANS) {
    const spans = prepared.spans.slice(from, from + REPLY_PART_SPANS);
    const texts = new Map<string, string>();
    const packed = prepared.packed && new Map<string, Uint8Array>();
    for (const span of spans) {
      for (const hash of span.refs) {
        texts.set(hash, prepared.texts.get(hash)!);
        const bytes = prepared.packed?.get(hash);
        if (bytes) packed!.set(hash, bytes);
      }
    }
    const first = from === 0;
    parts.push({
      id, ok: true, more: from + REPLY_PART_SPANS < prepared.spans.length,
      prepared: preparedOnWire({ spans, texts, ...(packed ? { packed } : {}), rejected: first ? prepared.rejected : 0, errors: first ? prepared.errors : [], warnings: first ? prepared.warnings : [] }),
    });
  }
  return parts;
}

function answer(request: PrepareRequest, packedBefore: RecentHashes): PrepareReply[] {
  try {
    return replyParts(request.id, prepareTraces(request.body, request.encoding, request.packFrom, packedBefore));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ id: request.id, ok: false, malformed: error instanceof OtlpDecodeError, message }];
  }
}

export function runPrepareWorker(port: MessagePort): void {
  /** Parts not asked for yet, by export id. */
  const held = new Map<number, PrepareReply[]>();
  const packedBefore = new RecentHashes();
  port.on('message', (message: ToPrepareThread) => {
    if (message.kind === 'next') {
      const parts = held.get(message.id);
      const part = parts?.shift();
      if (parts?.length === 0) held.delete(message.id);
      if (part) port.postMessage(part);
      return;
    }
    const [first, ...rest] = answer(message, packedBefore);
    if (rest.length > 0) held.set(message.id, rest);
    port.postMessage(first);
  });
}
