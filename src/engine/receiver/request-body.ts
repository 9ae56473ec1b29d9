/**
 * Reading an HTTP request body under a size limit, then undoing its Content-Encoding under the
 * same limit. The decompressed size is bounded by zlib's maxOutputLength, which stops inflating as
 * soon as the limit is passed: a gzip bomb (a few KB that inflate to gigabytes) never gets to
 * allocate more than the limit.
 */
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

export class BodyTooLargeError extends Error {
  /** True when the rest of the body is not read: the answer must close the connection. */
  constructor(message: string, readonly closeConnection = false) {
    super(message);
  }
}
export class BadEncodingError extends Error {}

export type ContentEncoding = 'identity' | 'gzip' | 'deflate';

/** The request's Content-Encoding, or null when it is one this receiver does not speak. */
export function contentEncodingOf(header: string | undefined): ContentEncoding | null {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  return null;
}

/**
 * How much of a refused body is read and thrown away. A client that is still sending when the
 * answer comes must not find the connection closed: its next write fails (EPIPE, ECONNRESET)
 * and it never sees the 413, and OTLP exporters retry network errors, so it would send the same
 * body again and again. Reading the rest keeps the connection, and the answer, intact. The bounds
 * keep a client that declares or sends gigabytes from holding the receiver: memory stays flat
 * (the chunks are dropped as they come), and past these the connection is cut.
 */
export const MAX_DISCARD_BYTES = 64 * 1024 * 1024;
export const MAX_DISCARD_MS = 30_000;

/**
 * Reads the rest of a refused request and drops it, without buffering. Gives up (closing the
 * connection) after MAX_DISCARD_BYTES in all or MAX_DISCARD_MS.
 */
export function discardBody(req: IncomingMessage, alreadyRead = 0): void {
  if (req.complete) return;
  let discarded = alreadyRead;
  const giveUp = () => {
    finish();
    req.socket.destroy();
  };
  const timer = setTimeout(giveUp, MAX_DISCARD_MS);
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) giveUp();
  };
  const finish = () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', finish);
    req.off('close', finish);
  };
  req.on('data', onData);
  req.once('end', finish);
  req.once('close', finish);
  req.resume();
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Refused before reading; the body is still read off the wire so the answer gets through.
      const drained = declared <= MAX_DISCARD_BYTES;
      if (drained) discardBody(req);
      reject(new BodyTooLargeError(`request body of ${declared} bytes exceeds the limit of ${limit} bytes`, !drained));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    // With its length declared, the body is read into memory the prepare thread can read too.
    let shared = Number.isFinite(declared) && declared > 0 ? sharedBuffer(declared) : null;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        chunks.length = 0;
        shared = null;
        // Without a Content-Length the size shows only now; the rest is read off and dropped.
        discardBody(req, size);
        reject(new BodyTooLargeError(`request body exceeds the limit of ${limit} bytes`));
        return;
      }
      if (shared && size <= shared.length) chunk.copy(shared, size - chunk.length);
      else {
        // More than declared (Node's parser does not let that happen): collected as chunks after all.
        if (shared) chunks.push(shared.subarray(0, size - chunk.length));
        shared = null;
        chunks.push(chunk);
      }
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!done) resolve(shared ? shared.subarray(0, size) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
      done = true;
    });
    req.once('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
    // A client that goes away mid-body must not leave the promise pending forever.
    req.once('close', () => {
      if (!done) reject(new Error('the client closed the connection before the body ended'));
      done = true;
    });
  });
}

/**
 * A Buffer over a SharedArrayBuffer, or null where there is none. The prepare thread reads a body
 * posted in one as it is (worker-preparer.ts): no copy to transfer on the receiving thread, which
 * also runs the store and limits ingest, and the body stays readable there should the prepare
 * thread die before answering. Each copy of a 3 MB body cost about 1.7 ms there (mostly faulting
 * in a fresh allocation).
 */
function sharedBuffer(length: number): Buffer | null {
  return typeof SharedArrayBuffer === 'function' ? Buffer.from(new SharedArrayBuffer(length)) : null;
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);

export async function decompress(body: Buffer, encoding: ContentEncoding, limit: number): Promise<Buffer> {
  if (encoding === 'identity') return body;
  const options = { maxOutputLength: limit };
  try {
    if (encoding === 'gzip') return await gunzip(body, options);
    try {
      return await inflate(body, options);
    } catch (error) {
      if (isTooLarge(error)) throw error;
      // "deflate" means zlib-wrapped data, but some clients send raw deflate streams.
      return await inflateRaw(body, options);
    }
  } catch (error) {
    if (isTooLarge(error)) throw new BodyTooLargeError(`decompressed request body exceeds the limit of ${limit} bytes`);
    throw new BadEncodingError(`body is not valid ${encoding} data: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function isTooLarge(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}
