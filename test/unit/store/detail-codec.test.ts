import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeValue, encodeSharedObject, encodeValue, LONG_STRING } from '../../../src/engine/store/detail-codec';
import { splitJson } from '../../../src/engine/store/json-split';

function memoryContent() {
  const texts = new Map<string, string>();
  let next = 0;
  return {
    texts,
    put(text: string): string {
      for (const [hash, t] of texts) if (t === text) return hash;
      const hash = `h${next++}`;
      texts.set(hash, text);
      return hash;
    },
    read: (hash: string): string => texts.get(hash)!,
  };
}

test('values round-trip through encode/decode, long strings via the content table', () => {
  const content = memoryContent();
  const long = 'x'.repeat(LONG_STRING);
  const value = {
    short: 'kept inline', long, n: 1.5, b: false, nil: null, list: [long, 'a', 2],
    nested: { deeper: { long } },
    // Telemetry is untrusted: an attribute map that looks like one of the markers stays itself.
    $c: 'not a ref',
    marker: { $c: 'h0' }, another: { $j: ['a'] },
  };
  const encoded = encodeValue(value, content);
  assert.equal(content.texts.size, 1, 'the long string is stored once');
  assert.ok(JSON.stringify(encoded).length < JSON.stringify(value).length);
  assert.deepEqual(decodeValue(JSON.parse(JSON.stringify(encoded)), content.read), value);
});

test('shared values: one content row for a repeated resource', () => {
  const content = memoryContent();
  const resource = { 'service.name': 'svc', 'process.command_args': ['node', 'app.js', '--flag'], 'host.name': 'machine-1' };
  const one = encodeSharedObject(resource, content);
  const two = encodeSharedObject({ ...resource }, content);
  assert.deepEqual(one, two);
  assert.equal(content.texts.size, 1);
  assert.deepEqual(decodeValue(one, content.read), resource);
  assert.deepEqual(encodeSharedObject({ a: 1 }, content), { a: 1 }, 'small values stay inline');
});

test('splitJson cuts at element boundaries and rebuilds the exact text', () => {
  const element = (i: number) => ({ role: 'user', parts: [{ type: 'text', content: `message ${i} `.repeat(12) }] });
  for (const text of [
    JSON.stringify([element(1), element(2), element(3)]),
    JSON.stringify([element(1), element(2)], null, 2),
    JSON.stringify({ system: 'short', messages: [element(1), element(2)], n: 3 }),
    ` [ ${JSON.stringify(element(1))} , "${'s'.repeat(150)}" ]  `,
    JSON.stringify([{ text: 'quote \\" and ] and } inside a string '.repeat(5) }]),
  ]) {
    const segments = splitJson(text, 96)!;
    assert.ok(segments, text);
    assert.equal(segments.map((s) => ('literal' in s ? s.literal : s.piece)).join(''), text);
    assert.ok(segments.some((s) => 'piece' in s));
  }
  const pieces = splitJson(JSON.stringify([element(1), element(2)]), 96)!.filter((s) => 'piece' in s);
  assert.deepEqual(pieces.map((s) => JSON.parse((s as { piece: string }).piece)), [element(1), element(2)]);
});

test('splitJson declines what is not a JSON container', () => {
  for (const text of ['plain text '.repeat(30), '[1, 2', '{"a": 1} trailing', '["unterminated', `{"k" 1}`, `"${'x'.repeat(300)}"`]) {
    assert.equal(splitJson(text, 10), null, text);
  }
  assert.equal(splitJson('[1, 2, 3]', 96), null, 'nothing large enough to share');
});

test('attribute keys __proto__ and constructor survive as plain own keys', () => {
  const content = memoryContent();
  const value = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c", "nested": {"__proto__": "x"}}') as Record<string, unknown>;
  const decoded = decodeValue(JSON.parse(JSON.stringify(encodeValue(value, content))), content.read) as Record<string, unknown>;
  assert.ok(Object.prototype.hasOwnProperty.call(decoded, '__proto__'));
  assert.deepEqual(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value, { polluted: 'yes' });
  assert.equal(decoded.constructor, 'c');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
});
