import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeValue, encodeSharedObject, encodeValue, LONG_STRING } from '../../../src/engine/store/detail-codec';
import { splitJson } from '../../../src/engine/store/json-split';
import { composeContent, compositeHash } from '../../../src/engine/store/content-composite';
import { contentHash } from '../../../src/engine/store/content-hash';

/** Content kept in a Map, hashed as the store hashes it; reading composes composites as the store does. */
function memoryContent() {
  const texts = new Map<string, string>();
  const held: string[] = [];
  return {
    texts,
    held,
    store(text: string, composite?: boolean): string {
      const hash = composite ? compositeHash(text) : contentHash(text);
      texts.set(hash, text);
      return hash;
    },
    hold(hash: string): void {
      held.push(hash);
    },
    read: (hash: string): string => composeContent(hash, (h) => texts.get(h)!),
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

test('a conversation is stored as a chain: the next call adds only its new messages, in any JSON style', () => {
  const message = (i: number) => ({ role: i % 2 ? 'assistant' : 'user', parts: [{ type: 'text', content: `message ${i}: ` + 'lorem ipsum '.repeat(20) }] });
  const styles: Record<string, (value: unknown) => string> = {
    compact: (v) => JSON.stringify(v),
    indented: (v) => JSON.stringify(v, null, 2),
    python: (v) => JSON.stringify(v).replace(/","/g, '", "').replace(/":"/g, '": "').replace(/},{/g, '}, {'),
    // Python's ensure_ascii: é as \u00e9, which JSON.stringify would not write; kept byte for byte.
    escaped: (v) => JSON.stringify(v).replace(/message/g, 'm\\u00e9ssage \\"q\\" \\n'),
  };
  for (const [style, write] of Object.entries(styles)) {
    const content = memoryContent();
    const history = [0, 1, 2, 3, 4].map(message);
    const first = write(history);
    const encodedFirst = JSON.parse(JSON.stringify(encodeValue(first, content)));
    assert.equal(decodeValue(encodedFirst, content.read), first, `${style}: rebuilt byte for byte`);
    const before = content.texts.size;
    const second = write([...history, message(5), message(6)]);
    const encodedSecond = JSON.parse(JSON.stringify(encodeValue(second, content)));
    assert.equal(decodeValue(encodedSecond, content.read), second, `${style}: the longer conversation rebuilt`);
    // Two new messages: each its text (a long string) and its composite; the prefix is shared.
    assert.equal(content.texts.size - before, 4, `${style}: ${content.texts.size - before} new rows`);
    assert.equal(content.held.length, 2, `${style}: each call's row holds one reference`);
    assert.ok(JSON.stringify(encodedSecond).length < 100, `${style}: the detail is one reference`);
  }
});

test('a short array keeps its structure inline, its quoted strings stored as their value; an object is cut apart', () => {
  const content = memoryContent();
  const long = 'a tool result with a "quote" and\na newline '.repeat(10);
  const short = JSON.stringify([{ role: 'tool', content: long }]);
  const encodedShort = encodeValue(short, content);
  assert.equal(decodeValue(JSON.parse(JSON.stringify(encodedShort)), content.read), short);
  const raw = encodeValue(long, content);
  assert.deepEqual([...content.texts.values()], [long], 'the raw string and its quoted copy are one row');
  assert.equal(decodeValue(raw, content.read), long);
  // An object is cut at its values' elements (json-split.ts); it reads back exactly.
  const object = JSON.stringify({ messages: [{ role: 'user', content: long }], n: 1 });
  assert.equal(decodeValue(JSON.parse(JSON.stringify(encodeValue(object, content))), content.read), object);
  // A lone surrogate is written escaped by JSON.stringify, and read back as the same string.
  const lone = JSON.stringify(['x'.repeat(250) + '\ud800', 'y', 'z', 'w']);
  assert.equal(decodeValue(JSON.parse(JSON.stringify(encodeValue(lone, content))), content.read), lone);
});

test('a long array of small values (an embedding as JSON) is one row, not a chain of tiny ones', () => {
  const content = memoryContent();
  const embedding = JSON.stringify(Array.from({ length: 2000 }, (_, i) => Math.round(Math.sin(i) * 1e6) / 1e6));
  const encoded = encodeValue(embedding, content);
  assert.equal(content.texts.size, 1);
  assert.equal(decodeValue(JSON.parse(JSON.stringify(encoded)), content.read), embedding);
});
