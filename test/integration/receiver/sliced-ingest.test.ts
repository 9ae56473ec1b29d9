/**
 * A big export is stored in slices with the event loop running between them, so queries are not
 * held up behind it; the client is still answered only once every slice is stored.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DecodedSpan } from '../../../src/engine/model';
import { INGEST_SLICE, INGEST_WHOLE_MAX } from '../../../src/engine/receiver/export-handler';
import type { EngineStats } from '../../../src/protocol/engine-api';
import { post, PROTOBUF, startEngineUnderTest, type EngineUnderTest } from '../robustness/engine-under-test';
import { hexBytes, keyValue, stringValue, traceRequest, type RawSpan } from '../../factories/otlp-bytes';
import { rawRequest, startHarness, type Harness } from '../../unit/receiver/receiver-harness';

/** `traces` traces of `perTrace` spans each (a root and its children), every span with a ~`padding`-byte attribute. */
function bigRequest(traces: number, perTrace: number, padding: number, seed: number): Uint8Array {
  const spans: RawSpan[] = [];
  const pad = keyValue('app.padding', stringValue('p'.repeat(padding)));
  for (let t = 0; t < traces; t++) {
    const traceId = hexBytes(`${seed.toString(16).padStart(8, '0')}${(t + 1).toString(16).padStart(24, '0')}`);
    const spanId = (i: number) => hexBytes(`${(t + 1).toString(16).padStart(8, '0')}${(i + 1).toString(16).padStart(8, '0')}`);
    for (let i = 0; i < perTrace; i++) {
      spans.push({ traceId, spanId: spanId(i), parentSpanId: i === 0 ? undefined : spanId(0), name: i === 0 ? 'root' : `step ${i}`, attributes: [pad] });
    }
  }
  return traceRequest(spans, 'sliced');
}

let harness: Harness;
before(async () => {
  harness = await startHarness({ grpcPort: null });
});
after(async () => {
  await harness.close();
});

const postToHarness = (body: Uint8Array) =>
  rawRequest(harness.httpPort, { method: 'POST', path: '/v1/traces', body, headers: { host: `127.0.0.1:${harness.httpPort}`, 'content-type': 'application/x-protobuf' } });

test('the sink gets a big export in slices, with the event loop running between them', async () => {
  const calls: number[] = [];
  let immediatesBetween = 0;
  const sink = harness.sink;
  const original = sink.ingestSpans.bind(sink);
  sink.ingestSpans = (spans: DecodedSpan[]) => {
    calls.push(spans.length);
    // Runs only if the receiver yields to the event loop before the next slice.
    setImmediate(() => immediatesBetween++);
    original(spans);
  };
  try {
    const before = sink.spans.length;
    const res = await postToHarness(bigRequest(5, 500, 10, 1));
    assert.equal(res.status, 200);
    // 2,500 spans: whole slices, then the rest.
    const whole = Math.floor(2500 / INGEST_SLICE);
    assert.deepEqual(calls, [...Array<number>(whole).fill(INGEST_SLICE), 2500 - whole * INGEST_SLICE]);
    assert.equal(sink.spans.length - before, 2500, 'every span stored, in request order');
    assert.equal(sink.spans[before + 2499].name, 'step 499');
    assert.ok(immediatesBetween >= calls.length - 1, `${immediatesBetween} event loop turns between ${calls.length} slices`);
    assert.equal(sink.requests.at(-1)?.accepted, 2500);
  } finally {
    sink.ingestSpans = original;
  }
});

test('a small export is handed over whole', async () => {
  const calls: number[] = [];
  const sink = harness.sink;
  const original = sink.ingestSpans.bind(sink);
  sink.ingestSpans = (spans: DecodedSpan[]) => {
    calls.push(spans.length);
    original(spans);
  };
  try {
    assert.equal((await postToHarness(bigRequest(1, INGEST_WHOLE_MAX, 10, 2))).status, 200);
    assert.deepEqual(calls, [INGEST_WHOLE_MAX]);
  } finally {
    sink.ingestSpans = original;
  }
});

test('storing fails on a later slice: 500 with the reason, the request recorded as failed', async () => {
  const sink = harness.sink;
  const original = sink.ingestSpans.bind(sink);
  let call = 0;
  sink.ingestSpans = (spans: DecodedSpan[]) => {
    if (++call === 2) throw new Error('disk full on slice 2');
    original(spans);
  };
  try {
    const res = await postToHarness(bigRequest(3, 1000, 10, 3));
    assert.equal(res.status, 500);
    assert.match(res.text, /disk full on slice 2/);
    assert.equal(call, 2, 'no slice is stored after the failure');
    assert.equal(sink.requests.at(-1)?.ok, false);
    assert.ok(harness.logs.some((l) => l.level === 'error' && /disk full on slice 2/.test(l.message)));
  } finally {
    sink.ingestSpans = original;
  }
});

test('the real engine answers stats while a 10,000-span request is being stored, and answers the export after it is all stored', async () => {
  let engine: EngineUnderTest | undefined;
  try {
    engine = await startEngineUnderTest({ grpcPort: null });
    const spanCount = 10_000;
    const body = bigRequest(20, spanCount / 20, 1000, 4);
    const start = (await engine.client.call('stats', {})).spanCount;
    let answered = false;
    const exported = post(engine.httpPort, '/v1/traces', body, PROTOBUF).finally(() => (answered = true));
    // Stats calls one after another until the export is answered: one is always waiting in the
    // worker, so it is served at the first chance the worker gets. Bounded in count.
    const seen: EngineStats[] = [];
    for (let i = 0; i < 100_000 && !answered; i++) seen.push(await engine.client.call('stats', {}));
    const answer = await exported;
    assert.equal(answer.status, 200, answer.body.toString('utf8').slice(0, 200));
    const partial = seen.map((s) => s.spanCount - start).filter((n) => n > 0 && n < spanCount);
    assert.ok(partial.length > 0, `a stats reply came while the request was part stored (span counts seen: ${[...new Set(seen.map((s) => s.spanCount - start))].join(', ')})`);
    assert.ok(partial.every((n) => n % INGEST_SLICE === 0), `partial counts fall on slice boundaries: ${partial.join(', ')}`);
    const final = await engine.client.call('stats', {});
    assert.equal(final.spanCount - start, spanCount, 'all spans were stored before the export was answered');
  } finally {
    await engine?.close();
  }
});
