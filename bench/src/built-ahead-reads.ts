/**
 * The Trace JSON of a trace that arrived while the store was full, read the way a user's tools read
 * it: the query API (`GET /api/traces/{id}`; the CLI's `compare` reads it there too and parses the
 * answer). The trace is sent, the bench then stays quiet so the engine builds it ahead
 * (src/engine/store/idle-prebuild.ts), and its first read is timed. Then one more span arrives in
 * the same trace and it is read at once, before any quiet: a cold build of the same trace (the
 * same-run baseline, and what a trace still growing costs on every read).
 *
 * Also what the kept text costs: bytes per span kept (the caches' own count), the prebuild's time
 * on the engine thread per 1,000 spans, the longest a query waited while it ran, and how long a
 * request sent while it ran took to be stored (the prebuild stops at its next slice for it).
 */
import type { EngineClientLike, ReadCacheStats } from '../../src/protocol/engine-api';
import { recordSpans, tracesProtobuf, withIds } from '../../test/factories/otlp-payloads';
import { waitForSpans } from './engine-under-test';
import type { LoadGeneratorClient } from './load-generator-client';
import { Worker } from 'node:worker_threads';
import { median } from './results';
import { readThreadCpu, splitThreadCpu, type ThreadCpu } from './thread-cpu';

const UNKNOWN_TRACE = 'f'.repeat(32);
/** Without the engine's prebuild figures (an older worker): how long to stay quiet before reading. */
const FIXED_QUIET_MS = 1000;
const FIXED_BUILD_MS_PER_SPAN = 2;

export interface BuiltAheadRead {
  spans: number;
  /** Wall ms until the last byte of the query API's answer arrived (nothing parsed). */
  httpMs: number;
  /** The same read as the CLI makes it: the answer's text, then JSON.parse (ms), and the parse alone. */
  cliMs: number;
  parseMs: number;
  /** A bare node:http server in another thread answering as many bytes in one write, drained the same way (median of 5). */
  floorMs: number;
  /** The same trace with one more span, read at once: a cold build, and its engine-thread CPU. */
  coldHttpMs: number;
  coldEngineCpuMs: number | null;
  documentBytes: number;
  /** From the engine's stats; null for a worker without them. */
  prebuild: { busyMs: number; longestSliceMs: number; textBytes: number; spanBytes: number; engineCpuMs: number | null } | null;
  /** Longest wait of a trivial query while the trace was built ahead, and with nothing running. */
  longestWaitMs: number;
  idleWaitMs: number;
  /** A 10-span request sent while the prebuild ran: ms until its spans were stored; and the same sent while idle. */
  storedDuringMs: number | null;
  storedIdleMs: number;
}

async function post(url: string, body: Uint8Array): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}

/** Wall ms of one GET until its last byte, the body drained as bytes; and the bytes. */
async function drain(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`GET ${url}: ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.byteLength;
  return { ms: performance.now() - started, bytes };
}

/**
 * The transport's floor: a bare node:http server in a worker thread (as the engine's receiver is)
 * answering `bytes` bytes in one write, drained here as the query API's answer is.
 */
async function httpFloorMs(bytes: number): Promise<number> {
  const worker = new Worker(`
    const http = require('node:http');
    const { parentPort, workerData } = require('node:worker_threads');
    const body = Buffer.alloc(workerData, 0x61);
    const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => { server.close(); server.closeAllConnections(); parentPort.close(); });
  `, { eval: true, workerData: bytes });
  try {
    const port = await new Promise<number>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await drain(`http://127.0.0.1:${port}/`)).ms);
    return median(times);
  } finally {
    worker.postMessage('close');
    await worker.terminate();
  }
}

const readCaches = async (client: EngineClientLike): Promise<ReadCacheStats | null> => (await client.call('stats', {})).readCaches ?? null;

