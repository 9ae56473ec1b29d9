/**
 * Decode-only and normalize-only throughput, in this process, no sockets and no worker: the upper
 * bounds of the ingest pipeline's first two stages, so the end-to-end figure can be read against them.
 * Baselines:
 *  - decoding (both encodings): V8's native `JSON.parse` of the same spans as OTLP/JSON — the
 *    fastest anything turns these bytes into JS objects; a protobuf decoder can beat it, a JSON one
 *    cannot (it includes it).
 *  - normalizing: `JSON.parse` of each span's input and output message attributes, the part of the
 *    work no normalizer can skip.
 */
import { decodeTraces } from '../../src/engine/otlp';
import { normalizeSpan } from '../../src/engine/semconv';
import type { DecodedSpan } from '../../src/engine/model';
import { buildRequests, type WireEncoding } from './llm-spans';
import { median, result, type BenchResult } from './results';

export interface InProcessOptions {
  requests: number;
  spansPerRequest: number;
  passes: number;
}

/** Spans per second of `pass`, median of `passes` alternating with `baselinePass`. */
function alternate(passes: number, spans: number, pass: () => void, baselinePass: () => void): { value: number; baseline: number } {
  pass();
  baselinePass(); // warm both up (JIT) before measuring
  const values: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < passes; i++) {
    let started = performance.now();
    pass();
    values.push(spans / ((performance.now() - started) / 1000));
    started = performance.now();
    baselinePass();
    baselines.push(spans / ((performance.now() - started) / 1000));
  }
  return { value: median(values), baseline: median(baselines) };
}

export function runInProcessBench(options: InProcessOptions, log: (line: string) => void): BenchResult[] {
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
    const measured = alternate(options.passes, spans, decodeAll, jsonParseAll);
    results.push(result(`decode-only ${encoding}`, measured.value, 'spans/s', { name: 'JSON.parse of the same spans as OTLP/JSON', value: measured.baseline }));
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
  const measured = alternate(options.passes, decoded.length, normalizeAll, parseMessagesAll);
  results.push(result('normalize-only', measured.value, 'spans/s', { name: 'JSON.parse of each span\'s message attributes', value: measured.baseline }));
  return results;
}
