import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EngineClient } from '../../../src/engine/engine-client';
import { DEFAULT_ENGINE_CONFIG, type EngineEvent } from '../../../src/protocol/engine-api';
import { recordSpans, tracesProtobuf, TEST_SERVICE } from '../../factories/otlp-payloads';
import { startEngine } from './start-engine';

async function postTraces(port: number, body: Uint8Array): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

test('the worker answers typed requests and reports bad ones as errors without dying', async () => {
  const { client } = startEngine({ httpPort: 0, grpcPort: null });
  try {
    const stats = await client.call('stats', {});
    assert.equal(stats.spanCount, 0);
    assert.equal(stats.receiver.running, false);
    await assert.rejects(client.call('getSpanRows', { traceId: 42 as unknown as string }), /getSpanRows: traceId must be a string/);
    await assert.rejects(client.call('nonsense' as 'stats', {}), /unknown engine method/);
    assert.deepEqual(await client.call('listTraces', {}), { traces: [], total: 0 }, 'still alive after bad requests');
    assert.equal(await client.call('getTraceSummary', { traceId: 'ab'.repeat(16) }), null);
  } finally {
    await client.dispose();
  }
  await assert.rejects(client.call('stats', {}), /disposed/);
});

test('spans posted to the receiver are stored, announced once in a changed event, and queryable', async () => {
  const { client, events, waitForEvent } = startEngine({ grpcPort: null });
  try {
    const state = await client.call('startReceiver', {});
    assert.equal(state.running, true);
    assert.ok(state.http && state.http.port > 0);
    const spans = recordSpans((tracer) => {
      const root = tracer.startSpan('handle request');
      root.end();
    });
    const traceId = spans[0].spanContext().traceId;
    assert.equal(await postTraces(state.http!.port, tracesProtobuf(spans)), 200);

    const changed = (await waitForEvent((e) => e.type === 'changed')) as Extract<EngineEvent, { type: 'changed' }>;
    assert.deepEqual(changed.traceIds, [traceId]);
    assert.equal(changed.stats.spanCount, 1);
    assert.equal(events.filter((e) => e.type === 'changed').length, 1);
    assert.ok(events.some((e) => e.type === 'receiver' && e.state.running));

    const doc = await client.call('getTraceJson', { traceIds: [traceId] });
    assert.equal(doc.traces[0].name, 'handle request');
    assert.equal(doc.traces[0].service, TEST_SERVICE);
    // The document crosses the thread as its JSON text, kept by the engine in shared memory.
    const bytes = await client.call('getTraceJsonBytes', { traceIds: [traceId] });
    assert.ok(bytes.buffer instanceof SharedArrayBuffer, 'shared with this thread, not copied');
    assert.equal(Buffer.from(bytes).toString('utf8'), JSON.stringify(doc));
    assert.deepEqual(await client.call('getTraceJson', { traceIds: [traceId, 'f'.repeat(32), traceId] }), { version: 1, traces: [doc.traces[0], doc.traces[0]] });
    assert.equal((await client.call('stats', {})).requests.http, 1);
  } finally {
    await client.dispose();
  }
});

test('dispose saves the snapshot, and a new engine starts from it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-snapshot-'));
  const snapshotPath = path.join(dir, 'nested', 'traces.sqlite');
  const spans = recordSpans((tracer) => tracer.startSpan('persisted').end());
  const file = path.join(dir, 'traces.pb');
  writeFileSync(file, tracesProtobuf(spans));

  const first = startEngine({ snapshotPath, grpcPort: null });
  const imported = await first.client.call('importFiles', { paths: [file] });
  assert.deepEqual(imported, [{ file, ok: true, spans: 1, logs: 0, rejected: 0 }]);
  await first.client.dispose();
  assert.ok(existsSync(snapshotPath));

  const second = startEngine({ snapshotPath, grpcPort: null });
  try {
    const list = await second.client.call('listTraces', {});
    assert.equal(list.total, 1);
    assert.equal(list.traces[0].name, 'persisted');
    assert.equal(list.traces[0].traceId, spans[0].spanContext().traceId);
  } finally {
    await second.client.dispose();
  }
});

test('a worker that crashes rejects pending calls with a clear error and emits an event', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-crash-'));
  const crashing = path.join(dir, 'crashing-worker.js');
  // Accepts messages but never answers, then dies of an uncaught exception.
  writeFileSync(crashing, "require('node:worker_threads').parentPort.on('message', () => { setTimeout(() => { throw new Error('boom'); }, 20); });");
  const client = new EngineClient({ workerPath: crashing, config: DEFAULT_ENGINE_CONFIG });
  const events: EngineEvent[] = [];
  client.onEvent((e) => events.push(e));
  await assert.rejects(client.call('stats', {}), /stats: the engine worker crashed: boom/);
  assert.ok(events.some((e) => e.type === 'log' && e.level === 'error' && /crashed: boom/.test(e.message)));
  await assert.rejects(client.call('listTraces', {}), /crashed: boom/);
  await client.dispose();
});
