/**
 * The read-only query API beside the receiver, for scripts, CI checks and assistants:
 *   GET /api/traces?limit=N        newest first, Trace JSON traces without spans (with spanCount)
 *   GET /api/traces/{traceId}      one trace in full Trace JSON
 *   GET /api/traces/{traceId}/spans/{spanId}/links?offset=N&limit=N
 *                                  the span's links named, and the spans linking to it (a page)
 *   GET /api/logs?limit=N          log records without a trace id, newest first, bodies clipped
 *   GET /api/logs/{id}             one of them in full
 */
import type { Router } from 'express';
import express from 'express';
import type { TraceJsonDocument } from '../../protocol/trace-json';
import { traceJsonHeader } from '../../protocol/trace-summary-json';
import type { TraceQuerySource } from '../ingest';
import { sendError } from './otlp-http-routes';
import { sendDocumentBytes } from './trace-document-stream';

const DEFAULT_LIMIT = 50;
/** Larger limits are clamped to this. */
const MAX_LIMIT = 1000;
const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;
/** A document without traces is the only one this short. */
const EMPTY_DOCUMENT_BYTES = JSON.stringify({ version: 1, traces: [] } satisfies TraceJsonDocument).length;

export function queryRoutes(query: TraceQuerySource, onError: (message: string) => void): Router {
  const router = express.Router();
  router.get('/api/traces', (req, res) => {
    const limit = parseLimit(req.query.limit);
    if (limit === null) {
      sendError(res, 'json', 400, 3, 'limit must be a positive integer');
      return;
    }
    const traces = query.listTraces({ limit }).traces.map(traceJsonHeader);
    const document: TraceJsonDocument = { version: 1, traces };
    res.json(document);
  });
  router.get('/api/traces/:traceId', async (req, res, next) => {
    const traceId = String(req.params.traceId);
    if (!TRACE_ID.test(traceId)) {
      sendError(res, 'json', 400, 3, `'${traceId.slice(0, 64)}' is not a trace id (32 hex digits)`);
      return;
    }
    let bytes: Uint8Array;
    try {
      // Built in slices when not kept: other queries are answered between them.
      bytes = await query.readTraceJsonBytes([traceId.toLowerCase()]);
    } catch (error) {
      next(error);
      return;
    }
    if (bytes.byteLength === EMPTY_DOCUMENT_BYTES) {
      sendError(res, 'json', 404, 5, `trace ${traceId.toLowerCase()} is not in the store`);
      return;
    }
    // Once streaming has begun, a failure can only cut the answer short (the client sees it truncated).
    sendDocumentBytes(res, bytes).catch((error: unknown) => (res.headersSent ? res.destroy(error as Error) : next(error)));
  });
  router.get('/api/traces/:traceId/spans/:spanId/links', (req, res) => {
    const traceId = String(req.params.traceId);
    const spanId = String(req.params.spanId);
    if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId)) {
      sendError(res, 'json', 400, 3, 'expected a trace id (32 hex digits) and a span id (16 hex digits)');
      return;
    }
    const offset = parseCount(req.query.offset, 0, 0);
    const limit = parseCount(req.query.limit, DEFAULT_LIMIT, 1);
    if (offset === null || limit === null) {
      sendError(res, 'json', 400, 3, 'offset and limit must be integers (limit at least 1)');
      return;
    }
    const document = query.getSpanLinks(traceId.toLowerCase(), spanId.toLowerCase(), offset, Math.min(limit, MAX_LIMIT));
    if (!document) {
      sendError(res, 'json', 404, 5, `span ${spanId.toLowerCase()} of trace ${traceId.toLowerCase()} is not in the store`);
      return;
    }
    res.json(document);
  });
  router.get('/api/logs', (req, res) => {
    const limit = parseLimit(req.query.limit);
    if (limit === null) {
      sendError(res, 'json', 400, 3, 'limit must be a positive integer');
      return;
    }
    res.json({ version: 1, ...query.listUntracedLogs({ limit }) });
  });
  router.get('/api/logs/:id', (req, res) => {
    const id = String(req.params.id);
    const record = /^\d{1,15}$/.test(id) ? query.getUntracedLog(Number(id)) : undefined;
    if (record === undefined) {
      sendError(res, 'json', 400, 3, `'${id.slice(0, 64)}' is not a log record id (a number)`);
      return;
    }
    if (record === null) {
      sendError(res, 'json', 404, 5, `log record ${id} is not in the store (never received, or dropped by retention)`);
      return;
    }
    res.json({ version: 1, record });
  });
  router.all(['/api/traces', '/api/traces/:traceId', '/api/traces/:traceId/spans/:spanId/links', '/api/logs', '/api/logs/:id'], (req, res) => {
    res.setHeader('Allow', 'GET');
    sendError(res, 'json', 405, 12, `method ${req.method} is not allowed: the query API is read-only`);
  });
  // A failing store must answer 500, not take the request down with it.
  router.use('/api', (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const message = error instanceof Error ? error.message : String(error);
    onError(`query API failed: ${message}`);
    sendError(res, 'json', 500, 13, `query failed: ${message}`);
  });
  return router;
}

function parseLimit(value: unknown): number | null {
  const limit = parseCount(value, DEFAULT_LIMIT, 1);
  return limit === null ? null : Math.min(limit, MAX_LIMIT);
}

/** A non-negative integer query parameter at least `min`; the default when absent, null when malformed. */
function parseCount(value: unknown, absent: number, min: number): number | null {
  if (value === undefined) return absent;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  // Past any store's size; keeps SQLite's integer binding exact.
  const count = Math.min(Number(value), 2 ** 31);
  return count >= min ? count : null;
}
