/**
 * Sends a Trace JSON document's UTF-8 text (the engine keeps it serialized, see
 * trace-text-cache.ts) a slice at a time, with the event loop running between slices and the
 * socket's backpressure honoured: a 50,000-span trace is neither copied into one more buffer of
 * tens of megabytes nor written in one long stop of the engine thread, whose other queries are
 * answered between slices. The bytes are written as they are: nothing is encoded again.
 */
import type { Response } from 'express';
import { nextTurn } from '../store/sliced';

/** Bytes per write. */
export const BYTES_PER_SLICE = 1 << 20;


function written(res: Response, chunk: Buffer): Promise<void> | undefined {
  if (res.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes `bytes` (a whole JSON document) and ends the response. */
export async function sendDocumentBytes(res: Response, bytes: Uint8Array): Promise<void> {
  res.status(200).type('application/json');
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (all.byteLength - at > BYTES_PER_SLICE) {
    if (res.destroyed) return;
    await (written(res, all.subarray(at, at + BYTES_PER_SLICE)) ?? nextTurn());
    at += BYTES_PER_SLICE;
  }
  res.end(all.subarray(at));
}
