/**
 * A request body with a declared length is read into shared memory (request-body.ts) and posted to
 * the prepare thread as it is, neither copied nor transferred (worker-preparer.ts): the prepared
 * export must be what the in-process path gives, and the receiving thread must still hold the
 * body, to prepare it itself should the thread die first.
 */
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { InProcessPreparer } from '../../../src/engine/prepare/preparer';
import { WorkerPreparer } from '../../../src/engine/prepare/worker-preparer';
import { readBody } from '../../../src/engine/receiver/request-body';
import { recordLlmSpans, tracesJson, tracesProtobuf } from '../../factories/otlp-payloads';
import { PREPARE_WORKER_PATH } from './prepare-worker-path';

/** Sends `body` to a loopback server in 64 KB writes and returns what readBody gave the server. */
async function received(body: Uint8Array, declareLength: boolean): Promise<Buffer> {
  let read: Promise<Buffer> | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    read = readBody(req, 64 * 1024 * 1024);
    void read.finally(() => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const headers = declareLength ? { 'content-length': body.byteLength } : { 'transfer-encoding': 'chunked' };
      const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      for (let at = 0; at < body.byteLength; at += 65536) req.write(body.subarray(at, at + 65536));
      req.end();
    });
    assert.ok(read);
    return await read;
  } finally {
    server.close();
  }
}

test('a body with its length declared is read into shared memory, byte for byte; a chunked one as before', async () => {
  const body = tracesProtobuf(recordLlmSpans(700));
  assert.ok(body.byteLength > 10 * 65536, `${body.byteLength} bytes, many reads`);
  const declared = await received(body, true);
  assert.ok(declared.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(declared, Buffer.from(body));
  const chunked = await received(body, false);
  assert.ok(!(chunked.buffer instanceof SharedArrayBuffer));
  assert.deepEqual(chunked, Buffer.from(body));
});

test('a body in shared memory is prepared by the thread as in-process, and stays whole for the receiving thread', async () => {
  const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined);
  try {
    for (const [body, encoding] of [[tracesProtobuf(recordLlmSpans(300)), 'protobuf'], [tracesJson(recordLlmSpans(300)), 'json']] as const) {
      const shared = Buffer.from(new SharedArrayBuffer(body.byteLength));
      shared.set(body);
      const prepared = await preparer.prepareTraces(shared, encoding);
      assert.equal(shared.byteLength, body.byteLength, 'not transferred away');
      assert.deepEqual(shared, Buffer.from(body));
      assert.deepEqual(prepared, await new InProcessPreparer().prepareTraces(body, encoding));
    }
  } finally {
    await preparer.close();
  }
});

test('the thread dies with a body in shared memory in flight: it is prepared in-process from the same bytes', async () => {
  let thread: Worker | undefined;
  const preparer = new WorkerPreparer(() => (thread = new Worker(PREPARE_WORKER_PATH)), () => undefined);
  const body = tracesProtobuf(recordLlmSpans(200));
  const shared = Buffer.from(new SharedArrayBuffer(body.byteLength));
  shared.set(body);
  try {
    assert.ok(thread);
    const inFlight = preparer.prepareTraces(shared, 'protobuf');
    await thread.terminate();
    assert.deepEqual(await inFlight, await new InProcessPreparer().prepareTraces(body, 'protobuf'));
    assert.equal(preparer.threaded, false);
  } finally {
    await preparer.close();
  }
});
