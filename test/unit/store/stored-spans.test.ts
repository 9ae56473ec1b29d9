/**
 * A whole trace read back span by span: each span's resource, scope, attributes, events and links
 * are the ones it arrived with, whatever the spans before it in the read had (the read shares a
 * resource and scope between spans whose details end alike, stored-spans.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedSpan } from '../../../src/engine/model';
import { exportTraceOtlpJson } from '../../../src/engine/store/otlp-export';
import { makeSpan } from '../../factories/spans';
import { openStore } from './open-store';

test('spans of many resources and scopes, interleaved: each reads back with its own', async () => {
  const { store, queries } = await openStore();
  const root = makeSpan({ name: 'root', service: 'svc-a' });
  const traceId = root.traceId;
  const looksLikeATail = ',"r":{"service.name":"svc-a"},"sc":{"name":"test-scope","version":"1.0.0"}}';
  const kinds: Array<Partial<DecodedSpan> & { service?: string }> = [
    { service: 'svc-a' },
    { service: 'svc-b' },
    { service: 'svc-a', scope: { name: 'test-scope', version: '2.0.0' } },
    { service: 'svc-a', scope: { name: 'test-scope' } },
    { service: 'say "hi" \\ back', scope: { name: 'quoted "scope"' } },
    { service: 'svc-$c', resource: { '$p': 'not a reference' } },
    { service: 'svc-a', scope: { name: 'with attributes', version: '1', attributes: { 'scope.attr': 'v' } } },
    { service: 'svc-a', attributes: { 'text.ending.like.a.tail': looksLikeATail } },
    { service: 'svc-a', events: [{ name: 'after the scope', timeUnixMs: root.startTimeUnixMs + 1, attributes: { tail: looksLikeATail } }] },
    { service: 'svc-a', traceState: 'k=v' },
    { service: 'svc-a', resource: { 'host.name': 'h1', 'process.pid': 7 } },
    { service: 'svc-a', resource: { 'process.pid': 7, 'host.name': 'h1' } },
  ];
  const children = Array.from({ length: 120 }, (_, i) => {
    const { service, ...rest } = kinds[(i * 7) % kinds.length];
    return makeSpan({ ...rest, service, traceId, parentSpanId: root.spanId, name: `child ${i}`, startTimeUnixMs: root.startTimeUnixMs + (i % 13) });
  });
  const sent = [root, ...children];
  store.ingestSpans(sent);
  const read = queries.getTraceJson([traceId]).traces[0].spans ?? [];
  assert.equal(read.length, sent.length);
  const byId = new Map(sent.map((s) => [s.spanId, s]));
  for (const span of read) {
    const original = byId.get(span.spanId)!;
    assert.deepEqual(span.resource, original.resource, `${span.name}: resource`);
    // Key order too: the document is compared as text elsewhere.
    assert.deepEqual(Object.keys(span.resource), Object.keys(original.resource), `${span.name}: resource keys in order`);
    assert.deepEqual(span.scope, original.scope.version !== undefined ? { name: original.scope.name, version: original.scope.version } : { name: original.scope.name }, `${span.name}: scope`);
    assert.deepEqual(span.attributes, original.attributes, `${span.name}: attributes`);
    assert.deepEqual((span.events ?? []).map((e) => e.attributes), original.events.map((e) => e.attributes), `${span.name}: events`);
  }
  // The export reads the spans back too, and keeps what Trace JSON leaves out: a scope's
  // attributes, the trace state.
  const exported = JSON.stringify(exportTraceOtlpJson(store, traceId));
  const withScopeAttributes = children.filter((s) => s.scope.attributes !== undefined).length;
  assert.equal(exported.split('"scope.attr"').length - 1, 1, 'the scope with attributes, listed once for its spans');
  assert.ok(withScopeAttributes > 1);
  assert.equal(exported.split('"traceState":"k=v"').length - 1, children.filter((s) => s.traceState === 'k=v').length);
  store.close();
});

test('two traces stored interleaved, over several pages of rows, arriving out of start order: each reads back whole, in start order', async () => {
  const { store, queries } = await openStore();
  const roots = [makeSpan({ name: 'root a' }), makeSpan({ name: 'root b' })];
  // 1,300 children each (more than two pages of rows), sent in batches that alternate between the
  // traces, each batch in reverse start order: arrival order is neither start order nor id order.
  const children = roots.map((root) => Array.from({ length: 1300 }, (_, i) => makeSpan({
    traceId: root.traceId, parentSpanId: root.spanId, name: `${root.name} child ${i}`, startTimeUnixMs: root.startTimeUnixMs + 1 + i,
  })));
  for (let at = 0; at < 1300; at += 100) {
    for (const list of children) store.ingestSpans(list.slice(at, at + 100).reverse());
  }
  store.ingestSpans(roots);
  roots.forEach((root, t) => {
    const read = queries.getTraceJson([root.traceId]).traces[0].spans ?? [];
    // Ground truth: the root starts first, then its children by their start times as sent.
    const expected = [root.name, ...children[t].map((s) => s.name)];
    assert.deepEqual(read.map((s) => s.name), expected, `${root.name}: every span once, in start order`);
    assert.ok(read.every((s) => s.parentSpanId === null || s.parentSpanId === root.spanId), `${root.name}: only its own spans`);
  });
  store.close();
});
