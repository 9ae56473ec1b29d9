/**
 * A slow answer holds the receiver's thread (the store shares it) for longer than an idle
 * kept-alive connection is kept. A client that sends its next request on such a connection during
 * the stall must get its answer, not a closed socket; a connection that stays idle is still closed.
 * The client runs in a worker thread, so it keeps time and sends while this thread is stalled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import { startHttpReceiver } from '../../../src/engine/receiver/http-server';
import type { TraceQuerySource } from '../../../src/engine/ingest';
import { emptyQuery, RecordingSink } from './receiver-harness';

// Node's client keeps a connection one second less than the receiver says it will (Keep-Alive: timeout=2).
const KEEP_ALIVE_MS = 2_000;
// Node closes an idle connection a second after the time it announces: the stall outlasts both.
const STALL_MS = KEEP_ALIVE_MS + 2_000;
const SLOW_TRACE = 'a'.repeat(32);

/** Runs in the worker: two kept-alive connections (one agent each), answers as they come back. */
const CLIENT = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const a = new http.Agent({ keepAlive: true, maxSockets: 1 });
const b = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (agent, path) => new Promise((resolve) => {
  const req = http.get({ host: '127.0.0.1', port: workerData.port, path, agent }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c) => { body += c; });
    res.on('end', () => resolve({ status: res.statusCode, port: req.socket.localPort, bytes: body.length }));
  });
  req.on('error', (e) => resolve({ error: e.code || e.message }));
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const first = await get(a, '/api/traces');
  const slow = get(b, '/api/traces/' + workerData.slow);
  await sleep(300);
  // Sent while the receiver's thread is busy with the slow answer; it waits there past the keep-alive time.
  const during = await get(a, '/api/traces');
  const slowAnswer = await slow;
  a.destroy();
  b.destroy();
  parentPort.postMessage({ first, during, slowAnswer });
})();
`;

/** One request on a raw connection that the client never closes: ms from the answer to the receiver closing it. */
function idleConnectionClosedAfterMs(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answeredAt = 0;
    socket.on('data', (chunk: Buffer) => {
      if (!answeredAt && chunk.toString('latin1').startsWith('HTTP/1.1 200')) answeredAt = Date.now();
    });
    socket.on('close', () => (answeredAt ? resolve(Date.now() - answeredAt) : reject(new Error('closed before an answer'))));
    socket.on('error', reject);
    socket.write('GET /api/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  });
}

interface Answer { status?: number; port?: number; bytes?: number; error?: string }

test('a request sent on a kept-alive connection while a slow answer holds the thread is answered, not dropped', async () => {
  const stall = (): void => {
    const end = Date.now() + STALL_MS;
    while (Date.now() < end) { /* the store building a big trace, synchronously */ }
  };
  const query: TraceQuerySource = {
    ...emptyQuery,
    readTraceJsonBytes: async (ids) => {
      if (ids[0] === SLOW_TRACE) stall();
      return Buffer.from('{"version":1,"traces":[]}');
    },
  };
  const logs: string[] = [];
  const receiver = await startHttpReceiver({
    host: '127.0.0.1', port: 0, maxBodyBytes: 1024 * 1024, sink: new RecordingSink(), query,
    log: (_level, message) => logs.push(message), keepAliveMs: KEEP_ALIVE_MS,
  });
  try {
    const worker = new Worker(CLIENT, { eval: true, workerData: { port: receiver.endpoint.port, slow: SLOW_TRACE } });
    const answers = await new Promise<Record<string, Answer>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(answers.first.status, 200, JSON.stringify(answers));
    assert.equal(answers.during.status, 200, `the request sent during the stall: ${JSON.stringify(answers.during)}`);
    // It went over the kept-alive connection (the same client port), which is what was at risk.
    assert.equal(answers.during.port, answers.first.port);
    // The slow answer is a 404 (no such trace in this source), delivered whole.
    assert.equal(answers.slowAnswer.status, 404, JSON.stringify(answers.slowAnswer));
    // A connection left idle is still closed by the receiver once the keep-alive time is over.
    const closedAfter = await idleConnectionClosedAfterMs(receiver.endpoint.port);
    assert.ok(closedAfter >= KEEP_ALIVE_MS - 50 && closedAfter < KEEP_ALIVE_MS + 10_000, `idle connection closed after ${closedAfter} ms`);
  } finally {
    await receiver.close();
  }
});
