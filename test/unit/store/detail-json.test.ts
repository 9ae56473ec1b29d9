/**
 * encodeSpanDetail writes a span's detail as text (detail-json.ts) instead of serializing an object.
 * The stored bytes must be what the detail's documented form serializes to: the object
 * {k, end, an: attributes with coded names and encoded values, r and sc: shared objects, e, l, ts},
 * built here from the codec's own parts and passed to JSON.stringify. Checked on every span of every
 * fixture and on spans made to hit each corner of JSON: names that are integers or `__proto__`,
 * numbers JSON has no form for, strings to escape around the length where the writer changes path,
 * lone surrogates, marker-like maps, absent fields; and the content each stores is the same.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { AttrMap, DecodedSpan } from '../../../src/engine/model';
import { decodeTraces } from '../../../src/engine/otlp';
import { encodeAttributeNames } from '../../../src/engine/store/attribute-keys';
import { compositeHash } from '../../../src/engine/store/content-composite';
import { contentHash } from '../../../src/engine/store/content-hash';
import { encodeSharedObject, encodeValue, type ContentWriter } from '../../../src/engine/store/detail-codec';
import { encodeSpanDetail } from '../../../src/engine/store/span-record';
import { fixturePath, manifest } from '../../factories/fixture-payloads';
import { makeSpan } from '../../factories/spans';

/** A writer that records every store and hold, in order. */
function recordingContent(): ContentWriter & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    store(text, composite) {
      const hash = composite ? compositeHash(text) : contentHash(text);
      log.push(`store ${hash}`);
      return hash;
    },
    hold(hash) {
      log.push(`hold ${hash}`);
    },
  };
}

/** The detail as its documented object, serialized. */
function expectedDetail(span: DecodedSpan, content: ContentWriter): string {
  const detail: Record<string, unknown> = {
    k: span.spanKind,
    end: span.endTimeUnixMs,
    an: encodeAttributeNames(span.attributes, (value) => encodeValue(value, content)),
    r: encodeSharedObject(span.resource, content),
    sc: encodeSharedObject(span.scope, content),
  };
  if (span.events.length > 0) detail.e = span.events.map((e) => ({ n: e.name, t: e.timeUnixMs, a: encodeValue(e.attributes, content) }));
  if (span.links.length > 0) {
    detail.l = span.links.map((l) => {
      const link: Record<string, unknown> = { t: l.traceId, s: l.spanId, a: encodeValue(l.attributes, content) };
      if (l.traceState !== undefined) link.ts = l.traceState;
      if (l.droppedAttributesCount !== undefined) link.d = l.droppedAttributesCount;
      return link;
    });
  }
  if (span.traceState !== undefined) detail.ts = span.traceState;
  return JSON.stringify(detail);
}

function assertSameDetail(span: DecodedSpan, what: string): void {
  const expectedContent = recordingContent();
  const expected = expectedDetail(span, expectedContent);
  const content = recordingContent();
  assert.equal(encodeSpanDetail(span, content), expected, what);
  assert.deepEqual(content.log, expectedContent.log, `${what}: the same content stored and held`);
}

test('every span of every fixture: the detail text is its documented object serialized', () => {
  let spans = 0;
  for (const entry of manifest().filter((e) => e.signal === 'traces' && !e.expectError)) {
    let body = readFileSync(fixturePath(entry));
    if (entry.compression === 'gzip') body = gunzipSync(body);
    for (const span of decodeTraces(body, entry.encoding).items) {
      assertSameDetail(span, `${entry.path} ${span.spanId}`);
      spans++;
    }
  }
  assert.ok(spans > 300, `${spans} spans`);
});

test('corners of JSON: names, numbers, escapes, surrogates, markers, absent fields', () => {
  const long = 'a long value that goes to the content table '.repeat(6);
  const attributes = JSON.parse('{"__proto__": "own key named __proto__"}') as AttrMap;
  Object.assign(attributes, {
    7: 'integer-like name', '12': 'another', 'gen_ai.request.model': 'gpt-4o', '~0': 'looks like a code', 'my "quoted" name\n': 1,
    nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negativeZero: -0, small: 1e-7, big: 1e21, fraction: 0.1 + 0.2, int: 9007199254740991,
    empty: '', at64: 'x'.repeat(64), at65: 'y'.repeat(65), quote64: '"'.repeat(64), tab: 'a\tb', nul: 'a\u0000b', del: 'a\u007fb',
    emoji: 'ok 🙂', lone: 'lone \ud800 surrogate', separator: 'line\u2028separator', escapedLong: `${long} "with quotes" \\ and\nnewlines`,
    long, list: [long, 'short', 1, null, true, [long]], kv: { $c: 'a marker look-alike' }, nested: { inner: { long } },
    nothing: null, yes: true, no: false, unset: undefined,
  });
  const sharedResource: AttrMap = { 'service.name': 'corner-cases', 'service.version': '1' };
  const base = makeSpan({ attributes, resource: sharedResource, traceState: 'k=v',
    events: [{ name: 'exception', timeUnixMs: 1.5, attributes: { 'exception.message': long, n: Number.NaN } }],
    links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { k: 'v' }, traceState: 't', droppedAttributesCount: 2 },
      { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), attributes: {} }] });
  assertSameDetail(base, 'every corner at once');
  assertSameDetail(base, 'the same span again (shared objects served from memory)');
  const bigResource: AttrMap = { 'service.name': 'a service whose resource is long enough to be shared', 'host.name': 'h'.repeat(120) };
  assertSameDetail({ ...base, resource: bigResource }, 'a resource stored as one shared row');
  assertSameDetail({ ...base, resource: bigResource }, 'and again, held once more');
  assertSameDetail({ ...base, spanKind: undefined as unknown as DecodedSpan['spanKind'], traceState: undefined }, 'no kind, no trace state');
  assertSameDetail({ ...base, endTimeUnixMs: Number.NaN, scope: { name: '$c' } }, 'an end JSON cannot write, a marker-like scope');
  assertSameDetail({ ...base, attributes: {}, events: [], links: [] }, 'nothing but the required fields');
});
