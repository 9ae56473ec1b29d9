/**
 * Attribute names are stored as short codes when instrumentations send them on every span
 * (attribute-keys.ts); every name, known or not, must come back exactly and in its order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeAttributeNames, encodeAttributeNames } from '../../../src/engine/store/attribute-keys';
import { decodeSpanDetail, encodeSpanDetail } from '../../../src/engine/store/span-record';
import type { AttrMap } from '../../../src/engine/model';
import { makeSpan } from '../../factories/spans';
import { openStore } from './open-store';

const same = (value: unknown): unknown => value;

function roundTrip(attributes: AttrMap): AttrMap {
  return decodeAttributeNames(JSON.parse(JSON.stringify(encodeAttributeNames(attributes, same))) as Record<string, unknown>, same);
}

test('known names become codes, others stay, and every name reads back in its order', () => {
  const attributes: AttrMap = {
    'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4.1', 'my.own.key': 1, '~1': 'looks like a code',
    '~': 'the marker alone', '~~x': 'two markers', '$c': 'looks like a content marker', 'input.value': 'hi', 7: 'integer-like',
  };
  const stored = encodeAttributeNames(attributes, same);
  const keys = Object.keys(stored);
  assert.ok(keys.includes('~0'), `gen_ai.operation.name is the first known name: ${keys.join(' ')}`);
  assert.ok(!keys.includes('gen_ai.request.model') && keys.includes('my.own.key'));
  assert.ok(JSON.stringify(stored).length < JSON.stringify(attributes).length - 40);
  const back = roundTrip(attributes);
  assert.deepEqual(back, attributes);
  assert.deepEqual(Object.keys(back), Object.keys(attributes));
});

test('a name __proto__ is an own attribute, undefined values are left out as JSON would, and an unknown code is an error', () => {
  const attributes = JSON.parse('{"__proto__": {"polluted": true}, "gen_ai.tool.name": "search"}') as AttrMap;
  const back = roundTrip({ ...attributes, gone: undefined } as unknown as AttrMap);
  assert.deepEqual(Object.keys(back), ['__proto__', 'gen_ai.tool.name']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.throws(() => decodeAttributeNames({ '~zzzz': 1 }, same), /not a known code/);
});

test('a span detail written before names were coded (attributes under "a") still reads back', () => {
  const span = makeSpan({ attributes: { 'gen_ai.request.model': 'gpt-4o', note: 'x' } });
  const identity = { traceId: span.traceId, spanId: span.spanId, parentSpanId: null, name: span.name, startTimeUnixMs: span.startTimeUnixMs, statusCode: span.status.code, statusMessage: null };
  const none = (): string => { throw new Error('no content expected'); };
  const current = JSON.parse(encodeSpanDetail(span, { store: none, hold: none })) as Record<string, unknown>;
  assert.ok('an' in current && !('a' in current));
  // The older form: the same detail with the plain attribute map under "a".
  const { an: _coded, ...rest } = current;
  const older = JSON.stringify({ ...rest, a: span.attributes });
  assert.deepEqual(decodeSpanDetail(identity, older, none).attributes, span.attributes);
  assert.deepEqual(decodeSpanDetail(identity, JSON.stringify(current), none).attributes, span.attributes);
});

test('through the store, a span\'s attributes and their order come back as sent', async () => {
  const { store, queries } = await openStore();
  const attributes: AttrMap = { 'gen_ai.usage.output_tokens': 60, '~0': 'not a code', 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': 'x'.repeat(500) };
  const span = makeSpan({ attributes });
  store.ingestSpans([span]);
  const read = queries.getTraceJson([span.traceId]).traces[0].spans![0];
  assert.equal(JSON.stringify(read.attributes), JSON.stringify(attributes));
  store.close();
});
