import assert from 'node:assert/strict';
import { test } from 'node:test';
import { receiverWelcome, tracesViewTitle } from '../../../src/host/traces/receiver-welcome';
import type { ReceiverState } from '../../../src/protocol/engine-api';

const listening: ReceiverState = { running: true, http: { host: '127.0.0.1', port: 4318 }, grpc: { host: '127.0.0.1', port: 4317 } };
const moved: ReceiverState = { running: true, http: { host: '127.0.0.1', port: 4319, requestedPort: 4318 }, grpc: null };
const failed: ReceiverState = { running: false, http: null, grpc: null, error: 'no free port from 4318 to 4338' };
const stopped: ReceiverState = { running: false, http: null, grpc: null };

test('each receiver state picks its welcome text', () => {
  assert.equal(receiverWelcome(listening), 'listening');
  assert.equal(receiverWelcome(moved), 'portBusy');
  assert.equal(receiverWelcome(failed), 'failed');
  assert.equal(receiverWelcome(stopped), 'stopped');
  // A busy gRPC port alone does not move the endpoint apps send to over HTTP.
  assert.equal(receiverWelcome({ ...listening, grpc: { host: '127.0.0.1', port: 4327, requestedPort: 4317 } }), 'listening');
});

test('the title names the live endpoint, the moved port included', () => {
  assert.equal(tracesViewTitle(listening), 'Traces :4318');
  assert.equal(tracesViewTitle(moved), 'Traces :4319');
  // A wildcard bind is reached through loopback, so it reads as the usual case.
  assert.equal(tracesViewTitle({ running: true, http: { host: '0.0.0.0', port: 5000 }, grpc: null }), 'Traces :5000');
  assert.equal(tracesViewTitle({ running: true, http: { host: '192.168.1.20', port: 4318 }, grpc: null }), 'Traces 192.168.1.20:4318');
  assert.equal(tracesViewTitle({ running: true, http: { host: '::1', port: 5000 }, grpc: null }), 'Traces [::1]:5000');
  assert.equal(tracesViewTitle(failed), 'Traces');
  assert.equal(tracesViewTitle(stopped), 'Traces');
});

test('every welcome state has exactly one port-free text in package.json', async () => {
  const { readFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../../package.json'), 'utf8'));
  const welcome = pkg.contributes.viewsWelcome as Array<{ view: string; when: string; contents: string }>;
  for (const state of ['listening', 'portBusy', 'failed', 'stopped']) {
    const texts = welcome.filter((w) => w.view === 'tracelight.traces' && w.when.includes(`tracelight.receiverState == ${state}`));
    assert.equal(texts.length, 1, state);
  }
  for (const w of welcome) assert.doesNotMatch(w.contents, /:\d{2,5}\b/, 'no port in a welcome text');
  assert.ok(welcome.some((w) => w.contents.includes('(command:tracelight.copyEndpoint)')));
});
