/** Helpers of the tests on stored content (compressed at write, or later). */
import { readFileSync } from 'node:fs';
import type { DecodedSpan } from '../../../src/engine/model';
import { decodeTraces } from '../../../src/engine/otlp';
import { fixturePath, manifest } from '../../factories/fixture-payloads';
import type { OpenedStore } from './open-store';

/** About `length` characters of words, different per seed (compresses like prose). */
export function words(length: number, seed: number): string {
  const vocabulary = ['the', 'model', 'returned', 'a', 'tool', 'result', 'with', 'rows', 'of', 'data', 'and', 'then', 'stopped'];
  let state = seed + 1;
  let out = '';
  while (out.length < length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += `${vocabulary[state % vocabulary.length]} `;
  }
  return out;
}

/** Every span of the uncompressed trace fixtures captured from real instrumentation libraries. */
export function fixtureSpans(): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const entry of manifest()) {
    if (entry.signal !== 'traces' || entry.compression !== 'none' || entry.expectError) continue;
    spans.push(...decodeTraces(readFileSync(fixturePath(entry)), entry.encoding).items);
  }
  return spans;
}

/** The Trace JSON text of every stored trace, in trace id order. */
export function traceJsonText({ queries }: OpenedStore): string {
  const ids = queries.listTraces({ limit: 100_000 }).traces.map((t) => t.traceId).sort();
  return JSON.stringify(queries.getTraceJson(ids));
}

/** Bytes of the content table's text column. */
export function storedTextBytes(opened: OpenedStore): number {
  return opened.store.storageBreakdown().find((t) => t.table === 'content')!.columns.text;
}
