/** The prepare thread's failure modes: a refused body, and the thread dying with exports in flight. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { OtlpDecodeError } from '../../../src/engine/otlp';
import { decodeContentText, encodeContentText } from '../../../src/engine/store/content-text';
import { InProcessPreparer } from '../../../src/engine/prepare/preparer';
import { eventLoopLoad, WorkerPreparer } from '../../../src/engine/prepare/worker-preparer';
import { fixturePath, manifest } from '../../factories/fixture-payloads';
import { recordLlmSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { REPLY_PART_SPANS, type PrepareReply, type ToPrepareThread } from '../../../src/engine/prepare/prepare-messages';
import { preparedFromWire } from '../../../src/engine/prepare/row-columns';
import { PREPARE_WORKER_PATH } from './prepare-worker-path';

function protobufFixture(): Buffer {
  const entry = manifest().find((e) => e.signal === 'traces' && e.encoding === 'protobuf' && e.compression === 'none' && !e.expectError);
  assert.ok(entry);
  return readFileSync(fixturePath(entry));
}

test('a body that is not OTLP is refused by the thread as by the decoder, and the thread stays up', async () => {
  const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined);
  try {
    await assert.rejects(preparer.prepareTraces(Buffer.from('{"resourceSpans": 7}'), 'json'), OtlpDecodeError);
    await assert.rejects(preparer.prepareTraces(Buffer.from([0x0a, 0xff, 0xff]), 'protobuf'), OtlpDecodeError);
    assert.ok(preparer.threaded);
    const prepared = await preparer.prepareTraces(protobufFixture(), 'protobuf');
    assert.ok(prepared.spans.length > 0);
  } finally {
    await preparer.close();
  }
});

test('the caller keeps its body: the thread gets a copy', async () => {
  const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined);
  try {
    const body = protobufFixture();
    const before = Buffer.from(body);
    await preparer.prepareTraces(body, 'protobuf');
    assert.equal(body.byteLength, before.byteLength);
    assert.deepEqual(body, before);
  } finally {
    await preparer.close();
  }
});

test('the thread dies with exports in flight: they and later ones are prepared in-process, the same, and it is logged', async () => {
  let thread: Worker | undefined;
  const logs: string[] = [];
  const preparer = new WorkerPreparer(() => (thread = new Worker(PREPARE_WORKER_PATH)), (level, message) => logs.push(`${level}: ${message}`));
  const body = protobufFixture();
  const expected = await new InProcessPreparer().prepareTraces(body, 'protobuf');
  try {
    assert.ok(thread);
    const inFlight = [1, 2, 3].map(() => preparer.prepareTraces(body, 'protobuf'));
    // Killed while the requests are queued or being prepared, before any answer is read.
    await thread.terminate();
    for (const prepared of await Promise.all(inFlight)) assert.deepEqual(prepared, expected);
    assert.equal(preparer.threaded, false);
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(logs[0], /^error: The prepare thread exited/);
    assert.deepEqual(await preparer.prepareTraces(body, 'protobuf'), expected);
    await assert.rejects(preparer.prepareTraces(Buffer.from('not json'), 'json'), OtlpDecodeError);
  } finally {
    await preparer.close();
  }
});

test('a thread that cannot start (a missing script) leaves every export to the in-process path, logged', async () => {
  const logs: string[] = [];
  const preparer = new WorkerPreparer(() => new Worker('/nonexistent/prepare-worker.js'), (level, message) => logs.push(`${level}: ${message}`));
  const body = protobufFixture();
  try {
    assert.deepEqual(await preparer.prepareTraces(body, 'protobuf'), await new InProcessPreparer().prepareTraces(body, 'protobuf'));
    // The failure arrives as an event at startup; polled, bounded.
    for (let i = 0; i < 500 && preparer.threaded; i++) await new Promise<void>((resolve) => setTimeout(resolve, 10));
    assert.equal(preparer.threaded, false);
    assert.ok(logs.some((l) => l.startsWith('error: The prepare thread')), logs.join('\n'));
  } finally {
    await preparer.close();
  }
});

test('a spawn that throws is logged and the in-process path takes over at once', async () => {
  const logs: string[] = [];
  const preparer = new WorkerPreparer(() => {
    throw new Error('no threads here');
  }, (level, message) => logs.push(`${level}: ${message}`));
  assert.equal(preparer.threaded, false);
  assert.match(logs.join('\n'), /^warn: Could not start the prepare thread \(no threads here\)/);
  const prepared = await preparer.prepareTraces(protobufFixture(), 'protobuf');
  assert.ok(prepared.spans.length > 0);
  await preparer.close();
});

/** A fixed answer to "how busy is each thread" (the event loops' utilization, 0 to 1). */
const fixedLoad = (own: number, helper: number) => () => ({ own: () => own, helper: () => helper });

