/**
 * The engine holding ~100k spans (one 1,000-span trace, the rest in 10-span traces): memory per
 * stored span and in total, and the latency of the queries the views make.
 * Memory: `stats.databaseBytes` (SQLite pages) per span, and the growth of this process's resident
 * set (which includes the worker's V8 heap and the sql.js WebAssembly memory) from before the engine
 * started to after the fill; baseline: raw OTLP protobuf bytes per span (what the spans weigh on the wire).
 * Queries: median of repeated calls from this thread through the EngineClient; baselines: the same
 * listing on the empty store, and a trivial round trip (a summary of an unknown trace) at 100k spans.
 */
import type { LoadGeneratorClient } from './load-generator-client';
import { cpuMs, medianMs, result, type BenchResult } from './results';
import { waitForSpans, type BenchEngineFactory } from './engine-under-test';
import { measureTraceReads, traceReadResults, type TraceReads } from './trace-read-figures';
import type { EngineClientLike } from '../../src/protocol/engine-api';

export interface StoreAtScaleOptions {
  /** CPU-ms per 1,000 protobuf spans ingested into a fresh engine, from the ingest runs (the baseline of the fill's figure). */
  freshEngineCpuPer1k: number | null;
  requests: number;
  spansPerRequest: number;
  concurrency: number;
  /** Sizes of the big traces to query (the oldest traces of the fill, in this order). */
  bigTraces: number[];
  queryRuns: number;
}

const UNKNOWN_TRACE = 'f'.repeat(32);
/** Longer than the engine's quiet time before it builds recent big traces (1 s), plus the build. */
const PREBUILD_WAIT_MS = 4000;

const coldRead1k = (reads: readonly TraceReads[]): number | null => reads.find((r) => r.spans === 1000)?.firstJsonMs ?? null;

/** Sends one more 1,000-span trace, waits while nothing else is sent, then reads it for the first time. */
async function firstReadAfterQuiet(client: EngineClientLike, generator: LoadGeneratorClient, tracesUrl: string, spansPerRequest: number, stored: number,
  log: (line: string) => void): Promise<{ firstMs: number } | null> {
  const requests = Math.ceil(1000 / spansPerRequest);
  await generator.send({ type: 'stream', url: tracesUrl, concurrency: 1, encoding: 'protobuf', shape: { spansPerTrace: 10, leadingTraces: [1000], seed: 909, startTimeMs: Date.now() }, requests, spansPerRequest });
  await waitForSpans(client, stored + requests * spansPerRequest);
  const newest = (await client.call('listTraces', { limit: 20 })).traces.find((t) => t.spanCount === 1000);
  if (!newest) return null;
  await new Promise((resolve) => setTimeout(resolve, PREBUILD_WAIT_MS));
  const started = performance.now();
  const doc = await client.call('getTraceJson', { traceIds: [newest.traceId] });
  const firstMs = performance.now() - started;
  if (doc.traces[0]?.spans?.length !== 1000) throw new Error('the trace that just arrived did not read back whole');
  log(`  a 1000-span trace that just arrived: first read ${firstMs.toFixed(1)} ms after ${PREBUILD_WAIT_MS} ms quiet`);
  return { firstMs };
}
const MB = 1024 * 1024;

