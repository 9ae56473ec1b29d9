/**
 * Log records without a trace id, end to end: the real SDK payloads (untraced-logs fixtures) posted
 * to the engine worker's receiver, then read through the engine client (listUntracedLogs,
 * getUntracedLog, stats, the `changed` event) and the HTTP query API (GET /api/logs[/{id}]).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineEvent } from '../../../src/protocol/engine-api';
import type { UntracedLogPage, UntracedLogRecord } from '../../../src/protocol/untraced-logs';
import { FIXTURES } from '../../factories/fixture-payloads';
import { post, PROTOBUF, startEngineUnderTest } from '../robustness/engine-under-test';

const DIR = join(FIXTURES, 'untraced-logs');
const intent = JSON.parse(readFileSync(join(DIR, 'intent.json'), 'utf8')) as Array<{ traced: boolean; body?: unknown; service: string }>;

function getJson(port: number, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    }).on('error', reject);
  });
}

test('records sent outside any span reach the client, the stats, a changed event and GET /api/logs', async () => {
  const engine = await startEngineUnderTest({ grpcPort: null });
  try {
    const changed = new Promise<EngineEvent>((resolve) => {
      engine.client.onEvent((event) => { if (event.type === 'changed' && event.untracedLogs) resolve(event); });
    });
    for (const file of ['001-logs.pb', '002-logs.pb', '003-logs.pb', '004-traces.pb']) {
      const path = file.endsWith('traces.pb') ? '/v1/traces' : '/v1/logs';
      assert.equal((await post(engine.httpPort, path, readFileSync(join(DIR, file)), PROTOBUF)).status, 200);
    }
    const untraced = intent.filter((d) => !d.traced).length;
    const event = await changed;
    assert.ok(event.type === 'changed' && event.stats.untracedLogCount > 0);
    const stats = await engine.client.call('stats', {});
    assert.equal(stats.untracedLogCount, untraced);
    assert.equal(stats.evictedUntracedLogs, 0);
    assert.equal(stats.traceCount, 1, 'only the span makes a trace');

    const page = await engine.client.call('listUntracedLogs', { limit: 2 });
    assert.equal(page.total, untraced);
    assert.equal(page.records.length, 2);
    const counts = await engine.client.call('listUntracedLogs', { limit: 0 });
    assert.deepEqual(counts, { records: [], total: untraced, evicted: 0 });

    const http = await getJson(engine.httpPort, '/api/logs?limit=100');
    assert.equal(http.status, 200);
    const document = http.body as UntracedLogPage & { version: number };
    assert.equal(document.version, 1);
    assert.equal(document.records.length, untraced);
    assert.deepEqual(new Set(document.records.map((r) => r.service)), new Set(intent.filter((d) => !d.traced).map((d) => d.service)));
    const python = document.records.find((r) => r.bodyPreview === 'could not parse the config override')!;
    const one = await getJson(engine.httpPort, `/api/logs/${python.id}`);
    assert.equal(one.status, 200);
    const record = (one.body as { record: UntracedLogRecord }).record;
    assert.equal(record.attributes['exception.type'], 'JSONDecodeError');
    assert.deepEqual(await engine.client.call('getUntracedLog', { id: python.id }), record);
    assert.equal((await getJson(engine.httpPort, '/api/logs/999999')).status, 404);
    assert.equal((await getJson(engine.httpPort, '/api/logs/abc')).status, 400);
    await assert.rejects(engine.client.call('getUntracedLog', { id: 1.5 }), /id must be an integer/);
  } finally {
    await engine.close();
  }
});