test('with exports waiting for the thread and this thread less busy, the next small one is prepared here, with the same result', async () => {
  const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined, fixedLoad(0.3, 1));
  const body = protobufFixture();
  const expected = await new InProcessPreparer().prepareTraces(body, 'protobuf');
  try {
    // Six at once: the first two go to the thread; the thread then holds two, so the rest are shared.
    const results = await Promise.all(Array.from({ length: 6 }, () => preparer.prepareTraces(body, 'protobuf')));
    assert.equal(preparer.shared, 4);
    for (const prepared of results) assert.deepEqual(prepared, expected);
  } finally {
    await preparer.close();
  }
});

test('with exports waiting but this thread as busy as the helper, every export goes to the thread', async () => {
  for (const [own, helper] of [[1, 1], [0.95, 1], [0.6, 0.2]]) {
    const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined, fixedLoad(own, helper));
    const body = protobufFixture();
    const expected = await new InProcessPreparer().prepareTraces(body, 'protobuf');
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => preparer.prepareTraces(body, 'protobuf')));
      assert.equal(preparer.shared, 0, `own ${own}, helper ${helper}`);
      for (const prepared of results) assert.deepEqual(prepared, expected);
    } finally {
      await preparer.close();
    }
  }
});

test('the measured load: a helper kept busy reads as busier than an idle caller', async () => {
  // The helper spins until told to stop, having said it started (its message gets out while it spins).
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(`const { parentPort, workerData } = require('node:worker_threads');
    parentPort.postMessage('spinning');
    while (Atomics.load(workerData, 0) === 0);`, { eval: true, workerData: stop });
  try {
    await new Promise((resolve) => thread.once('message', resolve));
    const load = eventLoopLoad(thread);
    await new Promise<void>((resolve) => setTimeout(resolve, 250));
    assert.ok(load.helper() > 0.5, `helper ${load.helper()}`);
    assert.ok(load.own() < 0.5, `own ${load.own()}`);
  } finally {
    Atomics.store(stop, 0, 1);
    await thread.terminate();
  }
});

test('a big export comes back from the thread in parts, which together are exactly the in-process result', async () => {
  const body = tracesProtobuf(recordLlmSpans(2 * REPLY_PART_SPANS + 300));
  const expected = await new InProcessPreparer().prepareTraces(body, 'protobuf');
  assert.equal(expected.spans.length, 2 * REPLY_PART_SPANS + 300);
  const thread = new Worker(PREPARE_WORKER_PATH);
  let messages = 0;
  thread.on('message', () => messages++);
  const preparer = new WorkerPreparer(() => thread, () => undefined);
  // The thread is unref'd (it must never keep the engine alive): this test's own handle waits for it.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const prepared = await preparer.prepareTraces(body, 'protobuf');
    assert.equal(messages, 3, 'three parts of at most REPLY_PART_SPANS spans');
    assert.deepEqual(prepared.spans, expected.spans);
    assert.deepEqual(new Map([...prepared.texts].sort()), new Map([...expected.texts].sort()));
    assert.equal(prepared.rejected, expected.rejected);
  } finally {
    clearInterval(keepAlive);
    await preparer.close();
  }
});

