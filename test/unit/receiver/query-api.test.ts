/** GET /api/traces and /api/traces/{id} over a fake TraceQuerySource. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TraceQuerySource } from '../../../src/engine/ingest';
import type { ListTracesQuery, TraceSummary } from '../../../src/protocol/engine-api';
import type { SpanLinksDocument, TraceJsonDocument } from '../../../src/protocol/trace-json';
import { rawRequest, startHarness, type Harness } from './receiver-harness';

function summary(i: number): TraceSummary {
  return {
    traceId: i.toString(16).padStart(32, 'a'),
    name: `run ${i}`,
    service: 'agent',
    startTimeUnixMs: 1_764_190_000_000 + i * 1000,
    durationMs: 100 + i,
    status: i % 2 ? 'error' : 'ok',
    spanCount: i + 1,
    errorCount: i % 2,
    usage: { inputTokens: 10 * i, outputTokens: i, totalTokens: 11 * i },
    costUsd: i === 0 ? null : i / 1000,
    unpricedCalls: 0,
    sessionId: i === 3 ? 'session-3' : undefined,
    hasRoot: true,
    updatedSeq: i,
  };
}

/** Holds five traces, newest last; answers newest first as the store does. */
class FakeQuery implements TraceQuerySource {
  listCalls: ListTracesQuery[] = [];
  fail = false;
  private readonly traces = [0, 1, 2, 3, 4].map(summary);
  listTraces(query: ListTracesQuery) {
    if (this.fail) throw new Error('store unavailable');
    this.listCalls.push(query);
    const newestFirst = [...this.traces].reverse();
    return { traces: newestFirst.slice(0, query.limit ?? newestFirst.length), total: this.traces.length };
  }
  listUntracedLogs() {
    return { records: [], total: 0, evicted: 0 };
  }
  getUntracedLog() {
    return null;
  }
  getTraceJson(traceIds: string[]): TraceJsonDocument {
    const found = this.traces.filter((t) => traceIds.includes(t.traceId));
    return {
      version: 1,
      traces: found.map((t) => ({ ...t, spans: [{ spanId: '1'.repeat(16), parentSpanId: null, name: t.name, kind: 'agent', status: 'ok', startTimeUnixMs: t.startTimeUnixMs, durationMs: t.durationMs }] })),
    };
  }
  async readTraceJsonBytes(traceIds: string[]): Promise<Uint8Array> {
    return Buffer.from(JSON.stringify(this.getTraceJson(traceIds)));
  }
  linkCalls: Array<[string, string, number, number]> = [];
  getSpanLinks(traceId: string, spanId: string, offset: number, limit: number): SpanLinksDocument | null {
    this.linkCalls.push([traceId, spanId, offset, limit]);
    if (!this.traces.some((t) => t.traceId === traceId) || spanId !== '1'.repeat(16)) return null;
    return { version: 1, traceId, spanId, links: [], linkedFrom: [], linkedFromTotal: 0 };
  }
}

const query = new FakeQuery();
let harness: Harness;
before(async () => {
  harness = await startHarness({ grpcPort: null }, query);
});
after(async () => {
  await harness.close();
});
const get = (path: string, host = 'localhost') => rawRequest(harness.httpPort, { path, headers: { host } });

test('GET /api/traces?limit=N: newest first, Trace JSON without spans, with spanCount', async () => {
  const res = await get('/api/traces?limit=2');
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = JSON.parse(res.text);
  assert.equal(body.version, 1);
  assert.deepEqual(body.traces.map((t: { name: string }) => t.name), ['run 4', 'run 3']);
  assert.equal(query.listCalls.at(-1)!.limit, 2);
  const [four, three] = body.traces;
  assert.deepEqual(four, {
    traceId: summary(4).traceId, name: 'run 4', service: 'agent', startTimeUnixMs: 1_764_190_004_000, durationMs: 104,
    status: 'ok', spanCount: 5, usage: { inputTokens: 40, outputTokens: 4, totalTokens: 44 }, costUsd: 0.004, unpricedCalls: 0,
  });
  assert.equal(three.sessionId, 'session-3');
  assert.equal(three.spans, undefined);
  // Store-internal fields are not part of Trace JSON.
  assert.equal(three.updatedSeq, undefined);
  assert.equal(three.hasRoot, undefined);
});

