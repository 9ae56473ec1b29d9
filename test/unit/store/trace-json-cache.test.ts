import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLog, makeSpan, makeTrace } from '../../factories/spans';
import type { DecodedLogRecord, DecodedSpan } from '../../../src/engine/model';
import { normalizeSpan } from '../../../src/engine/semconv';
import { TraceJsonCache } from '../../../src/engine/store/trace-json-cache';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { openStore } from './open-store';

/** A store whose normalizer counts its calls. */
async function countingStore() {
  const calls = { count: 0 };
  const normalize = (span: DecodedSpan, logs: readonly DecodedLogRecord[]) => {
    calls.count++;
    return normalizeSpan(span, logs);
  };
  return { ...(await openStore({ normalize })), calls };
}

test('a repeat read of an unchanged trace gives the same Trace JSON without normalizing again', async () => {
  const { store, queries, calls } = await countingStore();
  const spans = makeTrace(4, { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } });
  store.ingestSpans(spans);
  const afterIngest = calls.count;
  const first = queries.getTraceJson([spans[0].traceId]);
  assert.equal(calls.count, afterIngest + 5, 'the first read normalizes each of the 5 spans');
  const again = queries.getTraceJson([spans[0].traceId]);
  assert.equal(calls.count, afterIngest + 5, 'the second read normalizes none');
  assert.deepEqual(again, first);
  assert.deepEqual(queries.getSpan(spans[2].traceId, spans[2].spanId), first.traces[0].spans![first.traces[0].spans!.findIndex((s) => s.spanId === spans[2].spanId)]);
  assert.equal(calls.count, afterIngest + 5, 'one span of a cached trace comes from the cache');
  store.close();
});

test('a span or a log record arriving for a cached trace is in the next read', async () => {
  const { store, queries } = await countingStore();
  const spans = makeTrace(2, {});
  store.ingestSpans(spans);
  const traceId = spans[0].traceId;
  assert.equal(queries.getTraceJson([traceId]).traces[0].spans!.length, 3);

  const late = makeSpan({ traceId, parentSpanId: spans[0].spanId, name: 'late child' });
  store.ingestSpans([late]);
  const withLate = queries.getTraceJson([traceId]).traces[0];
  assert.equal(withLate.spans!.length, 4);
  assert.ok(withLate.spans!.some((s) => s.name === 'late child'));

  store.ingestLogs([makeLog({ traceId, spanId: late.spanId, eventName: 'gen_ai.user.message', body: 'what changed?' })]);
  const withLog = queries.getTraceJson([traceId]).traces[0].spans!.find((s) => s.spanId === late.spanId)!;
  assert.deepEqual(withLog.input, { messages: [{ role: 'user', parts: [{ type: 'text', text: 'what changed?' }] }] });
  assert.deepEqual(queries.getSpan(traceId, late.spanId)!.input, withLog.input);

  assert.equal(store.deleteTrace(traceId), true);
  assert.deepEqual(queries.getTraceJson([traceId]).traces, [], 'a deleted trace is not served from the cache');
  assert.equal(queries.getSpan(traceId, late.spanId), null);
  store.close();
});

test('the cache holds at most its byte bound, dropping the least recently read first', () => {
  const cache = new TraceJsonCache(1000);
  const spans: TraceJsonSpan[] = [];
  cache.put('a', 1, spans, 400);
  cache.put('b', 1, spans, 400);
  assert.ok(cache.get('a', 1), 'a is read, so b is now the least recently read');
  cache.put('c', 1, spans, 400);
  assert.equal(cache.get('b', 1), null);
  assert.ok(cache.get('a', 1));
  assert.ok(cache.get('c', 1));
  assert.equal(cache.bytes, 800);
  assert.equal(cache.get('a', 2), null, 'another version of a trace is a miss');
  cache.put('huge', 1, spans, 1001);
  assert.equal(cache.get('huge', 1), null, 'a trace larger than the bound is not kept');
  assert.equal(cache.bytes, 800);
});
