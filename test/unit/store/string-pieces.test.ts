/**
 * A long string token cut out of a conversation is stored as its value (`$q`, shared with the same
 * string sent raw elsewhere) exactly when JSON.stringify writes that value back as the token, and
 * as its text (`$c`) otherwise; either way the attribute reads back byte for byte. The expected
 * kind comes from that definition (parse the token, stringify the value, compare), applied to
 * tokens that escape, keep paired surrogates, hold lone ones, or are not valid JSON at all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeContent, compositeHash } from '../../../src/engine/store/content-composite';
import { contentHash } from '../../../src/engine/store/content-hash';
import { decodeValue, encodeValue } from '../../../src/engine/store/detail-codec';

function memoryContent() {
  const texts = new Map<string, string>();
  return {
    texts,
    store(text: string, composite?: boolean): string {
      const hash = composite ? compositeHash(text) : contentHash(text);
      texts.set(hash, text);
      return hash;
    },
    hold(): void {},
    read: (hash: string): string => composeContent(hash, (h) => texts.get(h)!),
  };
}

/** What the token should be stored as, by definition. */
function expectedKind(token: string): '$q' | '$c' {
  try {
    const value: unknown = JSON.parse(token);
    return typeof value === 'string' && JSON.stringify(value) === token ? '$q' : '$c';
  } catch {
    return '$c';
  }
}

const filler = 'lorem ipsum dolor sit amet '.repeat(10);
const tokens: Record<string, string> = {
  plain: `"${filler}"`,
  'paired surrogates (an emoji)': `"${filler}\ud83d\ude42 and more"`,
  'a lone high surrogate, raw': `"${filler}\ud800"`,
  'a lone low surrogate, raw': `"\udc00${filler}"`,
  'a lone surrogate escaped as JSON.stringify writes it': JSON.stringify(`${filler}\ud800`),
  'an escaped quote and newline': JSON.stringify(`${filler} "quoted"\nnext line`),
  'a backslash': JSON.stringify(`${filler} C:\\path`),
  'Python ensure_ascii (\\u00e9)': `"${filler} caf\\u00e9"`,
  'an escaped slash': `"${filler} a\\/b"`,
  'DEL and line separators, which JSON.stringify keeps': `"${filler}\x7f\u2028\u2029"`,
  'a raw control character (not valid JSON)': `"${filler}\x01"`,
  'a raw newline (not valid JSON)': `"${filler}\nnext"`,
};

test('each long token is stored as its value exactly when JSON.stringify writes it so, and reads back', () => {
  const seen = new Set<string>();
  for (const [name, token] of Object.entries(tokens)) {
    const content = memoryContent();
    const text = `[{"role":"tool","content":${token}},"b"]`;
    const encoded = JSON.parse(JSON.stringify(encodeValue(text, content))) as { $j: Array<string | Record<string, string>> };
    const refs = encoded.$j.filter((s): s is Record<string, string> => typeof s !== 'string');
    assert.equal(refs.length, 1, `${name}: one piece`);
    const kind = expectedKind(token);
    seen.add(kind);
    assert.deepEqual(Object.keys(refs[0]), [kind], name);
    assert.equal(decodeValue(encoded, content.read), text, `${name}: read back byte for byte`);
  }
  assert.deepEqual([...seen].sort(), ['$c', '$q'], 'both kinds occur');
});

test('a conversation holding a raw control character is stored, not refused', () => {
  const content = memoryContent();
  const messages = Array.from({ length: 5 }, (_, i) => `{"role":"user","content":"${filler} ${i}\x00"}`);
  const text = `[${messages.join(',')}]`;
  const encoded = JSON.parse(JSON.stringify(encodeValue(text, content)));
  assert.equal(decodeValue(encoded, content.read), text);
});
