/**
 * The generated sources both byte-for-byte dumps (trace-json-dump.ts: what reads give back;
 * prepare-dump.ts: what ingest stores) write besides the fixtures, so the two compare the same
 * inputs: the hostile traces, bench-shaped model calls and agent runs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { DecodedSpan } from '../../src/engine/model';
import type { OtlpEncoding } from '../../src/engine/otlp';
import { hostileLinksTrace } from '../../test/factories/hostile-links';
import { deepChainTrace, degenerateTrace, hostileFramesTrace, hugeValuesTrace, ragAgentTrace, spoofingTrace, wideAgentTrace, wideSpanTrace } from '../../test/factories/hostile-traces';
import { agentSpans } from './agent-spans';
import { llmSpanBatches } from './llm-spans';

export interface DumpBody {
  name: string;
  body: Uint8Array;
  encoding: OtlpEncoding;
}

/**
 * The hostile traces as OTLP bodies. They have random ids and times, so each is made once and kept
 * in `bodiesDir` (beside the dumps): two builds then read the same bytes.
 */
export function hostileBodies(bodiesDir: string): DumpBody[] {
  mkdirSync(bodiesDir, { recursive: true });
  const kept = (name: string, make: () => Uint8Array): Uint8Array => {
    const file = path.join(bodiesDir, `${name}.bin`);
    if (existsSync(file)) return readFileSync(file);
    const body = make();
    writeFileSync(file, body);
    return body;
  };
  const hostile = { wideAgent: () => wideAgentTrace(3000), ragAgent: () => ragAgentTrace(3000), deepChain: () => deepChainTrace(2000), wideSpan: () => wideSpanTrace(),
    hugeValues: () => hugeValuesTrace(1), spoofing: spoofingTrace, degenerate: degenerateTrace, frames: hostileFramesTrace, links: hostileLinksTrace };
  return Object.entries(hostile).map(([name, make]) => ({ name, body: kept(name, make), encoding: name === 'links' ? 'json' : 'protobuf' }));
}

/** 600 of the bench's 5 KB model-call spans, in traces of 50. */
export function benchLlmSpans(): ReadableSpan[] {
  return llmSpanBatches({ spansPerTrace: 50, seed: 5, startTimeMs: Date.UTC(2026, 0, 1) }, 600).next().value!;
}

/** Twelve agent runs that resend their whole conversation on every call. */
export function benchAgentChains(): DecodedSpan[] {
  const source = agentSpans(3, Date.UTC(2026, 0, 1));
  const chains: DecodedSpan[] = [];
  for (let i = 0; i < 12; i++) chains.push(...source.nextAgent());
  return chains;
}
