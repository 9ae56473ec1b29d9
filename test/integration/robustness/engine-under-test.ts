/**
 * The real engine for robustness tests: the compiled worker (out/src/engine/worker.js) behind
 * EngineClient, its receiver on free loopback ports, plus raw HTTP and gRPC clients that send
 * exactly the bytes and headers a test chooses. Everything talks to 127.0.0.1 only.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { EngineClient } from '../../../src/engine/engine-client';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type EngineStats } from '../../../src/protocol/engine-api';

export const WORKER = path.resolve(__dirname, '../../../src/engine/worker.js');

export interface EngineUnderTest {
  client: EngineClient;
  httpPort: number;
  grpcPort: number;
  close(): Promise<void>;
}

export async function startEngineUnderTest(config: Partial<EngineConfig> = {}): Promise<EngineUnderTest> {
  const client = new EngineClient({
    workerPath: WORKER,
    config: { ...DEFAULT_ENGINE_CONFIG, httpPort: 0, grpcPort: 0, changeDebounceMs: 20, ...config },
  });
  const state = await client.call('startReceiver', {});
  assert.ok(state.running && state.http, `receiver did not start: ${state.error}`);
  return { client, httpPort: state.http.port, grpcPort: state.grpc?.port ?? -1, close: () => client.dispose() };
}

/**
 * The engine still answers: `stats` comes back within `withinMs` (a hang detector, not a speed
 * figure; generous because two cores are shared). Returns the stats.
 */
export async function assertResponsive(engine: EngineUnderTest, withinMs = 15_000): Promise<EngineStats> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the engine did not answer stats within ${withinMs} ms`)), withinMs)));
  try {
    const stats = await Promise.race([engine.client.call('stats', {}), timeout]);
    assert.equal(stats.receiver.running, true, 'the receiver is still running');
    return stats;
  } finally {
    clearTimeout(timer);
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A POST with full control of headers and bytes; `Host` defaults to the loopback address. With
 * `transfer-encoding: chunked` no Content-Length is sent (the receiver learns the size as it reads).
 * Each POST opens its own connection, closed once it is done: a socket kept alive from an earlier
 * POST may be closed by the receiver as idle just as a big body is written to it (EPIPE,
 * ECONNRESET). The connection itself is kept-alive, as exporters' are, so a refused body is still
 * drained and answered on it (a `Connection: close` request would have it closed after the answer).
 */
export function post(port: number, urlPath: string, body: Uint8Array, headers: Record<string, string>): Promise<HttpAnswer> {
  const length = headers['transfer-encoding'] === 'chunked' ? {} : { 'content-length': String(body.length) };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: urlPath, agent, headers: { host: `127.0.0.1:${port}`, ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written: that is an answer.
    req.on('error', reject);
    req.on('close', () => agent.destroy());
    req.end(Buffer.from(body));
  });
}

export const PROTOBUF = { 'content-type': 'application/x-protobuf' };
export const JSON_TYPE = { 'content-type': 'application/json' };

export interface GrpcAnswer {
  code: grpc.status;
  details: string;
  response?: Buffer;
}

const SERVICE_PATHS = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
} as const;

/** One unary Export call with raw protobuf bytes (no schema: the bytes are the test's choice). */
export function grpcExport(port: number, body: Uint8Array, options: { signal?: keyof typeof SERVICE_PATHS; gzip?: boolean; client?: grpc.Client } = {}): Promise<GrpcAnswer> {
  const client = options.client ?? new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': 64 * 1024 * 1024,
    ...(options.gzip ? { 'grpc.default_compression_algorithm': 2 } : {}),
  });
  return new Promise((resolve) => {
    const identity = (b: Buffer) => b;
    client.makeUnaryRequest(SERVICE_PATHS[options.signal ?? 'traces'], identity, identity, Buffer.from(body), { deadline: Date.now() + 30_000 }, (error, response) => {
      if (!options.client) client.close();
      if (error) resolve({ code: error.code ?? grpc.status.UNKNOWN, details: error.details ?? error.message });
      else resolve({ code: grpc.status.OK, details: '', response });
    });
  });
}

/** Span ids and parents of a trace as the engine stores them. */
export async function storedSpans(engine: EngineUnderTest, traceId: string): Promise<Map<string, string | null>> {
  const rows = await engine.client.call('getSpanRows', { traceId });
  return new Map(rows.map((r) => [r.spanId, r.parentSpanId]));
}

/** Deterministic pseudo-random bytes (a fixed seed, so a failure can be replayed). */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
