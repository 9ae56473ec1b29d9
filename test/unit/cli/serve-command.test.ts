import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { runCli, startCli } from './run-cli';

test('serve prints the real endpoints, receives spans, answers the query API and stops cleanly on Ctrl-C', async () => {
  const snapshot = path.join(mkdtempSync(path.join(tmpdir(), 'tracelight-serve-')), 'traces.sqlite');
  const serve = startCli(['serve', '--port', '0', '--grpc-port', '0', '--snapshot', snapshot]);
  try {
    const [, httpUrl] = await serve.waitFor(/OTLP\/HTTP\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const [, grpcUrl] = await serve.waitFor(/OTLP\/gRPC\s+(http:\/\/127\.0\.0\.1:\d+)/);
    assert.notEqual(grpcUrl, httpUrl);
    await serve.waitFor(new RegExp(`OTEL_EXPORTER_OTLP_ENDPOINT=${httpUrl.replace(/[.]/g, '\\.')}`));
    await serve.waitFor(/Press Ctrl-C to stop/);

    const spans = recordSpans((tracer) => tracer.startSpan('served').end());
    const posted = await fetch(`${httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: tracesProtobuf(spans) });
    assert.equal(posted.status, 200);
    await serve.waitFor(/1 trace\(s\) updated; holding 1 trace\(s\), 1 span\(s\)/);
    const listed = (await (await fetch(`${httpUrl}/api/traces`)).json()) as { traces: Array<{ name: string }> };
    assert.deepEqual(listed.traces.map((t) => t.name), ['served']);

    serve.child.kill('SIGINT');
    assert.equal(await serve.exited, 0, serve.output());
    assert.match(serve.output(), /Stopping/);
    assert.ok(existsSync(snapshot), 'the snapshot was saved on exit');
  } finally {
    if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  }
});

test('serve rejects a bad port with a usage error', async () => {
  const run = await runCli(['serve', '--port', 'eighty']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--port must be a port number/);
});
