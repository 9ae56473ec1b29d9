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
import { measureTraceReads, traceReadResults } from './trace-read-figures';
import { builtAheadRead, type BuiltAheadRead } from './built-ahead-reads';
import { readThreadCpu } from './thread-cpu';

export interface StoreAtScaleOptions {
  /** CPU-ms per 1,000 protobuf spans ingested into a fresh engine, from the ingest runs (the baseline of the fill's figure). */
  freshEngineCpuPer1k: number | null;
  requests: number;
  spansPerRequest: number;
  concurrency: number;
  /** Sizes of the big traces to query (the oldest traces of the fill, in this order). */
  bigTraces: number[];
  /** Sizes of the traces sent once the store is full and built ahead while ingest is quiet (default: the targets' 1,000 and 10,000). */
  builtAhead?: number[];
  queryRuns: number;
}

const UNKNOWN_TRACE = 'f'.repeat(32);
/** Targets of the built-ahead reads (ms), by trace size. */
const READ_TARGET_MS: Record<number, number> = { 1000: 10, 10_000: 100 };

const MB = 1024 * 1024;

export async function runStoreAtScaleBench(options: StoreAtScaleOptions, generator: LoadGeneratorClient, startEngine: BenchEngineFactory, log: (line: string) => void): Promise<BenchResult[]> {
  const rssBefore = process.memoryUsage().rss;
  const threadsBefore = readThreadCpu();
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
    const ahead: BuiltAheadRead[] = [];
    for (const [i, spans] of (options.builtAhead ?? [1000, 10_000]).entries()) {
      ahead.push(await builtAheadRead({ client, generator, tracesUrl: engine.tracesUrl, spansPerRequest: options.spansPerRequest, threadsBefore }, spans, 909 + i, log));
    }
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
      ...ahead.flatMap((r) => builtAheadResults(r, at, wireBytesPerSpan)),
    ];
  } finally {
    await engine.dispose();
  }
}

function builtAheadResults(r: BuiltAheadRead, at: string, wireBytesPerSpan: number): BenchResult[] {
  const label = `a ${r.spans}-span trace built ahead while ingest was quiet ${at}`;
  const cold = { name: 'the same trace with one more span, read at once (cold build)', value: r.coldHttpMs };
  const target = READ_TARGET_MS[r.spans];
  const out = [
    result(`query API GET /api/traces/{id} of ${label}, first read (bytes)`, r.httpMs, 'ms', cold,
      `${target ? `target < ${target} ms; ` : ''}${(r.documentBytes / MB).toFixed(1)} MB answer written from the kept text, drained as bytes here`),
    result(`the same read against the transport's floor (${label})`, r.httpMs, 'ms', { name: 'a bare node:http server in a worker answering as many bytes in one write', value: r.floorMs },
      'what the query API adds to moving the bytes over loopback HTTP'),
    result(`the same read as the CLI makes it (answer text, then JSON.parse) of ${label}`, r.cliMs, 'ms', cold, `of which JSON.parse ${r.parseMs.toFixed(1)} ms`),
    result(`Trace JSON text kept per span (${label})`, r.documentBytes / r.spans, 'B/span', { name: 'OTLP protobuf bytes per span', value: wireBytesPerSpan },
      r.prebuild ? `its spans kept beside it: ${(r.prebuild.spanBytes / r.spans).toFixed(0)} B/span (the span cache's estimate)` : undefined),
    result(`a 10-span request stored while idle, before ${label}`, r.storedIdleMs, 'ms', null, 'POST until its spans are queryable'),
  ];
  const perK = (ms: number): number => ms / (r.spans / 1000);
  if (r.prebuild) {
    out.push(result(`prebuild of ${label}: its slices on the engine thread per 1,000 spans`, perK(r.prebuild.busyMs), 'ms',
      r.coldEngineCpuMs === null ? null : { name: 'engine-thread CPU of the cold read above, per 1,000 spans', value: perK(r.coldEngineCpuMs) },
      r.prebuild.engineCpuMs === null ? undefined : `engine-thread CPU while quiet (prebuild, compaction of the content that arrived, the timed queries): ${perK(r.prebuild.engineCpuMs).toFixed(0)} ms per 1,000 spans`));
  }
  out.push(result(`longest query wait while ${label.replace(' built ahead while ingest was quiet', '')} was built ahead`, r.longestWaitMs, 'ms', { name: 'same queries, engine idle', value: r.idleWaitMs },
    r.prebuild ? `the prebuild's longest slice: ${r.prebuild.longestSliceMs.toFixed(1)} ms` : undefined));
  if (r.storedDuringMs !== null) {
    out.push(result(`a 10-span request sent while ${label.replace(' built ahead while ingest was quiet', '')} (one span more) was built ahead: stored after`, r.storedDuringMs, 'ms',
      { name: 'the same request while idle', value: r.storedIdleMs }, 'the prebuild stops at its next slice and builds again at the next quiet'));
  }
  return out;
}