export async function runStoreAtScaleBench(options: StoreAtScaleOptions, generator: LoadGeneratorClient, startEngine: BenchEngineFactory, log: (line: string) => void): Promise<BenchResult[]> {
  const rssBefore = process.memoryUsage().rss;
  const engine = await startEngine();
  try {
    const { client } = engine;
    const listEmptyMs = await medianMs(options.queryRuns, () => client.call('listTraces', { limit: 200 }));
    const spans = options.requests * options.spansPerRequest;
    log(`store at scale: streaming ${options.requests} protobuf requests (${spans} spans, traces of ${options.bigTraces.join(' and ')} among them) into a fresh engine`);
    const started = performance.now();
    const cpuStarted = cpuMs();
    const sent = await generator.send({
      type: 'stream',
      url: engine.tracesUrl,
      concurrency: options.concurrency,
      encoding: 'protobuf',
      shape: { spansPerTrace: 10, leadingTraces: options.bigTraces, seed: 303, startTimeMs: Date.now() - 7_200_000 },
      requests: options.requests,
      spansPerRequest: options.spansPerRequest,
    });
    await waitForSpans(client, spans);
    const fillCpuPer1k = (cpuMs() - cpuStarted) / (spans / 1000);
    log(`  filled in ${((performance.now() - started) / 1000).toFixed(1)} s (payloads built while sending), ${fillCpuPer1k.toFixed(0)} CPU-ms per 1k spans`);
    const stats = await client.call('stats', {});
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    const wireBytesPerSpan = sent.bytes / spans;

    // The big traces started first, so they are the oldest: the last entries of the full listing.
    const oldest = (await client.call('listTraces', { limit: options.bigTraces.length, offset: stats.traceCount - options.bigTraces.length })).traces.reverse();
    oldest.forEach((trace, i) => {
      if (trace.spanCount !== options.bigTraces[i]) throw new Error(`expected the ${i + 1}. oldest trace to hold ${options.bigTraces[i]} spans, found ${trace.spanCount}`);
    });
    const listed = await client.call('listTraces', { limit: 200 });
    if (listed.traces.length !== 200) throw new Error(`listTraces returned ${listed.traces.length} traces, expected 200`);

    const roundTripMs = await medianMs(options.queryRuns, () => client.call('getTraceSummary', { traceId: UNKNOWN_TRACE }));
    const listMs = await medianMs(options.queryRuns, () => client.call('listTraces', { limit: 200 }));
    const reads = [];
    for (const big of oldest) reads.push(await measureTraceReads(client, big.traceId, big.spanCount, options.queryRuns, log));
    const arrived = await firstReadAfterQuiet(client, generator, engine.tracesUrl, options.spansPerRequest, stats.spanCount, log);
    const roundTrip = { name: 'trivial round trip (summary of an unknown trace) at the same size', value: roundTripMs };
    const at = `at ${stats.spanCount.toLocaleString('en-US')} spans`;
    return [
      result(`ingest protobuf CPU per 1,000 spans while filling to ${at.slice(3)}`, fillCpuPer1k, 'CPU-ms',
        options.freshEngineCpuPer1k === null ? null : { name: 'same, first spans into a fresh engine (ingest runs)', value: options.freshEngineCpuPer1k },
        'CPU time of the bench process (engine worker + caller) while the store grows; a ratio above 1 is cost that grows with the store'),
      result(`database bytes per stored span ${at}`, stats.databaseBytes / stats.spanCount, 'B/span', { name: 'OTLP protobuf bytes per span', value: wireBytesPerSpan }, `stats.databaseBytes ${(stats.databaseBytes / MB).toFixed(0)} MB; distinct content ${stats.contentCount.toLocaleString('en-US')} strings, ${(stats.contentBytes / MB).toFixed(0)} MB`),
      result(`process memory growth per stored span ${at}`, rssGrowth / stats.spanCount, 'B/span', { name: 'OTLP protobuf bytes per span', value: wireBytesPerSpan }, 'resident set growth of the bench process: worker V8 heap + sql.js wasm memory + buffers'),
      result(`total memory ${at} (process RSS growth)`, rssGrowth / MB, 'MB', { name: 'OTLP protobuf payload of the same spans', value: sent.bytes / MB },
        `of which the database's pages (stats.databaseBytes) ${(stats.databaseBytes / MB).toFixed(0)} MB; the rest (${((rssGrowth - stats.databaseBytes) / MB).toFixed(0)} MB) is the worker's V8 heap, sql.js's other wasm memory (page cache slack, statements) and buffers`),
      result(`listTraces latest 200 ${at}`, listMs, 'ms', { name: 'same listing, empty store', value: listEmptyMs }),
      ...reads.flatMap((r) => traceReadResults(r, at, roundTrip)),
      ...(arrived && coldRead1k(reads) !== null ? [result(`getTraceJson of a 1000-span trace that just arrived ${at}, first read (built ahead while ingest was quiet)`, arrived.firstMs, 'ms',
        { name: 'first read (cold build) of the 1000-span trace above', value: coldRead1k(reads)! },
        `the trace was sent, then the bench waited ${PREBUILD_WAIT_MS} ms without sending; served from the text kept by that build`)] : []),
    ];
  } finally {
    await engine.dispose();
  }
}
