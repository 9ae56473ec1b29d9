/**
 * OTLP/HTTP: POST [<prefix>]/v1/traces, /v1/logs, /v1/metrics with protobuf or JSON bodies, optionally gzip
 * or deflate compressed. Answers follow the OTLP/HTTP specification: the Export*ServiceResponse
 * in the request's own encoding, or an error status with a google.rpc.Status-like body.
 */
import type { Request, Response, Router } from 'express';
import express from 'express';
import type { Signal } from '../ingest';
import { encodeStatus, type OtlpEncoding } from '../otlp';
import { handleExport, recordRefused, type ExportContext } from './export-handler';
import { BadEncodingError, BodyTooLargeError, contentEncodingOf, decompress, discardBody, readBody } from './request-body';

export interface OtlpRoutesOptions {
  maxBodyBytes: number;
  context: (req: Request) => ExportContext;
}

const MEDIA_TYPES: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  // Not the spec's name, but sent by some clients; the bytes are the same.
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

// google.rpc.Code values used in error bodies.
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const UNIMPLEMENTED = 12;
const INTERNAL = 13;

/**
 * The signal an OTLP path names, or undefined. Any prefix is accepted: SDKs configured with a base
 * URL that has a path post to `<base>/v1/traces` (Langfuse's span processor to
 * `<baseUrl>/api/public/otel/v1/traces`), and the receiver should take them as they are. A
 * trailing slash and any letter case are tolerated, as Express routes do by default.
 */
export function otlpSignalOf(path: string): Signal | undefined {
  return /\/v1\/(traces|logs|metrics)\/?$/i.exec(path)?.[1]?.toLowerCase() as Signal | undefined;
}

export function otlpRoutes(options: OtlpRoutesOptions): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    const signal = otlpSignalOf(req.path);
    if (!signal) {
      next();
      return;
    }
    if (req.method === 'POST') {
      // handleOtlpPost answers its own errors; anything unexpected goes to the 500 handler.
      void handleOtlpPost(signal, req, res, options).catch(next);
    } else if (req.method === 'OPTIONS') {
      res.setHeader('Allow', 'POST, OPTIONS');
      res.status(204).end();
    } else {
      const reason = `method ${req.method} is not allowed on ${req.path}; use POST`;
      recordRefused(options.context(req), signal, 0, reason);
      res.setHeader('Allow', 'POST, OPTIONS');
      sendError(res, 'json', 405, UNIMPLEMENTED, reason);
    }
  });
  return router;
}

async function handleOtlpPost(signal: Signal, req: Request, res: Response, options: OtlpRoutesOptions): Promise<void> {
  const context = options.context(req);
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const encoding = MEDIA_TYPES[mediaType];
  if (!encoding) {
    const reason = `unsupported content type '${mediaType || '(none)'}': use application/x-protobuf or application/json`;
    discardBody(req);
    recordRefused(context, signal, 0, reason);
    sendError(res, 'json', 415, INVALID_ARGUMENT, reason);
    return;
  }
  const contentEncoding = contentEncodingOf(req.headers['content-encoding']);
  if (!contentEncoding) {
    const reason = `unsupported content encoding '${req.headers['content-encoding']}': use gzip, deflate or none`;
    discardBody(req);
    recordRefused(context, signal, 0, reason);
    sendError(res, encoding, 415, INVALID_ARGUMENT, reason);
    return;
  }
  let wire: Buffer;
  let body: Buffer;
  try {
    wire = await readBody(req, options.maxBodyBytes);
    body = await decompress(wire, contentEncoding, options.maxBodyBytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof BodyTooLargeError) {
      recordRefused(context, signal, 0, message);
      // Normally the rest of the body is being read and dropped, so the connection stays usable
      // and the client gets this answer even while still sending; a body too big to drain is cut.
      if (error.closeConnection) res.setHeader('Connection', 'close');
      sendError(res, encoding, 413, RESOURCE_EXHAUSTED, message);
    } else if (error instanceof BadEncodingError) {
      recordRefused(context, signal, 0, message);
      sendError(res, encoding, 400, INVALID_ARGUMENT, message);
    } else {
      // The client went away mid-body: nobody is left to answer.
      context.log('debug', `${signal} request from ${context.remote ?? 'unknown'} ended early: ${message}`);
    }
    return;
  }
  const outcome = await handleExport(signal, body, encoding, wire.length, context);
  if (outcome.kind === 'accepted') {
    res.status(200).type(encoding === 'json' ? 'application/json' : 'application/x-protobuf').end(Buffer.from(outcome.response));
  } else if (outcome.kind === 'malformed') {
    sendError(res, encoding, 400, INVALID_ARGUMENT, outcome.message);
  } else {
    sendError(res, encoding, 500, INTERNAL, outcome.message);
  }
}

/** An error answer: google.rpc.Status in the client's encoding ({code, message} in JSON). */
export function sendError(res: Response, encoding: OtlpEncoding, httpStatus: number, rpcCode: number, message: string): void {
  if (res.headersSent) return;
  res
    .status(httpStatus)
    .type(encoding === 'json' ? 'application/json' : 'application/x-protobuf')
    .end(Buffer.from(encodeStatus(encoding, rpcCode, message)));
}