/** Times trivial queries (every 2 ms) until `done` says so; the longest wait. */
async function longestWaitUntil(client: EngineClientLike, done: () => Promise<boolean>): Promise<number> {
  let longest = 0;
  for (let i = 0; ; i++) {
    const started = performance.now();
    await client.call('getTraceSummary', { traceId: UNKNOWN_TRACE });
    longest = Math.max(longest, performance.now() - started);
    if (i % 10 === 9 && (await done())) return longest;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A 10-span request of a new trace: ms until stored. */
async function storeSmall(client: EngineClientLike, tracesUrl: string): Promise<number> {
  const before = (await client.call('stats', {})).spanCount;
  const spans = recordSpans((tracer) => { for (let i = 0; i < 10; i++) tracer.startSpan(`small ${i}`).end(); });
  const started = performance.now();
  await post(tracesUrl, tracesProtobuf(spans));
  await waitForSpans(client, before + spans.length);
  return performance.now() - started;
}

export interface BuiltAheadOptions {
  client: EngineClientLike;
  generator: LoadGeneratorClient;
  tracesUrl: string;
  spansPerRequest: number;
  /** The threads before the engine started (to tell its thread apart). */
  threadsBefore: ThreadCpu;
}

export async function builtAheadRead(options: BuiltAheadOptions, spans: number, seed: number, log: (line: string) => void): Promise<BuiltAheadRead> {
  const { client, generator, tracesUrl } = options;
  const base = tracesUrl.replace(/\/v1\/traces$/, '');
  const idleWaitMs = await longestWaitUntil(client, (() => { const until = performance.now() + 300; return async () => performance.now() > until; })());
  const storedIdleMs = median([await storeSmall(client, tracesUrl), await storeSmall(client, tracesUrl), await storeSmall(client, tracesUrl)]);
  // Quiet again before the trace arrives, so the prebuild below is the trace's own.
  await new Promise((resolve) => setTimeout(resolve, 2 * FIXED_QUIET_MS));

  const stored = (await client.call('stats', {})).spanCount;
  const requests = Math.ceil(spans / options.spansPerRequest);
  const before = await readCaches(client);
  await generator.send({ type: 'stream', url: tracesUrl, concurrency: 1, encoding: 'protobuf', shape: { spansPerTrace: 10, leadingTraces: [spans], seed, startTimeMs: Date.now() }, requests, spansPerRequest: options.spansPerRequest });
  await waitForSpans(client, stored + requests * options.spansPerRequest);
  const trace = (await client.call('listTraces', { limit: 50 })).traces.find((t) => t.spanCount === spans);
  if (!trace) throw new Error(`the ${spans}-span trace just sent is not listed`);
  const url = `${base}/api/traces/${trace.traceId}`;

  // While the engine builds it ahead: queries until it is built.
  const cpu0 = readThreadCpu();
  const builtOnce = async (): Promise<boolean> => ((await readCaches(client))?.prebuild.built ?? 0) > before!.prebuild.built;
  const quietMs = FIXED_QUIET_MS + spans * FIXED_BUILD_MS_PER_SPAN;
  const longestWaitMs = await longestWaitUntil(client, before ? builtOnce : (() => { const until = performance.now() + quietMs; return async () => performance.now() > until; })());
  const cpu1 = readThreadCpu();
  const after = await readCaches(client);

  const first = await drain(url);
  const floorMs = await httpFloorMs(first.bytes);
  const cliStarted = performance.now();
  const text = await (await fetch(url)).text();
  const parseStarted = performance.now();
  const parsed = JSON.parse(text) as { traces: Array<{ spans?: unknown[] }> };
  const cliEnded = performance.now();
  if (parsed.traces[0]?.spans?.length !== spans) throw new Error(`the query API returned ${parsed.traces[0]?.spans?.length} spans, expected ${spans}`);

  // One more span in the same trace: nothing kept applies to its new version; read before any quiet.
  const oneMore = async (): Promise<void> => {
    const more = recordSpans((tracer) => tracer.startSpan('one more step').end()).map((s) => withIds(s, { traceId: trace.traceId }));
    const count = (await client.call('stats', {})).spanCount;
    await post(tracesUrl, tracesProtobuf(more));
    await waitForSpans(client, count + 1);
  };
  const builtBeforeCold = (await readCaches(client))?.prebuild.built ?? 0;
  await oneMore();
  const cold0 = readThreadCpu();
  const cold = await drain(url);
  const coldCpu = splitThreadCpu(options.threadsBefore, cold0, readThreadCpu());
  const prebuildCpu = splitThreadCpu(options.threadsBefore, cpu0, cpu1);

  // Once more, and a small request sent while that version is built ahead: it stops the build at its next slice.
  let storedDuringMs: number | null = null;
  if (before) {
    // The quiet after that span builds its version too (a hit: the read above kept it).
    await longestWaitUntil(client, async () => (await readCaches(client))!.prebuild.built > builtBeforeCold);
    await oneMore();
    const mark = (await readCaches(client))!.prebuild;
    await longestWaitUntil(client, async () => (await readCaches(client))!.prebuild.busyMs > mark.busyMs);
    storedDuringMs = await storeSmall(client, tracesUrl);
    // The build stops at its next slice's end.
    let stopped = false;
    for (let i = 0; i < 50 && !stopped; i++) {
      stopped = (await readCaches(client))!.prebuild.cancelled > mark.cancelled;
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (!stopped) storedDuringMs = null; // the build ended before the request came
    await longestWaitUntil(client, async () => (await readCaches(client))!.prebuild.built > mark.built);
  }

  const prebuild = before && after ? {
    busyMs: after.prebuild.busyMs - before.prebuild.busyMs,
    longestSliceMs: after.prebuild.longestSliceMs,
    textBytes: first.bytes,
    spanBytes: after.spanBytes - before.spanBytes,
    engineCpuMs: prebuildCpu?.engine ?? null,
  } : null;
  const read: BuiltAheadRead = {
    spans, httpMs: first.ms, floorMs, cliMs: cliEnded - cliStarted, parseMs: cliEnded - parseStarted, coldHttpMs: cold.ms, coldEngineCpuMs: coldCpu?.engine ?? null,
    documentBytes: first.bytes, prebuild, longestWaitMs, idleWaitMs, storedDuringMs, storedIdleMs,
  };
  log(`  a ${spans}-span trace built ahead while quiet: query API first read ${read.httpMs.toFixed(1)} ms (bare HTTP floor of as many bytes ${floorMs.toFixed(1)} ms; as the CLI reads it, with JSON.parse: ${read.cliMs.toFixed(1)} ms); `
    + `with one more span, cold: ${read.coldHttpMs.toFixed(0)} ms; prebuild ${prebuild ? `${prebuild.busyMs.toFixed(0)} ms of slices (longest ${prebuild.longestSliceMs.toFixed(1)} ms)` : 'not reported by this worker'}, `
    + `longest query wait ${longestWaitMs.toFixed(1)} ms (idle ${idleWaitMs.toFixed(1)}); a request stored in ${storedDuringMs?.toFixed(1) ?? '-'} ms during it (idle ${storedIdleMs.toFixed(1)})`);
  return read;
}
