/**
 * A damaged snapshot file (random bytes, cut in half, empty, a few bytes flipped) must never stop
 * the engine: it starts (empty or with what it could read), answers, receives, and its next save
 * is a good snapshot again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkTraceJson } from '../../support/trace-json-check';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { FIXTURES } from '../../factories/fixture-payloads';
import { assertResponsive, post, PROTOBUF, pseudoRandomBytes, startEngineUnderTest } from './engine-under-test';

let dir: string;
let good: Buffer;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracelight-snapshot-'));
  const snapshotPath = join(dir, 'good.sqlite');
  const engine = await startEngineUnderTest({ grpcPort: null, snapshotPath });
  // A fixture's fixed bytes, so the snapshot (and where the damage lands) is the same every run.
  assert.equal((await post(engine.httpPort, '/v1/traces', readFileSync(join(FIXTURES, 'openinference', '005-traces.pb')), PROTOBUF)).status, 200);
  await engine.close();
  good = readFileSync(snapshotPath);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const DAMAGE: [string, () => Buffer][] = [
  ['random bytes', () => pseudoRandomBytes(8192, 5)],
  ['cut in half', () => good.subarray(0, Math.floor(good.length / 2))],
  ['empty', () => Buffer.alloc(0)],
  ['the SQLite header only', () => good.subarray(0, 100)],
  ['every 97th byte flipped past the first page', () => Buffer.from(good.map((b, i) => (i > 4096 && i % 97 === 0 ? b ^ 0xff : b)))],
];

for (const [label, damaged] of DAMAGE) {
  test(`a snapshot that is ${label}: the engine starts, answers, receives, and saves a good snapshot`, async () => {
    const snapshotPath = join(dir, `${label.replace(/\W+/g, '-')}.sqlite`);
    writeFileSync(snapshotPath, damaged());
    const engine = await startEngineUnderTest({ grpcPort: null, snapshotPath });
    try {
      await assertResponsive(engine);
      const { traces } = await engine.client.call('listTraces', { limit: 100 });
      assert.deepEqual(checkTraceJson(await engine.client.call('getTraceJson', { traceIds: traces.map((t) => t.traceId) })), [], 'whatever was read is valid');
      const fresh = recordSpans((tracer) => tracer.startSpan(`after ${label}`).end());
      assert.equal((await post(engine.httpPort, '/v1/traces', tracesProtobuf(fresh), PROTOBUF)).status, 200);
    } finally {
      await engine.close();
    }
    const reopened = await startEngineUnderTest({ grpcPort: null, snapshotPath });
    try {
      const { traces } = await reopened.client.call('listTraces', { limit: 100 });
      assert.ok(traces.some((t) => t.name === `after ${label}`), 'the next save is readable');
    } finally {
      await reopened.close();
    }
  });
}

test('a snapshot whose stored JSON is damaged (every ":" after a key replaced): refused at load, or every listed trace opens', async () => {
  const text = good.toString('latin1');
  const damaged = Buffer.from(good);
  for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 1)) damaged[at + 1] = 0x58; // ':' → 'X'
  const snapshotPath = join(dir, 'damaged-json.sqlite');
  writeFileSync(snapshotPath, damaged);
  const engine = await startEngineUnderTest({ grpcPort: null, snapshotPath });
  try {
    const { traces } = await engine.client.call('listTraces', { limit: 100 });
    for (const t of traces) {
      const doc = await engine.client.call('getTraceJson', { traceIds: [t.traceId] });
      assert.deepEqual(checkTraceJson(doc), []);
    }
    await assertResponsive(engine);
  } finally {
    await engine.close();
  }
});
