/**
 * The load generator: a separate process (like the application being debugged), so that building
 * and sending requests never runs on the caller's event loop whose delay the bench measures.
 * Driven over IPC by the bench (see `LoadGeneratorClient`): build a set of OTLP requests ahead of
 * time, then send them over loopback with a fixed number of requests in flight.
 */
import * as http from 'node:http';
import { buildRequests, llmSpanBatches, serializeSpans, type LlmTraceShape, type WireEncoding } from './llm-spans';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export type ToLoadGenerator =
  | { type: 'build'; encoding: WireEncoding; shape: LlmTraceShape; requests: number; spansPerRequest: number }
  | { type: 'send'; url: string; concurrency: number }
  /** Build each request just before sending it: for filling a store, where payload memory matters more than timing. */
  | { type: 'stream'; url: string; concurrency: number; encoding: WireEncoding; shape: LlmTraceShape; requests: number; spansPerRequest: number };

export type FromLoadGenerator =
  | { type: 'built'; requests: number; spans: number; bytes: number; buildMs: number }
  | { type: 'sent'; requests: number; bytes: number; failures: number; firstError?: string; elapsedMs: number }
  | { type: 'error'; message: string };

const CONTENT_TYPES: Record<WireEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

let prepared: { encoding: WireEncoding; bodies: Uint8Array[] } | null = null;

function post(agent: http.Agent, url: URL, encoding: WireEncoding, body: Uint8Array): Promise<string | null> {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': CONTENT_TYPES[encoding], 'Content-Length': body.byteLength } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolve(null);
          else resolve(`HTTP ${response.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`);
        });
        response.on('error', (error) => resolve(String(error)));
      },
    );
    request.on('error', (error) => resolve(String(error)));
    request.end(body);
  });
}

/** Sends `count` bodies from `bodyAt`, `concurrency` at a time. */
async function sendAll(urlText: string, encoding: WireEncoding, count: number, concurrency: number, bodyAt: (index: number) => Uint8Array): Promise<FromLoadGenerator> {
  const url = new URL(urlText);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let failures = 0;
  let bytes = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < count) {
      const body = bodyAt(next++);
      bytes += body.byteLength;
      const error = await post(agent, url, encoding, body);
      if (error) {
        failures++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { type: 'sent', requests: count, bytes, failures, firstError, elapsedMs };
}

async function handle(message: ToLoadGenerator): Promise<FromLoadGenerator> {
  switch (message.type) {
    case 'build': {
      const started = performance.now();
      const bodies = buildRequests(message.shape, message.encoding, message.requests, message.spansPerRequest);
      prepared = { encoding: message.encoding, bodies };
      const bytes = bodies.reduce((sum, body) => sum + body.byteLength, 0);
      return { type: 'built', requests: bodies.length, spans: bodies.length * message.spansPerRequest, bytes, buildMs: performance.now() - started };
    }
    case 'send': {
      if (!prepared) return { type: 'error', message: 'send before build' };
      const { encoding, bodies } = prepared;
      return sendAll(message.url, encoding, bodies.length, message.concurrency, (index) => bodies[index]);
    }
    case 'stream': {
      const batches = llmSpanBatches(message.shape, message.spansPerRequest);
      const next = (): Uint8Array => serializeSpans(batches.next().value as ReadableSpan[], message.encoding);
      return sendAll(message.url, message.encoding, message.requests, message.concurrency, next);
    }
  }
}

process.on('message', (message: ToLoadGenerator) => {
  handle(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