test('the thread sends a big export one part at a time, each when asked for, so later exports are not queued behind it', async () => {
  const big = tracesProtobuf(recordLlmSpans(2 * REPLY_PART_SPANS + 300));
  const small = protobufFixture();
  const thread = new Worker(PREPARE_WORKER_PATH);
  const replies: PrepareReply[] = [];
  let arrived: () => void = () => undefined;
  thread.on('message', (reply: PrepareReply) => {
    replies.push(reply);
    arrived();
  });
  const next = () => new Promise<PrepareReply>((resolve) => {
    const count = replies.length;
    arrived = () => { if (replies.length > count) resolve(replies[count]); };
  });
  const send = (message: ToPrepareThread) => thread.postMessage(message);
  try {
    let reply = next();
    send({ kind: 'prepare', id: 1, body: big, encoding: 'protobuf' });
    const first = await reply;
    assert.ok(first.ok && first.id === 1 && first.more && preparedFromWire(first.prepared).spans.length === REPLY_PART_SPANS);
    // Not asked for part two yet: the next message is the small export's answer.
    reply = next();
    send({ kind: 'prepare', id: 2, body: small, encoding: 'protobuf' });
    const other = await reply;
    assert.ok(other.ok && other.id === 2 && !other.more);
    const sizes = [preparedFromWire(first.prepared).spans.length];
    for (const more of [true, false]) {
      reply = next();
      send({ kind: 'next', id: 1 });
      const part = await reply;
      assert.ok(part.ok && part.id === 1);
      assert.equal(part.more, more);
      sizes.push(preparedFromWire(part.prepared).spans.length);
    }
    assert.deepEqual(sizes, [REPLY_PART_SPANS, REPLY_PART_SPANS, 300]);
    // Asking past the end sends nothing; the thread still answers.
    send({ kind: 'next', id: 1 });
    reply = next();
    send({ kind: 'prepare', id: 3, body: small, encoding: 'protobuf' });
    assert.equal((await reply).id, 3);
  } finally {
    await thread.terminate();
  }
});

test('with the store asking for compressed texts and the helper less busy, the thread sends each long text as the store would write it', async () => {
  const body = tracesProtobuf(recordLlmSpans(REPLY_PART_SPANS + 100));
  const expected = await new InProcessPreparer().prepareTraces(body, 'protobuf');
  const longTexts = [...expected.texts].filter(([, text]) => Buffer.byteLength(text, 'utf8') >= 1024);
  assert.ok(longTexts.length >= 10, `${longTexts.length} texts of 1 KB or more`);
  const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined, fixedLoad(1, 0.3));
  preparer.packContentWith(() => 1024);
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    // In two parts: the packed texts of both come back joined.
    const prepared = await preparer.prepareTraces(body, 'protobuf');
    assert.equal(preparer.packed, 1);
    assert.deepEqual(prepared.spans, expected.spans);
    assert.deepEqual(new Map([...prepared.texts].sort()), new Map([...expected.texts].sort()));
    assert.ok(prepared.packed);
    assert.equal(prepared.packed.size, longTexts.length);
    for (const [hash, text] of longTexts) {
      const bytes = prepared.packed.get(hash);
      assert.ok(bytes, hash);
      assert.deepEqual(Buffer.from(bytes), Buffer.from(encodeContentText(text, 1024)));
      assert.equal(bytes[0], 0xff, 'words compress');
      assert.equal(decodeContentText(bytes), text);
    }
  } finally {
    clearInterval(keepAlive);
    await preparer.close();
  }
});

test('texts are not compressed on the thread when the store does not ask, or when the helper is as busy as the store thread', async () => {
  const body = protobufFixture();
  for (const [packFrom, own, helper] of [[null, 1, 0.3], [1024, 0.5, 0.5], [1024, 0.3, 1]] as const) {
    const preparer = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined, fixedLoad(own, helper));
    preparer.packContentWith(() => packFrom);
    try {
      const prepared = await preparer.prepareTraces(body, 'protobuf');
      assert.equal(prepared.packed, undefined, `asked from ${packFrom}, own ${own}, helper ${helper}`);
      assert.equal(preparer.packed, 0);
    } finally {
      await preparer.close();
    }
  }
});
