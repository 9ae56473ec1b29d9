/**
 * Reading an HTTP request body under a size limit, then undoing its Content-Encoding under the
 * same limit. The decompressed size is bounded by zlib's maxOutputLength, which stops inflating as
 * soon as the limit is passed: a gzip bomb (a few KB that inflate to gigabytes) never gets to
 * allocate more than the limit.
 */
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

export class BodyTooLargeError extends Error {}
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

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume(); // discard without buffering, so the connection can still carry the answer
      reject(new BodyTooLargeError(`request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        chunks.length = 0;
        req.resume();
        reject(new BodyTooLargeError(`request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!done) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
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
