/**
 * Span links from outside, on the payloads the OTel JS SDK made (test/fixtures/span-links, what
 * each scenario links declared in its intent.json): `tracelight import --json` prints each span's
 * `links`, and the engine worker's query API names them and answers "linked from".
 *
 * Run: npm run build && npm run compile-tests && node --test out/test/integration/contract/span-links.test.js
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkTraceJson } from '../../support/trace-json-check';
import type { SpanLinksDocument, TraceJsonDocument, TraceJsonSpan } from '../../../src/protocol/trace-json';
import { FIXTURES, fixturePath, manifest } from '../../factories/fixture-payloads';
import { post, startEngineUnderTest, type EngineUnderTest } from '../robustness/engine-under-test';
import { assertBuilt, tracelight } from './installed-cli';
import { request } from 'node:http';

interface Ids { traceId: string; spanId: string }
interface Intent {
  queue: { consumer: Ids & { name: string }; links: Array<Ids & { name?: string; inStore: boolean; attributes: Record<string, unknown>; traceState?: string; droppedAttributesCount?: number }> };
  handoff: { from: Ids & { name: string; traceName: string }; to: Ids & { name: string; attributes: Record<string, unknown> } };
  wide: { aggregate: Ids & { name: string }; links: number; linkedTraceId: string; linkedTraceName: string; firstName: string; lastName: string };
  python: { consumer: Ids & { name: string }; links: Array<Ids & { name: string; inStore: boolean; attributes: Record<string, unknown>; traceState?: string }> };
}

const intent = JSON.parse(readFileSync(join(FIXTURES, 'span-links', 'intent.json'), 'utf8')) as Intent;
const files = manifest().filter((e) => e.family === 'span-links');

function spanOf(doc: TraceJsonDocument, ids: Ids): TraceJsonSpan {
  const span = doc.traces.find((t) => t.traceId === ids.traceId)?.spans?.find((s) => s.spanId === ids.spanId);
  assert.ok(span, `span ${ids.spanId} of trace ${ids.traceId}`);
  return span;
}

/** A link as Trace JSON shows it, from the generator's declared link (which also names the target). */
const asJson = ({ name: _name, ...link }: Intent['queue']['links'][number]) => link;

test('the fixtures exist and are listed in the manifest', () => {
  assert.equal(files.length, 8);
  assert.equal(files.filter((f) => f.description.startsWith('Python SDK')).length, 4, 'one export per span from the Python SDK');
  assert.ok(files.every((f) => f.signal === 'traces' && !f.handwritten));
});

