import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clipLongStrings, clippedNote } from '../../../src/analysis/clip-values';

test('long strings anywhere in a span are cut with a note saying how much was left out', () => {
  const big = 'x'.repeat(1_000);
  const span = { name: 'tool', attributes: { blob: big, small: 'ok', n: 3 }, tool: { result: big }, events: [{ attributes: { e: big } }] };
  const { value, clipped } = clipLongStrings(span, 100);
  assert.equal(clipped, 3);
  assert.equal(value.attributes.blob, 'x'.repeat(100) + clippedNote(900));
  assert.match(value.tool.result, /900 more characters not shown here/);
  assert.equal(value.events[0]!.attributes.e.length, 100 + clippedNote(900).length);
  // The input is not changed; untouched parts are shared.
  assert.equal(span.attributes.blob.length, 1_000);
  assert.equal(value.attributes.small, 'ok');
  assert.equal(value.name, 'tool');
});

test('a span with nothing long is returned as it is, and a cut never splits a surrogate pair', () => {
  const span = { attributes: { a: 'short' }, list: ['a', 'b'] };
  const same = clipLongStrings(span, 100);
  assert.equal(same.value, span);
  assert.equal(same.clipped, 0);
  const emoji = '😀'.repeat(10); // 20 UTF-16 units
  const cut = clipLongStrings(emoji, 5).value;
  assert.ok(cut.startsWith('😀😀'));
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), 'no lone high surrogate');
});
