/**
 * A driver for the prepare thread's stages in process (not part of `npm run bench`): the bench's
 * 5 KB model-call spans, each stage timed alone in CPU time per span, ROUNDS times:
 *   prepare          prepareTraces, the whole step (decode, fields, row values, hashing)
 *   decode           decodeTraces
 *   fields           fieldsForIngest (row columns, tool-call keys)
 *   rowValues        spanRowValues with the content hash (detail encoding + sha1)
 *   rowValuesNoHash  the same with a constant in place of the hash
 *   sha1             contentHash of every text the row values stored (each text met again in an
 *                    export is looked up instead: see piece-memo.ts)
 *   pack             encodeContentText of each distinct text of 1 KB or more (what the thread
 *                    adds per export while the store's waiting content is at its cap)
 *   send / receive   the prepared exports as posted (preparedOnWire, v8.serialize) and read back
 *                    on the store's thread (v8.deserialize, preparedFromWire)
 *   npx esbuild bench/src/prepare-stages-profile.ts --bundle --platform=node --outfile=out/prepare-stages/main.js
 *   ENCODING=protobuf ROUNDS=5 node out/prepare-stages/main.js
 */
import * as v8 from 'node:v8';
import { decodeTraces } from '../../src/engine/otlp';
import { prepareTraces } from '../../src/engine/prepare/prepare-traces';
import { preparedFromWire, preparedOnWire, type PreparedOnWire } from '../../src/engine/prepare/row-columns';
import { encodeContentText } from '../../src/engine/store/content-text';
import { fieldsForRowColumns, normalizeSpan } from '../../src/engine/semconv';
import { contentHash } from '../../src/engine/store/content-hash';
import { PieceMemo } from '../../src/engine/store/piece-memo';
import { spanRowValues } from '../../src/engine/store/span-row-values';
import type { PieceRef } from '../../src/engine/store/string-codec';
import { fieldsForIngest } from '../../src/engine/store/tool-call-keys';
import { buildRequests, type WireEncoding } from './llm-spans';
import { cpuMs } from './results';

const encoding = (process.env.ENCODING ?? 'protobuf') as WireEncoding;
const rounds = Number(process.env.ROUNDS ?? 5);
const bodies = buildRequests({ spansPerTrace: 10, seed: 42, startTimeMs: Date.now() - 3_600_000 }, encoding, 10, 512);
const decoded = bodies.map((body) => decodeTraces(body, encoding).items);
const spans = decoded.reduce((n, items) => n + items.length, 0);
const fieldsOf = (items: typeof decoded[number]) => items.map((s) => fieldsForIngest(s, (x) => fieldsForRowColumns(x, []), (x) => normalizeSpan(x, [])));
const fields = decoded.map(fieldsOf);
const texts: string[] = [];
const rowValues = (hash: (text: string) => string): void => {
  decoded.forEach((items, i) => {
    // One writer per export, as prepareDecodedSpans makes it.
    const writer = { store: hash, hold: () => undefined, chains: new Map<string, string>(), pieces: new PieceMemo<PieceRef>() };
    items.forEach((span, j) => spanRowValues(span, fields[i][j], writer));
  });
};
rowValues((text) => {
  texts.push(text);
  return contentHash(text);
});
const prepared = bodies.map((body) => prepareTraces(body, encoding));
const posted = prepared.map((p) => v8.serialize(preparedOnWire(p)));
const longTexts = prepared.flatMap((p) => [...p.texts.values()].filter((text) => Buffer.byteLength(text, 'utf8') >= 1024));
const stages: Record<string, () => void> = {
  prepare: () => bodies.forEach((body) => prepareTraces(body, encoding)),
  decode: () => bodies.forEach((body) => decodeTraces(body, encoding)),
  fields: () => decoded.forEach(fieldsOf),
  rowValues: () => rowValues(contentHash),
  rowValuesNoHash: () => rowValues(() => 'hash'),
  sha1: () => texts.forEach(contentHash),
  pack: () => longTexts.forEach((text) => encodeContentText(text)),
  send: () => prepared.forEach((p) => v8.serialize(preparedOnWire(p))),
  receive: () => posted.forEach((bytes) => preparedFromWire(v8.deserialize(bytes) as PreparedOnWire)),
};
console.log(`${spans} ${encoding} spans, ${(texts.length / spans).toFixed(1)} texts hashed and ${(longTexts.length / spans).toFixed(1)} of 1 KB or more per span; CPU-µs per span:`);
for (let round = 0; round < rounds; round++) {
  const line: string[] = [];
  for (const [name, run] of Object.entries(stages)) {
    const started = cpuMs();
    run();
    line.push(`${name} ${(((cpuMs() - started) * 1000) / spans).toFixed(1)}`);
  }
  console.log(`  ${line.join('  ')}`);
}
