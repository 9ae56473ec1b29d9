import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanAttributes, looksLikeJson, parseJsonLoose } from '../../../src/engine/semconv/attributes';
import { unflatten } from '../../../src/engine/semconv/flattened-lists';

test('unflatten: indexed segments become arrays (gaps closed, order by index), others objects', () => {
  assert.deepEqual(unflatten({ '1.a': 'second', '0.a': 'first', '0.b.0.c': 1, '10.a': 'third' }), [
    { a: 'first', b: [{ c: 1 }] }, { a: 'second' }, { a: 'third' },
  ]);
  // A key that is both a leaf and a parent (malformed): the leaf is kept, nothing throws.
  assert.deepEqual(unflatten({ 'a': 1, 'a.b': 2 }), { a: 1 });
});

test('list(): flattened keys, a real array, or a JSON array; non-numeric children are not list items', () => {
  const a = new SpanAttributes({ 'x.0.role': 'user', 'x.1.role': 'assistant', 'x.name': 'not an item' });
  assert.deepEqual(a.list('x'), [{ role: 'user' }, { role: 'assistant' }]);
  assert.deepEqual(new SpanAttributes({ x: [1, 2] }).list('x'), [1, 2]);
  assert.deepEqual(new SpanAttributes({ x: '[1,2]' }).list('x'), [1, 2]);
  assert.equal(new SpanAttributes({ 'x.name': 'n' }).list('x'), undefined);
});

test('value(): JSON parsed only when it looks like JSON, malformed JSON kept as text, parse cached', () => {
  const a = new SpanAttributes({ j: '  {"a":1}', s: 'plain', bad: '{"a":', n: 5 });
  assert.deepEqual(a.value('j'), { a: 1 });
  assert.equal(a.value('j'), a.value('j'), 'the same parsed object is returned the second time');
  assert.equal(a.value('s'), 'plain');
  assert.equal(a.value('bad'), '{"a":');
  assert.equal(a.value('n'), 5);
  assert.equal(looksLikeJson('\n [1]'), true);
  assert.equal(looksLikeJson('"quoted"'), false);
  assert.equal(parseJsonLoose('not json'), undefined);
});

test('num()/str(): int64 decimal strings become numbers, ids sent as ints become strings, empty strings are absent', () => {
  const a = new SpanAttributes({ big: '1200', id: 42, empty: '', obj: { a: 1 } });
  assert.equal(a.num('big'), 1200);
  assert.equal(a.str('id'), '42');
  assert.equal(a.str('empty'), undefined);
  assert.equal(a.str('obj'), undefined);
  assert.equal(a.text('obj'), '{"a":1}');
});

test('namespaces: colon and dot separated; prefix scans only within the namespace', () => {
  const a = new SpanAttributes({ 'genkit:input': '1', 'ai.settings.a': 1, 'ai.settings.b': 2, 'ai.other': 3 });
  assert.equal(a.hasNamespace('genkit'), true);
  assert.equal(a.hasNamespace('gen_ai'), false);
  assert.deepEqual(a.collect('ai.settings.'), { a: 1, b: 2 });
});