test('GET /api/traces: default and clamped limits; a bad limit is 400', async () => {
  await get('/api/traces');
  assert.equal(query.listCalls.at(-1)!.limit, 50);
  await get('/api/traces?limit=999999');
  assert.equal(query.listCalls.at(-1)!.limit, 1000);
  for (const bad of ['0', '-1', 'ten', '1.5']) {
    const res = await get(`/api/traces?limit=${bad}`);
    assert.equal(res.status, 400, bad);
    assert.match(JSON.parse(res.text).message, /limit/);
  }
});

test('GET /api/traces/{traceId}: one trace in full Trace JSON; 404 with a message when unknown', async () => {
  const id = summary(2).traceId;
  const res = await get(`/api/traces/${id.toUpperCase()}`);
  assert.equal(res.status, 200);
  const doc = JSON.parse(res.text);
  assert.equal(doc.version, 1);
  assert.equal(doc.traces.length, 1);
  assert.equal(doc.traces[0].traceId, id);
  assert.equal(doc.traces[0].spans[0].name, 'run 2');
  const missing = await get(`/api/traces/${'f'.repeat(32)}`);
  assert.equal(missing.status, 404);
  assert.match(JSON.parse(missing.text).message, /not in the store/);
  const malformed = await get('/api/traces/not-a-trace-id');
  assert.equal(malformed.status, 400);
});

test('the query API is read-only and refuses foreign Hosts', async () => {
  const post = await rawRequest(harness.httpPort, { method: 'POST', path: '/api/traces', headers: { host: 'localhost' } });
  assert.equal(post.status, 405);
  const del = await rawRequest(harness.httpPort, { method: 'DELETE', path: `/api/traces/${summary(1).traceId}`, headers: { host: 'localhost' } });
  assert.equal(del.status, 405);
  assert.equal((await get('/api/traces', 'attacker.example:80')).status, 403);
});

test('a failing store → 500 with a message, and the next request works', async () => {
  query.fail = true;
  try {
    const res = await get('/api/traces');
    assert.equal(res.status, 500);
    assert.match(JSON.parse(res.text).message, /store unavailable/);
    assert.ok(harness.logs.some((l) => l.level === 'error' && /store unavailable/.test(l.message)));
  } finally {
    query.fail = false;
  }
  assert.equal((await get('/api/traces')).status, 200);
});

test('GET /api/traces/{traceId}/spans/{spanId}/links: ids lower-cased, offset and limit passed (limit clamped), 404 and 400 with messages', async () => {
  const id = summary(3).traceId;
  const res = await get(`/api/traces/${id.toUpperCase()}/spans/${'1'.repeat(16)}/links?offset=5&limit=5000`);
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.text), { version: 1, traceId: id, spanId: '1'.repeat(16), links: [], linkedFrom: [], linkedFromTotal: 0 });
  assert.deepEqual(query.linkCalls.at(-1), [id, '1'.repeat(16), 5, 1000]);
  await get(`/api/traces/${id}/spans/${'1'.repeat(16)}/links`);
  assert.deepEqual(query.linkCalls.at(-1), [id, '1'.repeat(16), 0, 50]);
  const missing = await get(`/api/traces/${id}/spans/${'2'.repeat(16)}/links`);
  assert.equal(missing.status, 404);
  assert.match(JSON.parse(missing.text).message, /span 2{16} of trace .* is not in the store/);
  const calls = query.linkCalls.length;
  for (const path of [`/api/traces/${id}/spans/xyz/links`, `/api/traces/${id}/spans/${'1'.repeat(16)}/links?limit=0`, `/api/traces/${id}/spans/${'1'.repeat(16)}/links?offset=-1`]) {
    const bad = await get(path);
    assert.equal(bad.status, 400, path);
    assert.ok(JSON.parse(bad.text).message.length > 0);
  }
  assert.equal(query.linkCalls.length, calls, 'a malformed request never reaches the store');
  const post = await rawRequest(harness.httpPort, { method: 'POST', path: `/api/traces/${id}/spans/${'1'.repeat(16)}/links`, headers: { host: 'localhost' } });
  assert.equal(post.status, 405);
});
