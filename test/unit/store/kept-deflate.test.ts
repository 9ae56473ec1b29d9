/**
 * The kept deflate stream (kept-deflate.ts) must give exactly the bytes of a fresh
 * `zlib.deflateRawSync` with the same options, whatever it compressed before: stored content
 * compressed by either reads the same, and a text compressed on the prepare thread and on the
 * store's thread is the same row.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import * as zlib from 'node:zlib';
import { COMPRESS_FROM, decodeContentText, encodeContentText } from '../../../src/engine/store/content-text';
import { KeptDeflate } from '../../../src/engine/store/kept-deflate';
import { fixtureSpans, words } from './stored-content';

const OPTIONS = { level: 1, windowBits: 12 };

/** Long string attribute values of the fixtures captured from real instrumentation libraries. */
function fixtureTexts(): Buffer[] {
  const texts: Buffer[] = [];
  for (const span of fixtureSpans()) {
    for (const value of Object.values(span.attributes)) {
      if (typeof value === 'string' && value.length >= 200) texts.push(Buffer.from(value, 'utf8').subarray(0, 4096));
    }
  }
  return texts;
}

test('a kept stream gives the bytes of a fresh deflateRawSync for every text, longer texts before shorter ones included', () => {
  const kept = new KeptDeflate({ ...OPTIONS }, 4096);
  const texts: Buffer[] = [];
  // Lengths falling and rising, so a text often follows a longer one (whose bytes stay in the window).
  for (let i = 0; i < 600; i++) texts.push(Buffer.from(words(300 + ((i * 2654435761) % 3700), i), 'utf8').subarray(0, 4096));
  texts.push(...fixtureTexts());
  texts.push(randomBytes(4096), Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(4096, 0x61));
  let checked = 0;
  for (const text of texts) {
    const expected = zlib.deflateRawSync(text, OPTIONS);
    assert.deepEqual(kept.deflate(text), expected, `text ${checked} of ${text.length} bytes`);
    assert.deepEqual(zlib.inflateRawSync(kept.deflate(text)), text);
    checked++;
  }
  assert.ok(checked > 600, `${checked} texts`);
  // On the Node versions this runs on (20 here, 24 in the VS Code test tools) the kept stream is used.
  assert.equal(kept.kept, true, 'the kept stream is used, not the fallback');
});

test('a text a little shorter than the one before (whose bytes stay just past its end) gives the bytes of a fresh stream', () => {
  const kept = new KeptDeflate({ ...OPTIONS }, 4096);
  let differing = 0;
  for (let i = 0; i < 1500; i++) {
    const longer = Buffer.from(words(1200 + (i % 2800), 1000 + i), 'utf8').subarray(0, 4096);
    const shorter = longer.subarray(0, longer.length - 1 - (i % 250));
    kept.deflate(longer);
    if (!kept.deflate(shorter).equals(zlib.deflateRawSync(shorter, OPTIONS))) differing++;
  }
  assert.equal(differing, 0, `${differing} of 1500 texts came out otherwise`);
});

test('texts longer than the kept stream takes go through deflateRawSync, with the same options', () => {
  const kept = new KeptDeflate({ ...OPTIONS }, 1024);
  const long = Buffer.from(words(5000, 7), 'utf8');
  assert.deepEqual(kept.deflate(long), zlib.deflateRawSync(long, OPTIONS));
  const short = Buffer.from(words(1000, 8), 'utf8');
  assert.deepEqual(kept.deflate(short), zlib.deflateRawSync(short, OPTIONS));
});

test('stored content compressed through the kept stream reads back, with the marker and the old format', () => {
  for (let i = 0; i < 50; i++) {
    const text = `${words(COMPRESS_FROM + i * 61, 100 + i)} — naïve café 日本語`;
    const stored = encodeContentText(text);
    const bytes = Buffer.from(text, 'utf8');
    const windowBits = bytes.length <= 4096 ? 12 : 15;
    assert.equal(stored[0], 0xff);
    assert.deepEqual(Buffer.from(stored.subarray(1)), zlib.deflateRawSync(bytes, { level: 1, windowBits }));
    assert.equal(decodeContentText(stored), text);
  }
});
