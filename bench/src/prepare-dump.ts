/**
 * Writes what the prepare thread hands the store for every fixture, the hostile traces and
 * bench-shaped traces: each span's row values (columns, detail JSON, content references), the text
 * of every content hash, and each span's full normalization, one file per source, so two builds of
 * the prepare step can be compared byte for byte (`diff -r BEFORE AFTER`). trace-json-dump.ts
 * compares what reads give back; this compares what ingest stores. Not part of `npm run bench`.
 *   npx esbuild bench/src/prepare-dump.ts --bundle --platform=node --outfile=out/prepare-dump/main.js
 *   node out/prepare-dump/main.js DIR
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DecodedSpan } from '../../src/engine/model';
import { decodeTraces, type OtlpEncoding } from '../../src/engine/otlp';
import { prepareDecodedSpans, prepareTraces } from '../../src/engine/prepare/prepare-traces';
import { normalizeSpan } from '../../src/engine/semconv';
import { fixturePath, manifest } from '../../test/factories/fixture-payloads';
import { benchAgentChains, benchLlmSpans, hostileBodies } from './dump-sources';
import { serializeSpans } from './llm-spans';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: node out/prepare-dump/main.js DIR');
mkdirSync(outDir, { recursive: true });

function dumpPrepared(name: string, prepared: ReturnType<typeof prepareDecodedSpans>, spans: readonly DecodedSpan[]): void {
  const lines = prepared.spans.map((row) => JSON.stringify(row));
  lines.push(JSON.stringify([...prepared.texts]), JSON.stringify(prepared.warnings));
  for (const span of spans) lines.push(JSON.stringify(normalizeSpan(span, [])));
  writeFileSync(path.join(outDir, `${name}.jsonl`), lines.join('\n') + '\n');
}

function dumpSpans(name: string, spans: readonly DecodedSpan[]): void {
  dumpPrepared(name, prepareDecodedSpans(spans), spans);
}

function dumpBody(name: string, body: Uint8Array, encoding: OtlpEncoding): void {
  const prepared = prepareTraces(body, encoding);
  dumpPrepared(name, { ...prepared, warnings: [...prepared.warnings, ...prepared.errors, String(prepared.rejected)] }, decodeTraces(body, encoding).items);
}

function main(): void {
  for (const e of manifest().filter((entry) => entry.signal === 'traces')) {
    const raw = readFileSync(fixturePath(e));
    let body: Uint8Array;
    try {
      body = e.compression === 'gzip' ? gunzipSync(raw) : raw;
    } catch {
      continue;
    }
    const name = `fixture-${path.basename(fixturePath(e)).replace(/\W+/g, '-')}`;
    try {
      dumpBody(name, body, e.encoding);
    } catch (error) {
      writeFileSync(path.join(outDir, `${name}.error`), `${(error as Error).message}\n`);
    }
  }
  for (const { name, body, encoding } of hostileBodies(path.join(path.dirname(path.resolve(outDir)), 'prepare-dump-bodies'))) dumpBody(`hostile-${name}`, body, encoding);
  const llm = benchLlmSpans();
  dumpBody('bench-llm-protobuf', serializeSpans(llm, 'protobuf'), 'protobuf');
  dumpBody('bench-llm-json', serializeSpans(llm, 'json'), 'json');
  dumpSpans('bench-agents', benchAgentChains());
  console.log(`wrote ${outDir}`);
}

main();
