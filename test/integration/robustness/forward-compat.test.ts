/**
 * What a newer exporter may send: protobuf fields this OTLP version does not know (every wire type,
 * at every message level, including a deprecated group) and unknown OTLP/JSON keys. They must be
 * skipped, never cost the spans around them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Writer } from 'protobufjs/minimal';
import { FIXTURES } from '../../factories/fixture-payloads';
import { assertResponsive, JSON_TYPE, post, PROTOBUF, startEngineUnderTest, storedSpans, type EngineUnderTest } from './engine-under-test';
import { hexBytes } from '../../factories/otlp-bytes';

let engine: EngineUnderTest;
before(async () => {
  engine = await startEngineUnderTest({ grpcPort: null });
});
after(async () => {
  await engine.close();
});

const tag = (field: number, wire: number) => (field << 3) | wire;

/** Fields 200–204 of every wire type: varint, fixed64, fixed32, length-delimited, and a group. */
function futureFields(): Buffer {
  const w = Writer.create();
  w.uint32(tag(200, 0)).uint64(12345);
  w.uint32(tag(201, 1)).fixed64(7);
  w.uint32(tag(202, 5)).fixed32(9);
  w.uint32(tag(203, 2)).bytes(Buffer.from('from the future'));
  // A group (wire types 3/4, deprecated but legal) holding one varint field.
  w.uint32(tag(204, 3)).uint32(tag(1, 0)).uint32(1).uint32(tag(204, 4));
  return Buffer.from(w.finish());
}

const message = (fields: Buffer[]): Buffer => Buffer.concat(fields);
const field = (number: number, bytes: Uint8Array): Buffer => Buffer.from(Writer.create().uint32(tag(number, 2)).bytes(bytes).finish());

test('unknown protobuf fields of every wire type, at every level, are skipped', async () => {
  const traceId = 'f0f0f0f0000000000000000000000001';
  const span = (spanId: string, name: string, parent?: string) => {
    const w = Writer.create().uint32(tag(1, 2)).bytes(hexBytes(traceId)).uint32(tag(2, 2)).bytes(hexBytes(spanId));
    if (parent) w.uint32(tag(4, 2)).bytes(hexBytes(parent));
    w.uint32(tag(5, 2)).string(name);
    return message([Buffer.from(w.finish()), futureFields()]);
  };
  const resource = message([field(1, message([field(1, Buffer.from('service.name')), field(2, field(1, Buffer.from('future-app')))])), futureFields()]);
  const scopeSpans = message([field(2, span('f000000000000001', 'future root')), futureFields(), field(2, span('f000000000000002', 'future child', 'f000000000000001'))]);
  const resourceSpans = message([field(1, resource), field(2, scopeSpans), futureFields()]);
  const request = message([futureFields(), field(1, resourceSpans), futureFields()]);
  const answer = await post(engine.httpPort, '/v1/traces', request, PROTOBUF);
  assert.equal(answer.status, 200, answer.body.toString('utf8'));
  assert.deepEqual(await storedSpans(engine, traceId), new Map([['f000000000000001', null], ['f000000000000002', 'f000000000000001']]));
  const summary = await engine.client.call('getTraceSummary', { traceId });
  assert.equal(summary?.service, 'future-app');
  await assertResponsive(engine);
});

test('unknown OTLP/JSON keys (request, resource, span, value) are skipped', async () => {
  const request = JSON.parse(readFileSync(join(FIXTURES, 'handwritten', 'otlp-json-canonical.json'), 'utf8'));
  const spans = request.resourceSpans[0].scopeSpans[0].spans as { traceId: string; spanId: string; attributes: unknown[]; futureSpanKey?: unknown }[];
  request.futureTopLevel = { a: 1 };
  request.resourceSpans[0].futureResourceKey = [1, 2];
  spans[0].futureSpanKey = 'x';
  spans[0].attributes.push({ key: 'future.value', value: { futureValue: { x: 1 } } });
  const answer = await post(engine.httpPort, '/v1/traces', Buffer.from(JSON.stringify(request)), JSON_TYPE);
  assert.equal(answer.status, 200, answer.body.toString('utf8'));
  const stored = await storedSpans(engine, spans[0].traceId);
  for (const s of spans) assert.ok(stored.has(s.spanId), s.spanId);
});

test('an OTLP/JSON body starting with a UTF-8 byte order mark is accepted', async () => {
  const bytes = readFileSync(join(FIXTURES, 'handwritten', 'otlp-json-canonical.json'));
  const answer = await post(engine.httpPort, '/v1/traces', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), JSON_TYPE);
  assert.equal(answer.status, 200, answer.body.toString('utf8'));
});
