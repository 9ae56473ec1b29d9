/**
 * Helpers for the extension-host tests: the running extension's API, bounded waiting, real OTLP
 * payloads from the OpenTelemetry SDK, and HTTP to the receiver on 127.0.0.1.
 */
import * as http from 'node:http';
import { context as otelContext, SpanStatusCode, trace } from '@opentelemetry/api';
import * as vscode from 'vscode';
import type { TracelightApi } from '../../../src/host/api';
import type { TraceSummary } from '../../../src/protocol/engine-api';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';

export const EXTENSION_ID = 'tracelight.tracelight';

export async function tracelight(): Promise<TracelightApi> {
  const extension = vscode.extensions.getExtension<TracelightApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.isActive ? extension.exports : await extension.activate();
}

/** Polls `probe` until it returns a truthy value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export function post(port: number, path: string, body: Uint8Array, contentType = 'application/x-protobuf'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': contentType, 'content-length': body.byteLength }, timeout: 5000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.end(body);
  });
}

/** A small agent trace made by the real SDK: agent → retrieval, llm (error optional), tool. */
export function agentTrace(rootName: string, options: { service?: string; error?: boolean } = {}): { traceId: string; body: Uint8Array } {
  const spans = recordSpans((tracer) => {
    const root = tracer.startSpan(rootName, { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'helper' } });
    const ctx = trace.setSpan(otelContext.active(), root);
    tracer.startSpan('retrieve docs', { attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': 'refunds' } }, ctx).end();
    const llm = tracer.startSpan('chat gpt-4o-mini', {
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30,
      },
    }, ctx);
    if (options.error) llm.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    llm.end();
    tracer.startSpan('execute_tool get_weather', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' } }, ctx).end();
    root.end();
  }, options.service ?? 'e2e-agent');
  return { traceId: spans[0]!.spanContext().traceId, body: tracesProtobuf(spans) };
}

export async function traceInTree(api: TracelightApi, traceId: string): Promise<TraceSummary | undefined> {
  return api.traces.traces.find((t) => t.traceId === traceId);
}
