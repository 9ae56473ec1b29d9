import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EngineEvent } from '../../../src/protocol/engine-api';
import { readSnapshot } from '../../../src/engine/store/snapshot-file';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { TraceStore } from '../../../src/engine/store/trace-store';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { startEngine } from './start-engine';

const isAutosave = (e: EngineEvent): boolean => e.type === 'log' && /^Autosave: \d+ bytes written/.test(e.message);

async function storedSpans(file: string): Promise<number> {
  const store = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 1000, maxBytes: 1024 ** 3 }, log: () => {}, snapshot: (await readSnapshot(file))! });
  const count = store.spanCount;
  store.close();
  return count;
}

test('with autosave on, changed traces reach the snapshot file while the engine runs, and nothing is written while nothing changes', async () => {
  const snapshotPath = path.join(mkdtempSync(path.join(tmpdir(), 'tracelight-autosave-')), 'traces.sqlite');
  const { client, events, waitForEvent } = startEngine({ grpcPort: null, snapshotPath, autosaveMs: 150 });
  try {
    const state = await client.call('startReceiver', {});
    const spans = recordSpans((tracer) => {
      const root = tracer.startSpan('agent run');
      tracer.startSpan('step', {}, undefined).end();
      root.end();
    });
    const response = await fetch(`http://127.0.0.1:${state.http!.port}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: tracesProtobuf(spans),
    });
    assert.equal(response.status, 200);
    await waitForEvent(isAutosave, 20_000);
    assert.equal(await storedSpans(snapshotPath), 2, 'the autosaved snapshot holds the spans, before any stop');

    // Several intervals with no change: no further save.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(events.filter(isAutosave).length, 1);
  } finally {
    await client.dispose();
  }
});

test('autosave is off by default: the snapshot is written only on stop', async () => {
  const snapshotPath = path.join(mkdtempSync(path.join(tmpdir(), 'tracelight-autosave-')), 'traces.sqlite');
  const { client, events } = startEngine({ grpcPort: null, snapshotPath });
  try {
    await client.call('importFiles', { paths: [] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(events.filter(isAutosave).length, 0);
    assert.equal(await readSnapshot(snapshotPath), null);
  } finally {
    await client.dispose();
  }
});

test('a snapshot that cannot be opened is set aside with its bytes, not overwritten by the next save', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-autosave-'));
  const snapshotPath = path.join(dir, 'traces.sqlite');
  const unreadable = 'not a database: perhaps written by a newer version';
  writeFileSync(snapshotPath, unreadable);
  const { client, waitForEvent } = startEngine({ grpcPort: null, snapshotPath, autosaveMs: 150 });
  try {
    const warning = await waitForEvent((e) => e.type === 'log' && /Could not load the snapshot/.test(e.message));
    const kept = /the file is kept as (.+)$/.exec(warning.type === 'log' ? warning.message : '')?.[1];
    assert.ok(kept, `the warning says where the file went: ${JSON.stringify(warning)}`);
    assert.equal(path.dirname(kept), dir);
    assert.equal(readFileSync(kept, 'utf8'), unreadable);
    const state = await client.call('startReceiver', {});
    const response = await fetch(`http://127.0.0.1:${state.http!.port}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/x-protobuf' },
      body: tracesProtobuf(recordSpans((tracer) => tracer.startSpan('after the refusal').end())),
    });
    assert.equal(response.status, 200);
    await waitForEvent(isAutosave, 20_000);
    assert.equal(await storedSpans(snapshotPath), 1, 'the new snapshot is saved in its place');
    assert.equal(readFileSync(kept, 'utf8'), unreadable, 'the set-aside file is untouched by the save');
    assert.deepEqual(readdirSync(dir).sort(), ['traces.sqlite', path.basename(kept)].sort());
  } finally {
    await client.dispose();
  }
});

test('saves asked for together while exports arrive run one after another, and the last holds every span stored before it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-autosave-'));
  const snapshotPath = path.join(dir, 'traces.sqlite');
  const { client } = startEngine({ grpcPort: null, snapshotPath });
  try {
    const state = await client.call('startReceiver', {});
    const post = (name: string): Promise<Response> => fetch(`http://127.0.0.1:${state.http!.port}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/x-protobuf' },
      body: tracesProtobuf(recordSpans((tracer) => {
        const root = tracer.startSpan(name);
        for (let i = 0; i < 20; i++) tracer.startSpan(`${name} step ${i}`, { attributes: { output: `${name} ${i} `.repeat(200) } }).end();
        root.end();
      })),
    });
    assert.equal((await post('first')).status, 200);
    const saves = [client.call('saveSnapshot', {}), client.call('saveSnapshot', {})];
    const posts = [post('second'), post('third')];
    const [a, b] = await Promise.all(saves);
    for (const response of await Promise.all(posts)) assert.equal(response.status, 200);
    assert.equal(a.path, snapshotPath);
    assert.ok(a.bytes > 0 && b.bytes > 0);
    assert.deepEqual(readdirSync(dir), ['traces.sqlite'], 'no temporary file left behind');
    const last = await client.call('saveSnapshot', {});
    assert.equal(last.bytes, readFileSync(snapshotPath).length);
    assert.equal(await storedSpans(snapshotPath), 63, 'three runs of 21 spans');
  } finally {
    await client.dispose();
  }
});
