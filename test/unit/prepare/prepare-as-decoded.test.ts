/**
 * prepareTraces prepares each span as soon as the decoder reads it (decodeTracesEach) instead of
 * decoding the whole export first. The rows must be those of the list form in every case: every
 * fixture in both encodings, a resource or scope sent after its spans (which only the list form
 * patches in), and the same refusal for a body that breaks after some spans were prepared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writer } from 'protobufjs/minimal';
import type { DecodedSpan } from '../../../src/engine/model';
import { decodeTraces, decodeTracesEach, OtlpDecodeError, type OtlpEncoding } from '../../../src/engine/otlp';
import { prepareDecodedSpans, prepareTraces } from '../../../src/engine/prepare/prepare-traces';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { recordLlmSpans, tracesProtobuf } from '../../factories/otlp-payloads';

/** What prepareTraces gives, through the list form: decode everything, then prepare. */
function preparedFromList(body: Uint8Array, encoding: OtlpEncoding): unknown {
  const decoded = decodeTraces(body, encoding);
  return { ...prepareDecodedSpans(decoded.items), rejected: decoded.rejected, errors: decoded.errors };
}

function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof OtlpDecodeError, String(error));
    return error.message;
  }
  assert.fail('expected a refusal');
}

test('every traces fixture, protobuf and JSON: the rows prepared as spans are decoded are those of the list form', () => {
  let spans = 0;
  const encodings = new Set<string>();
  for (const entry of manifest().filter((e) => e.signal === 'traces')) {
    const body = fixtureBody(entry);
    if (!body) continue;
    let expected: unknown;
    try {
      expected = preparedFromList(body, entry.encoding);
    } catch (error) {
      assert.equal(refusalOf(() => prepareTraces(body, entry.encoding)), (error as Error).message, entry.path);
      continue;
    }
    const prepared = prepareTraces(body, entry.encoding);
    assert.deepEqual(prepared, expected, entry.path);
    spans += prepared.spans.length;
    encodings.add(entry.encoding);
  }
  assert.ok(spans > 500, `compared ${spans} spans`);
  assert.deepEqual([...encodings].sort(), ['json', 'protobuf']);
});

test('a resource and scope sent after their spans: those spans are prepared with them, as the list form patches them in', () => {
  const kv = Writer.create().uint32(10).string('service.name').uint32(18).bytes(Writer.create().uint32(10).string('late-service').finish()).finish();
  const resource = Writer.create().uint32(10).bytes(kv).finish();
  const scope = Writer.create().uint32(10).string('late-scope').finish();
  const span = (id: number, name: string) =>
    Writer.create().uint32(10).bytes(Buffer.alloc(16, 3)).uint32(18).bytes(Buffer.alloc(8, id)).uint32(42).string(name).finish();
  // Two spans before the scope, one after it; all three before the resource.
  const scopeSpans = Writer.create().uint32(18).bytes(span(4, 'early')).uint32(18).bytes(span(5, 'also early')).uint32(10).bytes(scope).uint32(18).bytes(span(6, 'after the scope')).finish();
  const resourceSpans = Writer.create().uint32(18).bytes(scopeSpans).uint32(10).bytes(resource).finish();
  const body = Writer.create().uint32(10).bytes(resourceSpans).finish();

  const prepared = prepareTraces(body, 'protobuf');
  assert.deepEqual(prepared.spans.map((s) => [s.name, s.service]), [['early', 'late-service'], ['also early', 'late-service'], ['after the scope', 'late-service']]);
  assert.ok(prepared.spans.every((s) => s.detail.includes('late-scope')));
  assert.deepEqual(prepared, preparedFromList(body, 'protobuf'));
  // Handing spans on one by one cannot patch them: the caller is told to decode the list form.
  const handed: string[] = [];
  assert.equal(decodeTracesEach(body, 'protobuf', (s) => handed.push(s.name)), null);
});

test("a body that breaks after some spans were prepared is refused with the list form's message", () => {
  const good = tracesProtobuf(recordLlmSpans(3));
  // A ResourceSpans field whose length runs past the end, after the good ones.
  const broken = Buffer.concat([good, Buffer.from([0x0a, 0x7f, 0x12])]);
  const message = refusalOf(() => decodeTraces(broken, 'protobuf'));
  assert.match(message, /truncated protobuf/);
  assert.equal(refusalOf(() => prepareTraces(broken, 'protobuf')), message);

  const json = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '5'.repeat(32), spanId: '6'.repeat(16), name: 'kept' }] }] }, 7] });
  const jsonMessage = refusalOf(() => decodeTraces(Buffer.from(json), 'json'));
  assert.equal(refusalOf(() => prepareTraces(Buffer.from(json), 'json')), jsonMessage);
});

test('what the callback throws comes out as it was, not as a decode error', () => {
  const body = tracesProtobuf(recordLlmSpans(2));
  const json = Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '5'.repeat(32), spanId: '6'.repeat(16), name: 'x' }] }] }] }));
  for (const [bytes, encoding] of [[body, 'protobuf'], [json, 'json']] as const) {
    const seen: DecodedSpan[] = [];
    const thrown = new RangeError('not a decode error');
    assert.throws(() => decodeTracesEach(bytes, encoding, (span) => {
      seen.push(span);
      throw thrown;
    }), (error) => error === thrown, encoding);
    assert.equal(seen.length, 1, encoding);
  }
});