test('tracelight import --json: every span\'s links as sent, with inStore, in valid Trace JSON', async () => {
  assertBuilt();
  const run = await tracelight(['import', ...files.map(fixturePath), '--json']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  assert.deepEqual(checkTraceJson(doc), []);
  // Queue fan-in: three producers stored, the upstream message's producer not.
  assert.deepEqual(spanOf(doc, intent.queue.consumer).links, intent.queue.links.map(asJson));
  // Hand-off: the researcher's root links the planner's hand-off span, in another trace.
  assert.notEqual(intent.handoff.from.traceId, intent.handoff.to.traceId);
  assert.deepEqual(spanOf(doc, intent.handoff.to).links, [
    { traceId: intent.handoff.from.traceId, spanId: intent.handoff.from.spanId, attributes: intent.handoff.to.attributes, inStore: true },
  ]);
  assert.equal(spanOf(doc, intent.handoff.from).links, undefined, 'the linked span itself has no links');
  // 1,000 links on one span, in order, all resolving.
  const wide = spanOf(doc, intent.wide.aggregate).links!;
  assert.equal(wide.length, intent.wide.links);
  assert.deepEqual(wide.map((l) => l.attributes['chunk.index']), Array.from({ length: intent.wide.links }, (_, i) => i));
  assert.ok(wide.every((l) => l.inStore && l.traceId === intent.wide.linkedTraceId));
  // Python SDK: links at start (one with trace state) and one added later, all resolving.
  assert.deepEqual(spanOf(doc, intent.python.consumer).links, intent.python.links.map(({ name: _name, ...l }) => l));
});

test('tracelight import of the consumer alone: its links are there, none in store', async () => {
  const consumerFile = files.find((f) => f.description.startsWith('queue fan-in') && readFileSync(fixturePath(f)).includes(Buffer.from('process orders')));
  assert.ok(consumerFile);
  const run = await tracelight(['import', fixturePath(consumerFile), '--json']);
  assert.equal(run.code, 0, run.stderr);
  const links = spanOf(JSON.parse(run.stdout) as TraceJsonDocument, intent.queue.consumer).links!;
  assert.deepEqual(links, intent.queue.links.map((l) => ({ ...asJson(l), inStore: false })));
});

let engine: EngineUnderTest;
before(async () => {
  engine = await startEngineUnderTest({ grpcPort: null });
  for (const f of files) {
    const answer = await post(engine.httpPort, '/v1/traces', readFileSync(fixturePath(f)), { 'content-type': f.encoding === 'json' ? 'application/json' : 'application/x-protobuf' });
    assert.equal(answer.status, 200, f.path);
  }
});
after(async () => {
  await engine?.close();
});

function getJson(path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: engine.httpPort, path, headers: { host: 'localhost' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const linksPath = (ids: Ids, query = '') => `/api/traces/${ids.traceId}/spans/${ids.spanId}/links${query}`;

test('query API: a span\'s links named (span and trace) when stored; the traces of GET /api/traces/{id} carry them', async () => {
  const { status, body } = await getJson(linksPath(intent.queue.consumer));
  assert.equal(status, 200);
  const doc = body as SpanLinksDocument;
  assert.deepEqual(doc.links, intent.queue.links.map((l) => (l.name ? { ...asJson(l), name: l.name, traceName: l.name } : asJson(l))));
  assert.deepEqual(doc.linkedFrom, []);
  const trace = (await getJson(`/api/traces/${intent.queue.consumer.traceId}`)).body as TraceJsonDocument;
  assert.deepEqual(spanOf(trace, intent.queue.consumer).links, intent.queue.links.map(asJson));
});

test('query API: linked from — each producer lists the consumer batch; the hand-off span lists the researcher', async () => {
  for (const [i, producer] of intent.queue.links.filter((l) => l.inStore).entries()) {
    const doc = (await getJson(linksPath(producer))).body as SpanLinksDocument;
    assert.equal(doc.linkedFromTotal, 1);
    assert.deepEqual(doc.linkedFrom.map((s) => [s.traceId, s.spanId, s.name, s.traceName, s.linkIndex]), [
      [intent.queue.consumer.traceId, intent.queue.consumer.spanId, 'process orders', 'process orders', i],
    ]);
  }
  const enqueue = (await getJson(linksPath(intent.python.links[0]))).body as SpanLinksDocument;
  assert.deepEqual(enqueue.linkedFrom.map((s) => [s.spanId, s.name, s.linkIndex]), [[intent.python.consumer.spanId, intent.python.consumer.name, 0]]);
  const handoff = (await getJson(linksPath(intent.handoff.from))).body as SpanLinksDocument;
  assert.deepEqual(handoff.linkedFrom.map((s) => [s.spanId, s.name]), [[intent.handoff.to.spanId, intent.handoff.to.name]]);
  const researcher = (await getJson(linksPath(intent.handoff.to))).body as SpanLinksDocument;
  assert.deepEqual([researcher.links[0].name, researcher.links[0].traceName], [intent.handoff.from.name, intent.handoff.from.traceName]);
});

test('query API and engine API on 1,000 links: all named; the last chunk is linked from link 999; paging', async () => {
  const doc = (await getJson(linksPath(intent.wide.aggregate, '?limit=1'))).body as SpanLinksDocument;
  assert.equal(doc.links.length, intent.wide.links);
  assert.deepEqual([doc.links[0].name, doc.links.at(-1)!.name], [intent.wide.firstName, intent.wide.lastName]);
  assert.ok(doc.links.every((l) => l.traceName === intent.wide.linkedTraceName));
  const last = doc.links.at(-1)!;
  const reverse = await engine.client.call('getSpanLinks', { traceId: last.traceId, spanId: last.spanId });
  assert.deepEqual(reverse!.linkedFrom.map((s) => [s.spanId, s.linkIndex]), [[intent.wide.aggregate.spanId, intent.wide.links - 1]]);
  const info = await engine.client.call('getSpanLinks', intent.wide.aggregate);
  assert.equal(info!.targets.length, intent.wide.links);
  assert.deepEqual(info!.targets[5], { name: 'embed chunk 5', traceName: intent.wide.linkedTraceName });
  assert.equal((await getJson(linksPath({ traceId: intent.wide.linkedTraceId, spanId: 'f'.repeat(16) }))).status, 404);
});
