import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteBoundedLru } from '../../../src/engine/store/byte-bounded-lru';

test('a peek does not count as a use; a touch does', () => {
  const lru = new ByteBoundedLru<string>(10);
  lru.set('a', 'A', 5);
  lru.set('b', 'B', 5);
  assert.equal(lru.peek('a'), 'A');
  lru.set('c', 'C', 5);
  assert.equal(lru.peek('a'), undefined, 'a was only peeked at, so it was the least recently used');
  lru.touch('b');
  lru.set('d', 'D', 5);
  assert.equal(lru.peek('b'), 'B');
  assert.equal(lru.peek('c'), undefined);
});

test('replacing a key counts only its new size; a value past the bound drops the old one', () => {
  const lru = new ByteBoundedLru<string>(10);
  lru.set('a', 'A1', 6);
  lru.set('a', 'A2', 3);
  assert.equal(lru.bytes, 3);
  assert.equal(lru.peek('a'), 'A2');
  lru.set('a', 'A3', 11);
  assert.equal(lru.peek('a'), undefined);
  assert.equal(lru.bytes, 0);
  lru.set('b', 'B', 4);
  lru.delete('b');
  lru.delete('b');
  assert.equal(lru.bytes, 0);
});
