/**
 * The same telemetry through the two doors gives the same answer: every fixture family posted to
 * the running engine over OTLP/HTTP (as the app would send it) and read back through the query
 * API (`GET /api/traces`, `GET /api/traces/{id}`), against `tracelight import --json` of the same
 * files. Both outputs must be valid Trace JSON v1 and equal trace for trace.
 *
 * The engine worker runs from out/ (tsc) and the CLI from dist/ (esbuild): both must be built from
 * the same sources, as `npm run test:unit` does (build, then compile-tests).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkTraceJson } from '../../support/trace-json-check';
import type { TraceJsonDocument } from '../../../src/protocol/trace-json';
import { post, startEngineUnderTest, type EngineUnderTest } from '../robustness/engine-under-test';
import { fixturePath, manifest, type ManifestEntry } from '../../factories/fixture-payloads';
import { assertBuilt, tracelight } from './installed-cli';

const families = new Map<string, ManifestEntry[]>();
for (const e of manifest()) if (!e.expectError) families.set(e.family, [...(families.get(e.family) ?? []), e]);

let engine: EngineUnderTest;
before(async () => {
  assertBuilt();
  engine = await startEngineUnderTest({ grpcPort: null });
});
after(async () => {
  await engine.close();
});

async function getJson(urlPath: string): Promise<TraceJsonDocument> {
  const res = await fetch(`http://127.0.0.1:${engine.httpPort}${urlPath}`);
  assert.equal(res.status, 200, urlPath);
  return (await res.json()) as TraceJsonDocument;
}

for (const [family, files] of families) {
  test(`${family}: posted over OTLP/HTTP and read from the query API = tracelight import --json`, async () => {
    await engine.client.call('clear', {});
    for (const f of files) {
      const headers: Record<string, string> = { 'content-type': f.encoding === 'json' ? 'application/json' : 'application/x-protobuf' };
      if (f.compression === 'gzip') headers['content-encoding'] = 'gzip';
      const answer = await post(engine.httpPort, `/v1/${f.signal}`, readFileSync(fixturePath(f)), headers);
      assert.equal(answer.status, 200, `${f.path}: ${answer.body.toString('utf8').slice(0, 200)}`);
    }
    const run = await tracelight(['import', ...files.map(fixturePath), '--json']);
    const imported = JSON.parse(run.stdout) as TraceJsonDocument;

    const list = await getJson('/api/traces?limit=1000');
    assert.deepEqual(checkTraceJson(list), [], 'GET /api/traces');
    assert.deepEqual(new Set(list.traces.map((t) => t.traceId)), new Set(imported.traces.map((t) => t.traceId)), 'the same traces');
    for (const trace of imported.traces) {
      const served = await getJson(`/api/traces/${trace.traceId}`);
      assert.deepEqual(checkTraceJson(served), [], `GET /api/traces/${trace.traceId}`);
      assert.deepEqual(served.traces[0], trace, `trace ${trace.traceId} (${trace.name})`);
      const { spans: _spans, ...summary } = trace;
      assert.deepEqual(list.traces.find((t) => t.traceId === trace.traceId), summary, `list entry of ${trace.traceId}`);
    }
  });
}

test('Langfuse\'s span processor posting to <baseUrl>/api/public/otel/v1/traces is received', async () => {
  const langfuse = families.get('langfuse')?.find((f) => f.signal === 'traces');
  assert.ok(langfuse, 'a langfuse fixture');
  await engine.client.call('clear', {});
  const answer = await post(engine.httpPort, '/api/public/otel/v1/traces', readFileSync(fixturePath(langfuse)), { 'content-type': 'application/json' });
  assert.equal(answer.status, 200, answer.body.toString('utf8'));
  const imported = JSON.parse((await tracelight(['import', fixturePath(langfuse), '--json'])).stdout) as TraceJsonDocument;
  assert.ok(imported.traces.length > 0, 'the fixture holds traces');
  const list = await getJson('/api/traces?limit=1000');
  assert.deepEqual(new Set(list.traces.map((t) => t.traceId)), new Set(imported.traces.map((t) => t.traceId)), 'the posted traces are stored');
});
