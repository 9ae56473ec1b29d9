/**
 * Decode-only, normalize-only and store-only throughput, in this process, no sockets and no worker:
 * the upper bounds of the ingest pipeline's stages, so the end-to-end figure can be read against them.
 * Baselines:
 *  - decoding (both encodings): V8's native `JSON.parse` of the same spans as OTLP/JSON — the
 *    fastest anything turns these bytes into JS objects; a protobuf decoder can beat it, a JSON one
 *    cannot (it includes it).
 *  - normalizing: `JSON.parse` of each span's input and output message attributes, the part of the
 *    work no normalizer can skip.
 *  - storing (TraceStore.ingestSpans: normalize + content dedup + rows + summaries, in sql.js): the
 *    naive design it replaces — each span as one JSON row in a bare sql.js table, one prepared
 *    statement, one transaction per batch.
 */
import { decodeTraces } from '../../src/engine/otlp';
import { normalizeSpan } from '../../src/engine/semconv';
import type { DecodedSpan } from '../../src/engine/model';
import { buildRequests, type WireEncoding } from './llm-spans';
import { runPrepareBench } from './prepare-bench';
import { runStoreOnlyBench } from './store-only-bench';
import { alternateRates, result, type BenchResult } from './results';

export interface InProcessOptions {
  requests: number;
  spansPerRequest: number;
  passes: number;
}

export async function runInProcessBench(options: InProcessOptions, log: (line: string) => void): Promise<BenchResult[]> {
  const shape = { spansPerTrace: 10, seed: 42, startTimeMs: Date.now() - 3_600_000 };
  const bodies: Record<WireEncoding, Uint8Array[]> = {
    protobuf: buildRequests(shape, 'protobuf', options.requests, options.spansPerRequest),
    json: buildRequests(shape, 'json', options.requests, options.spansPerRequest),
  };
  const spans = options.requests * options.spansPerRequest;
  const decoder = new TextDecoder();
  const jsonParseAll = (): void => {
    for (const body of bodies.json) JSON.parse(decoder.decode(body));
  };
  const results: BenchResult[] = [];

  for (const encoding of ['protobuf', 'json'] as const) {
    log(`decode-only ${encoding}: ${spans} spans x ${options.passes} passes`);
    const decodeAll = (): void => {
      for (const body of bodies[encoding]) {
        const decoded = decodeTraces(body, encoding);
        if (decoded.items.length !== options.spansPerRequest) throw new Error(`decoded ${decoded.items.length} spans, expected ${options.spansPerRequest}: ${decoded.errors.join('; ')}`);
      }
    };
    const measured = alternateRates(options.passes, spans, decodeAll, jsonParseAll);
    results.push(result(`decode-only ${encoding}`, measured.value, 'spans/CPU-s', { name: 'JSON.parse of the same spans as OTLP/JSON', value: measured.baseline }));
  }

  log(`normalize-only: ${spans} spans x ${options.passes} passes`);
  const decoded: DecodedSpan[] = bodies.protobuf.flatMap((body) => decodeTraces(body, 'protobuf').items);
  const normalizeAll = (): void => {
    for (const span of decoded) normalizeSpan(span, []);
  };
  const parseMessagesAll = (): void => {
    for (const span of decoded) {
      JSON.parse(span.attributes['gen_ai.input.messages'] as string);
      JSON.parse(span.attributes['gen_ai.output.messages'] as string);
    }
  };
  const sample = normalizeSpan(decoded[1], []);
  if (sample.kind !== 'llm') log(`  note: the normalizer classifies a chat span as '${sample.kind}' (not 'llm' yet)`);
  const measured = alternateRates(options.passes, decoded.length, normalizeAll, parseMessagesAll);
  results.push(result('normalize-only', measured.value, 'spans/CPU-s', { name: 'JSON.parse of each span\'s message attributes', value: measured.baseline }));
  results.push(await runStoreOnlyBench(decoded, options, log));
  results.push(...(await runPrepareBench(bodies, spans, options.passes, log)));
  return results;
}
