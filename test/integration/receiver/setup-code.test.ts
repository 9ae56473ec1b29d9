/**
 * The setup code the walkthrough copies really sends traces to the receiver it names: the
 * TypeScript lines run in a child Node process (with the OpenTelemetry SDK this repository installs)
 * against a real receiver on a free port, and the span they record arrives there. The Python lines
 * need a Python OpenTelemetry SDK, which this machine does not have; they are checked as text.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { setupCode, tracesUrl } from '../../../src/host/setup-code';
import { startHarness, type Harness } from '../../unit/receiver/receiver-harness';

const root = path.resolve(__dirname, '../../../..');
let harness: Harness;
before(async () => {
  harness = await startHarness({ grpcPort: null });
});
after(async () => {
  await harness.close();
});

test('the TypeScript setup sends a span to the endpoint it names', async () => {
  // The snippet has no type annotations, so Node runs it as an ES module as it stands.
  const program = setupCode('typescript', harness.httpUrl) + [
    "import { trace } from '@opentelemetry/api';",
    "trace.getTracer('walkthrough').startSpan('first trace from the setup code').end();",
    'await tracerProvider.shutdown();',
  ].join('\n');
  // Inside the repository, so its node_modules resolve the imports.
  const file = path.join(root, 'out', `setup-code-${process.pid}.mjs`);
  fs.writeFileSync(file, program);
  try {
    await promisify(execFile)(process.execPath, [file], { cwd: root, timeout: 20_000 });
  } finally {
    fs.rmSync(file, { force: true });
  }
  const span = harness.sink.spans.find((s) => s.name === 'first trace from the setup code');
  assert.ok(span, `received: ${harness.sink.spans.map((s) => s.name).join(', ') || 'nothing'}`);
  assert.equal(span.resource['service.name'], 'my-app');
  assert.equal(span.scope.name, 'walkthrough');
});

test('both setups post to the traces path of the live endpoint, and only there', () => {
  const endpoint = 'http://127.0.0.1:43219';
  assert.equal(tracesUrl(endpoint), 'http://127.0.0.1:43219/v1/traces');
  assert.equal(tracesUrl(`${endpoint}/`), 'http://127.0.0.1:43219/v1/traces');
  for (const language of ['python', 'typescript'] as const) {
    const code = setupCode(language, endpoint);
    const urls = code.match(/https?:\/\/[^"'\s]+/g) ?? [];
    assert.deepEqual(urls, ['http://127.0.0.1:43219/v1/traces'], language);
  }
  const python = setupCode('python', endpoint);
  assert.match(python, /OTLPSpanExporter\(endpoint="http:\/\/127\.0\.0\.1:43219\/v1\/traces"\)/);
  assert.match(python, /^from opentelemetry\.exporter\.otlp\.proto\.http\.trace_exporter import OTLPSpanExporter$/m);
  assert.match(python, /^trace\.set_tracer_provider\(provider\)$/m);
});
