/**
 * Values that are legal on the wire but odd, sent to the real engine over OTLP/JSON, and what comes
 * back out as Trace JSON: the same span id in two traces, parent cycles, self-parents, NaN and
 * Infinity doubles, int64 token counts beyond 2^53, attribute keys like `__proto__`, times out of
 * range. The engine must keep answering and its Trace JSON must stay valid (checkTraceJson).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkTraceJson } from '../../support/trace-json-check';
import { assertResponsive, JSON_TYPE, post, startEngineUnderTest, storedSpans, type EngineUnderTest } from './engine-under-test';

let engine: EngineUnderTest;
before(async () => {
  engine = await startEngineUnderTest({ grpcPort: null });
});
after(async () => {
  await engine.close();
});

interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  attributes?: unknown[];
  events?: unknown[];
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
}

const START = '1764190000000000000';
const END = '1764190000005000000';

async function send(spans: JsonSpan[]): Promise<number> {
  const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'odd-values' } }] }, scopeSpans: [{ spans: spans.map((s) => ({ name: `span ${s.spanId}`, startTimeUnixNano: START, endTimeUnixNano: END, ...s })) }] }] };
  return (await post(engine.httpPort, '/v1/traces', Buffer.from(JSON.stringify(body)), JSON_TYPE)).status;
}

const exported = async (traceId: string) => checkTraceJson(await engine.client.call('getTraceJson', { traceIds: [traceId] }));

test('the same span id in two traces: two spans, one in each', async () => {
  const a = '0dd00000000000000000000000000001';
  const b = '0dd00000000000000000000000000002';
  assert.equal(await send([{ traceId: a, spanId: '1111111111111111' }, { traceId: b, spanId: '1111111111111111' }]), 200);
  assert.equal((await storedSpans(engine, a)).size, 1);
  assert.equal((await storedSpans(engine, b)).size, 1);
});

test('a parent cycle (A under B, B under A) is stored as sent, exported as valid Trace JSON, queries still answer', async () => {
  const traceId = '0dd00000000000000000000000000003';
  assert.equal(await send([
    { traceId, spanId: 'aaaaaaaaaaaaaaa1', parentSpanId: 'aaaaaaaaaaaaaaa2', attributes: [{ key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } }] },
    { traceId, spanId: 'aaaaaaaaaaaaaaa2', parentSpanId: 'aaaaaaaaaaaaaaa1', attributes: [{ key: 'gen_ai.usage.input_tokens', value: { intValue: '7' } }] },
  ]), 200);
  assert.deepEqual(await storedSpans(engine, traceId), new Map([['aaaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaaa2'], ['aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa1']]));
  assert.deepEqual(await exported(traceId), []);
  const summary = await engine.client.call('getTraceSummary', { traceId });
  assert.ok(summary && Number.isSafeInteger(summary.usage.inputTokens), 'usage is computed without looping');
  await assertResponsive(engine);
});

test('a span that names itself as its parent is exported as a root (Trace JSON is a tree)', async () => {
  const traceId = '0dd00000000000000000000000000004';
  assert.equal(await send([{ traceId, spanId: 'bbbbbbbbbbbbbbb1', parentSpanId: 'bbbbbbbbbbbbbbb1' }]), 200);
  assert.deepEqual(await exported(traceId), []);
});

test('NaN and Infinity doubles (spelled as OTLP/JSON allows) never reach Trace JSON as non-finite numbers', async () => {
  const traceId = '0dd00000000000000000000000000005';
  assert.equal(await send([{
    traceId, spanId: 'ccccccccccccccc1',
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'app.nan', value: { doubleValue: 'NaN' } },
      { key: 'gen_ai.request.temperature', value: { doubleValue: 'Infinity' } },
      { key: 'gen_ai.usage.input_tokens', value: { doubleValue: '-Infinity' } },
    ],
    events: [{ name: 'odd', timeUnixNano: 'NaN', attributes: [{ key: 'x', value: { doubleValue: 'Infinity' } }] }],
  }]), 200);
  assert.ok((await storedSpans(engine, traceId)).has('ccccccccccccccc1'));
  assert.deepEqual(await exported(traceId), []);
});

test('int64 token counts beyond 2^53 are not turned into inexact usage numbers', async () => {
  const traceId = '0dd00000000000000000000000000006';
  assert.equal(await send([{
    traceId, spanId: 'ddddddddddddddd1',
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '99999999999999999999' } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '9007199254740993' } },
    ],
  }]), 200);
  assert.deepEqual(await exported(traceId), []);
});

test('attribute keys __proto__ and constructor are kept as plain keys', async () => {
  const traceId = '0dd00000000000000000000000000007';
  assert.equal(await send([{
    traceId, spanId: 'eeeeeeeeeeeeeee1',
    attributes: [
      { key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { stringValue: 'yes' } }] } } },
      { key: 'constructor', value: { stringValue: 'c' } },
    ],
  }]), 200);
  const span = await engine.client.call('getSpan', { traceId, spanId: 'eeeeeeeeeeeeeee1' });
  assert.equal(span?.attributes?.constructor, 'c');
  assert.ok(span?.attributes && Object.prototype.hasOwnProperty.call(span.attributes, '__proto__'), 'the __proto__ attribute is kept');
  assert.deepEqual(await exported(traceId), []);
});

test('times out of range (beyond uint64, negative, 1e308) keep the engine and its Trace JSON sane', async () => {
  const traceId = '0dd00000000000000000000000000008';
  assert.equal(await send([
    { traceId, spanId: 'fffffffffffffff1', startTimeUnixNano: '99999999999999999999999', endTimeUnixNano: '-1' },
    { traceId, spanId: 'fffffffffffffff2', startTimeUnixNano: 'NaN', endTimeUnixNano: 1e308 },
    { traceId, spanId: 'fffffffffffffff3', startTimeUnixNano: END, endTimeUnixNano: START },
  ]), 200);
  assert.equal((await storedSpans(engine, traceId)).size, 3);
  assert.deepEqual(await exported(traceId), []);
  await assertResponsive(engine);
});
