/**
 * The prepare thread does not compress again a text it compressed for an earlier export
 * (recent-hashes.ts): agents re-send the same content call after call. The store, which takes
 * compressed bytes only for the rows it creates, must end up with exactly the content of a store
 * that compressed everything itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareTraces } from '../../../src/engine/prepare/prepare-traces';
import { RecentHashes } from '../../../src/engine/prepare/recent-hashes';
import { COMPRESS_FROM } from '../../../src/engine/store/content-text';
import { recordLlmSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { openStore } from '../store/open-store';
import { storedTextBytes, traceJsonText } from '../store/stored-content';

test('an export re-sending texts compressed for an earlier one carries none of them again, and the store holds the same content', async () => {
  // The same 300 spans' attributes twice, under new trace and span ids: the second re-sends every text.
  const first = tracesProtobuf(recordLlmSpans(300));
  const second = tracesProtobuf(recordLlmSpans(300));
  const packedBefore = new RecentHashes();
  const firstPrepared = prepareTraces(first, 'protobuf', COMPRESS_FROM, packedBefore);
  const secondPrepared = prepareTraces(second, 'protobuf', COMPRESS_FROM, packedBefore);
  assert.ok(firstPrepared.packed && firstPrepared.packed.size >= 10, 'the 2 KB messages of the first export');
  assert.equal(secondPrepared.packed?.size, 0, 'none compressed again for the second');
  assert.deepEqual(secondPrepared.spans, prepareTraces(second, 'protobuf').spans, 'the rows do not change');
  // Without the memory, the second export's texts are compressed again.
  assert.equal(prepareTraces(second, 'protobuf', COMPRESS_FROM).packed?.size, firstPrepared.packed.size);

  const given = await openStore({ compressContentLater: true, maxWaitingContentBytes: 10_000 });
  const atWrite = await openStore();
  given.store.ingestPreparedSpans(firstPrepared);
  given.store.ingestPreparedSpans(secondPrepared);
  atWrite.store.ingestPreparedSpans(prepareTraces(first, 'protobuf'));
  atWrite.store.ingestPreparedSpans(prepareTraces(second, 'protobuf'));
  assert.equal(traceJsonText(given), traceJsonText(atWrite));
  while (given.store.compressWaitingContent(8));
  assert.equal(storedTextBytes(given), storedTextBytes(atWrite));
  assert.equal(traceJsonText(given), traceJsonText(atWrite));
  given.store.close();
  atWrite.store.close();
});

test('the memory of compressed hashes is bounded and forgets the oldest first', () => {
  const recent = new RecentHashes(3);
  for (const hash of ['a', 'b', 'c', 'b', 'd']) recent.add(hash);
  assert.deepEqual(['a', 'b', 'c', 'd'].map((hash) => recent.has(hash)), [false, true, true, true]);
  recent.add('e');
  assert.deepEqual(['b', 'c', 'd', 'e'].map((hash) => recent.has(hash)), [false, true, true, true]);
});
