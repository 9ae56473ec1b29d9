/**
 * Bodies over the limit: the client must get the 413 (not a broken pipe, which OTLP exporters
 * retry), so the rest of the body is read and dropped; within bounds, since a client could declare
 * or send gigabytes. Memory must stay flat while a body is dropped.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { MAX_DISCARD_BYTES } from '../../../src/engine/receiver/request-body';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { startHarness, type Harness } from './receiver-harness';

const LIMIT = 1024 * 1024;
let harness: Harness;
before(async () => {
  harness = await startHarness({ maxBodyBytes: LIMIT, grpcPort: null });
});
after(async () => {
  await harness.close();
});

interface Answer {
  status: number;
  connection: string | undefined;
  /** The client side of the connection the request went over. */
  socket: Socket;
}

function postWith(agent: Agent, body: Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: harness.httpPort, method: 'POST', path: '/v1/traces', agent, headers: { 'content-type': 'application/x-protobuf', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socket: socket! }));
      },
    );
    let socket: Socket | undefined;
    req.once('socket', (s) => (socket = s));
    req.on('error', reject);
    req.end(Buffer.from(body));
  });
}

test('declared and chunked bodies over the limit: 413, and the same connection carries the next export', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const big = Buffer.alloc(6 * LIMIT, 0x61);
    const good = tracesProtobuf(recordSpans((tracer) => tracer.startSpan('after').end()));
    for (const headers of [{}, { 'transfer-encoding': 'chunked' }] as Record<string, string>[]) {
      const refused = await postWith(agent, big, headers);
      assert.equal(refused.status, 413);
      assert.notEqual(refused.connection, 'close', 'the connection is kept: the body was read off');
      const before = harness.sink.spans.length;
      const next = await postWith(agent, good);
      assert.equal(next.status, 200);
      // (req.reusedSocket stays false for a request that waited for the agent's only socket.)
      assert.equal(next.socket, refused.socket, 'the next request went over the same connection');
      assert.equal(harness.sink.spans.length - before, 1);
    }
  } finally {
    agent.destroy();
  }
});

/** A raw connection that sends only what the test writes, and collects what comes back. */
function rawConnection(): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(harness.httpPort, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('error', () => undefined); // a reset after the answer is what some tests expect
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

test('a declared length beyond what is worth draining: 413 at once with Connection: close', async () => {
  const { socket, received, closed } = await rawConnection();
  const declared = MAX_DISCARD_BYTES + 1;
  socket.write(`POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${declared}\r\n\r\n`);
  socket.write(Buffer.alloc(1024));
  await closed;
  assert.match(received(), /^HTTP\/1\.1 413 /);
  assert.match(received(), /\r\nconnection: close\r\n/i);
  assert.match(received(), /exceeds the limit/);
});

test('a chunked body that never ends is dropped only up to the bound, then cut; memory stays flat', async () => {
  const { socket, received, closed } = await rawConnection();
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  socket.write('POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nTransfer-Encoding: chunked\r\n\r\n');
  const size = 1024 * 1024;
  const chunk = Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 0x62), Buffer.from('\r\n')]);
  global.gc?.();
  const baseline = process.memoryUsage().arrayBuffers;
  let peak = baseline;
  let sent = 0;
  // Bounded: at most three times the drain bound, far more than the receiver may read.
  while (!isClosed && sent < 3 * MAX_DISCARD_BYTES) {
    const flushed = socket.write(chunk);
    sent += size;
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    if (!flushed && !isClosed) {
      await new Promise<void>((resume) => {
        const done = () => {
          socket.off('drain', done).off('close', done);
          resume();
        };
        socket.on('drain', done).on('close', done);
      });
    }
  }
  await closed;
  assert.ok(isClosed, 'the receiver cut the connection');
  assert.ok(sent >= MAX_DISCARD_BYTES && sent < 2 * MAX_DISCARD_BYTES, `${sent} bytes were sent before the cut: the receiver read up to its bound, then stopped`);
  assert.match(received(), /^HTTP\/1\.1 413 /, 'the answer came before the cut');
  assert.ok(peak - baseline < 32 * 1024 * 1024, `array buffers grew by ${peak - baseline} bytes`);
  assert.match(harness.sink.requests.at(-1)?.error ?? '', /exceeds the limit/);
});

test('an unsupported content type: 415, the body read off, the connection kept', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const refused = await postWith(agent, Buffer.alloc(6 * LIMIT, 0x63), { 'content-type': 'text/plain' });
    assert.equal(refused.status, 415);
    const next = await postWith(agent, tracesProtobuf(recordSpans((tracer) => tracer.startSpan('after 415').end())));
    assert.equal(next.status, 200);
    assert.equal(next.socket, refused.socket, 'the next request went over the same connection');
  } finally {
    agent.destroy();
  }
});
