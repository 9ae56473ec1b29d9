/** gRPC error mapping, busy ports, and the Host rules for non-loopback binds. */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { extraAllowedHosts, isAllowedHost } from '../../../src/engine/receiver/loopback-guard';
import { bindWithFallback, PORT_ATTEMPTS } from '../../../src/engine/receiver/port-fallback';
import { recordSampleTrace, tracesProtobuf } from '../../factories/otlp-payloads';
import { rawRequest, startHarness } from './receiver-harness';

const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const LOGS_EXPORT = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

function unary(port: number, path: string, body: Buffer, options: grpc.ClientOptions = {}): Promise<{ error: grpc.ServiceError | null; response?: Buffer }> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, body, (error, response) => {
      client.close();
      resolve({ error: error ?? null, response });
    });
  });
}

function occupy(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

test('gRPC: a malformed message → INVALID_ARGUMENT with the reason; a good one → OK with an empty response', async () => {
  const harness = await startHarness();
  try {
    const bad = await unary(harness.grpcPort, TRACE_EXPORT, Buffer.from([0x0a, 0xff, 0xff, 0x03, 0x00]));
    assert.equal(bad.error?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(bad.error?.details ?? '', /truncated|malformed/);
    assert.equal(harness.sink.requests.at(-1)!.transport, 'grpc');
    assert.equal(harness.sink.requests.at(-1)!.ok, false);
    const good = await unary(harness.grpcPort, TRACE_EXPORT, Buffer.from(tracesProtobuf(recordSampleTrace())));
    assert.equal(good.error, null);
    assert.equal(good.response?.length, 0); // fully accepted: no partial_success
    assert.equal(harness.sink.spans.length, 2);
    const logs = await unary(harness.grpcPort, LOGS_EXPORT, Buffer.from('definitely not protobuf \xff\xff'));
    assert.equal(logs.error?.code, grpc.status.INVALID_ARGUMENT);
    const unknownMethod = await unary(harness.grpcPort, '/opentelemetry.proto.collector.trace.v1.TraceService/Nope', Buffer.alloc(0));
    assert.equal(unknownMethod.error?.code, grpc.status.UNIMPLEMENTED);
  } finally {
    await harness.close();
  }
});

test('gRPC: a failing sink → INTERNAL, and the server keeps serving', async () => {
  const harness = await startHarness();
  try {
    harness.sink.failWith = new Error('disk full');
    const failed = await unary(harness.grpcPort, TRACE_EXPORT, Buffer.from(tracesProtobuf(recordSampleTrace())));
    assert.equal(failed.error?.code, grpc.status.INTERNAL);
    assert.match(failed.error?.details ?? '', /disk full/);
    harness.sink.failWith = null;
    const ok = await unary(harness.grpcPort, TRACE_EXPORT, Buffer.from(tracesProtobuf(recordSampleTrace())));
    assert.equal(ok.error, null);
  } finally {
    await harness.close();
  }
});

test('busy preferred ports: both servers take the next free port and report the one asked for', async () => {
  const blockers = [await occupy(), await occupy()];
  const [httpBusy, grpcBusy] = blockers.map((s) => (s.address() as AddressInfo).port);
  try {
    const harness = await startHarness({ httpPort: httpBusy, grpcPort: grpcBusy });
    try {
      const { http, grpc: grpcEndpoint } = harness.receiver.state;
      assert.equal(http?.requestedPort, httpBusy);
      assert.ok(http!.port > httpBusy && http!.port <= httpBusy + PORT_ATTEMPTS, `http on ${http!.port}`);
      assert.equal(grpcEndpoint?.requestedPort, grpcBusy);
      assert.ok(grpcEndpoint!.port > grpcBusy && grpcEndpoint!.port <= grpcBusy + PORT_ATTEMPTS, `grpc on ${grpcEndpoint!.port}`);
      assert.equal((await rawRequest(http!.port, { path: '/api/traces', headers: { host: 'localhost' } })).status, 200);
      const good = await unary(grpcEndpoint!.port, TRACE_EXPORT, Buffer.from(tracesProtobuf(recordSampleTrace())));
      assert.equal(good.error, null);
      assert.ok(harness.logs.some((l) => l.message.includes(`port ${httpBusy} is busy`)));
    } finally {
      await harness.close();
    }
  } finally {
    blockers.forEach((s) => s.close());
  }
});

test('a second receiver asking for the first one\'s port gets another; a free preferred port has no requestedPort', async () => {
  const first = await startHarness({ grpcPort: null });
  try {
    assert.equal(first.receiver.state.http?.requestedPort, undefined);
    const second = await startHarness({ httpPort: first.httpPort, grpcPort: null });
    try {
      assert.notEqual(second.httpPort, first.httpPort);
      assert.equal(second.receiver.state.http?.requestedPort, first.httpPort);
    } finally {
      await second.close();
    }
  } finally {
    await first.close();
  }
  assert.equal(first.receiver.state.running, false);
});

test('port fallback gives up after its attempts with a message naming the range', async () => {
  const tried: number[] = [];
  const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
  await assert.rejects(
    bindWithFallback(5000, async (port) => {
      tried.push(port);
      throw busy;
    }),
    /ports 5000–5019 are all unavailable/,
  );
  assert.equal(tried.length, PORT_ATTEMPTS);
  // Other errors (e.g. an address that is not local) stop at once.
  tried.length = 0;
  await assert.rejects(bindWithFallback(5000, async (port) => {
    tried.push(port);
    throw Object.assign(new Error('listen EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' });
  }));
  assert.equal(tried.length, 1);
});

test('Host rules for a configured non-loopback bind host: that host is allowed, others are not', () => {
  const lan = extraAllowedHosts('192.168.1.5');
  assert.ok(isAllowedHost('192.168.1.5:4318', lan));
  assert.ok(isAllowedHost('localhost:4318', lan));
  assert.ok(!isAllowedHost('192.168.1.6:4318', lan));
  assert.ok(!isAllowedHost('evil.example', lan));
  const named = extraAllowedHosts('devbox.lan');
  assert.ok(isAllowedHost('DEVBOX.lan:4318', named));
  const v6 = extraAllowedHosts('fd00::5');
  assert.ok(isAllowedHost('[fd00::5]:4318', v6));
  // A wildcard bind allows this machine's own addresses (loopback always included).
  const wildcard = extraAllowedHosts('0.0.0.0');
  assert.ok(isAllowedHost('127.0.0.1:4318', wildcard));
  assert.ok(!isAllowedHost('evil.example:4318', wildcard));
  assert.ok(!isAllowedHost(undefined, wildcard));
  // Loopback binds add nothing.
  assert.equal(extraAllowedHosts('127.0.0.1').size, 0);
  assert.equal(extraAllowedHosts('localhost').size, 0);
});

test('gRPC: a message over maxBodyBytes → RESOURCE_EXHAUSTED, also when it is small only while gzipped', async () => {
  const harness = await startHarness({ maxBodyBytes: 64 * 1024 });
  try {
    const spans = recordSampleTrace();
    spans[0].attributes['padding'] = 'x'.repeat(4 * 1024 * 1024);
    const body = Buffer.from(tracesProtobuf(spans));
    const plain = await unary(harness.grpcPort, TRACE_EXPORT, body);
    assert.equal(plain.error?.code, grpc.status.RESOURCE_EXHAUSTED);
    // 2 = gzip: the message travels as a few KB and would inflate to 4 MiB.
    const gzipped = await unary(harness.grpcPort, TRACE_EXPORT, body, { 'grpc.default_compression_algorithm': 2 });
    assert.equal(gzipped.error?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal(harness.sink.spans.length, 0);
  } finally {
    await harness.close();
  }
});
