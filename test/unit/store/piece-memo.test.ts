/**
 * PieceMemo finds a value only for the very text it was stored with: texts that share a length and
 * every sampled character (so land in one bucket) are told apart by their other characters, equal
 * text made separately (another slice of another request) is found, and a full bucket or memo
 * stops remembering without ever answering wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PieceMemo } from '../../../src/engine/store/piece-memo';

const base = 'The assistant answers from the documents it retrieved. '.repeat(20);

/** `base` with one character changed at `at`. */
function variant(at: number, char: string): string {
  return base.slice(0, at) + char + base.slice(at + 1);
}

test('equal text is found whatever string object carries it; any other text is not', () => {
  const memo = new PieceMemo<number>();
  memo.set(base, 1);
  const sameTextElsewhere = `["${base}"]`.slice(2, -2);
  assert.equal(memo.get(sameTextElsewhere), 1);
  assert.equal(memo.get(base.slice(1)), undefined, 'a shorter text');
  assert.equal(memo.get(base + ' '), undefined, 'a longer text');
});

test('texts alike at every sampled character are told apart by the rest', () => {
  const memo = new PieceMemo<string>();
  // Changing every position in turn: most changes miss the sampled characters, so many of these
  // texts share a bucket with the original; each must still only find itself.
  const texts = [base, ...Array.from({ length: 60 }, (_, i) => variant(i * 17 + 3, '#'))];
  texts.forEach((text, i) => memo.set(text, `value ${i}`));
  let found = 0;
  texts.forEach((text, i) => {
    const value = memo.get(text);
    if (value !== undefined) {
      assert.equal(value, `value ${i}`, `text ${i} finds its own value`);
      found++;
    }
  });
  // Buckets are bounded, so not every look-alike is remembered, but those kept are found.
  assert.ok(found >= 8, `${found} of ${texts.length} remembered`);
  assert.equal(memo.get(variant(5, '%')), undefined, 'a look-alike never stored');
});

test('short texts, shorter than the samples, are compared whole too', () => {
  const memo = new PieceMemo<number>();
  for (const [i, text] of ['a', 'b', 'ab', 'ba', '', 'abcdefg'].entries()) memo.set(text, i);
  assert.deepEqual(['a', 'b', 'ab', 'ba', '', 'abcdefg', 'abcdefh'].map((t) => memo.get(t)), [0, 1, 2, 3, 4, 5, undefined]);
});
