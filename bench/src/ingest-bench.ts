/**
 * End-to-end ingest throughput over loopback (request sent → span queryable through the engine API)
 * and the caller's event-loop delay while it happens, each against a baseline taken in the same run:
 *  - throughput: the bare `node:http` floor server in a worker (reads and discards the same
 *    requests from the same load generator), runs interleaved with the engine's so that noise from
 *    other work on the machine hits both alike;
 *  - event-loop delay p99 on the thread that holds the EngineClient: the same measure while the
 *    engine idles (started, receiver listening, nothing sent).
 * Each run measures the same requests twice: on a fresh engine (just started: V8 still compiles the
 * engine's JavaScript and sql.js's WebAssembly on its helper threads while the run goes, so that
 * one-time work is counted per span), and on a warm engine, which first stored a warm-up set of the
 * same shape with other trace ids and went quiet (the extension's engine lives as long as VS Code:
 * this is the steady state a user gets).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startHttpFloor } from './http-floor';
import type { LoadGeneratorClient } from './load-generator-client';
import type { LlmTraceShape, WireEncoding } from './llm-spans';
import { cpuMs, median, result, type BenchResult } from './results';
import { waitForSpans, type BenchEngineFactory } from './engine-under-test';
import { readThreadCpu, splitThreadCpu, type ThreadCpu, type ThreadSplit } from './thread-cpu';

export interface IngestOptions {
  bundleDir: string;
  requests: number;
  spansPerRequest: number;
  concurrency: number;
  runs: number;
  idleMs: number;
}

/** p99 of the event-loop delay (ms) while `during` runs, sampled every millisecond. */
async function eventLoopP99<T>(during: () => Promise<T>): Promise<{ p99Ms: number; value: T }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const value = await during();
    return { p99Ms: histogram.percentile(99) / 1e6, value };
  } finally {
    histogram.disable();
  }
}

const FLOOR_REPEATS = 4;

/** Sends the built set `repeats` times to a fresh floor server; elapsed ms and this process's CPU ms. */
async function floorRun(options: IngestOptions, generator: LoadGeneratorClient, repeats: number): Promise<{ ms: number; cpu: number }> {
  const floor = await startHttpFloor(options.bundleDir);
  const cpuStarted = cpuMs();
  const started = performance.now();
  let requests = 0;
  for (let i = 0; i < repeats; i++) requests += (await generator.send({ type: 'send', url: floor.url, concurrency: options.concurrency })).requests;
  const elapsed = { ms: performance.now() - started, cpu: cpuMs() - cpuStarted };
  const bodiesRead = await floor.close();
  if (bodiesRead !== requests) throw new Error(`floor server read ${bodiesRead} bodies, expected ${requests}`);
  return elapsed;
}

/** The split of a run's CPU by thread, per span. */
function threadLine(split: ThreadSplit, spans: number): string {
  const us = (ms: number): string => ((ms * 1000) / spans).toFixed(0);
  return `engine ${us(split.engine)}, prepare ${us(split.prepare)}, caller ${us(split.caller)}, other (V8 helper threads: compiling, GC marking; libuv) ${us(split.other)}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface EngineRun {
  rate: number;
  /** CPU-ms of this process per 1,000 spans. */
  cpu: number;
  p99Ms: number;
  idleP99Ms: number;
  split: ThreadSplit | null;
}

/**
 * Waits until the engine's threads (those not in `beforeEngine`) used under 5 CPU-ms in 250 ms: its
 * idle work (compressing content, prebuilding traces) done. At most 20 s.
 */
async function untilQuiet(beforeEngine: ThreadCpu): Promise<void> {
  const engineMs = (): number => [...readThreadCpu()].reduce((sum, [tid, ms]) => (beforeEngine.has(tid) ? sum : sum + ms), 0);
  const deadline = performance.now() + 20_000;
  let last = engineMs();
  while (performance.now() < deadline) {
    await sleep(250);
    const now = engineMs();
    if (now - last < 5) return;
    last = now;
  }
}

/**
 * One engine run of the built set: a fresh engine, or (`warmUp`) one that first stored `warmUp`
 * requests of the same shape under another seed (other trace ids and text) and went quiet.
 */
async function engineRun(options: IngestOptions, generator: LoadGeneratorClient, startEngine: BenchEngineFactory, spans: number, warmUp: WarmUp | null): Promise<EngineRun> {
  // CPU per thread: before the engine starts (to tell its threads apart), then around the ingest.
  const beforeEngine = readThreadCpu();
  let threadsStarted = beforeEngine;
  let threadsEnded = beforeEngine;
  const engine = await startEngine();
  try {
    let stored = 0;
    if (warmUp) {
      await generator.send({ type: 'stream', url: engine.tracesUrl, concurrency: options.concurrency, encoding: warmUp.encoding, shape: warmUp.shape, requests: options.requests, spansPerRequest: options.spansPerRequest });
      stored = options.requests * options.spansPerRequest;
      await waitForSpans(engine.client, stored);
      await untilQuiet(beforeEngine); // content compressed and traces prebuilt in idle time: not this run's work
    }
    const idle = await eventLoopP99(() => sleep(options.idleMs));
    const busy = await eventLoopP99(async () => {
      threadsStarted = readThreadCpu();
      const cpuStarted = cpuMs();
      const started = performance.now();
      await generator.send({ type: 'send', url: engine.tracesUrl, concurrency: options.concurrency });
      await waitForSpans(engine.client, stored + spans);
      const elapsed = { ms: performance.now() - started, cpu: cpuMs() - cpuStarted };
      threadsEnded = readThreadCpu();
      return elapsed;
    });
    return {
      rate: spans / (busy.value.ms / 1000),
      cpu: busy.value.cpu / (spans / 1000),
      p99Ms: busy.p99Ms,
      idleP99Ms: idle.p99Ms,
      split: splitThreadCpu(beforeEngine, threadsStarted, threadsEnded),
    };
  } finally {
    await engine.dispose();
  }
}

interface WarmUp {
  encoding: WireEncoding;
  shape: LlmTraceShape;
}

export async function runIngestBench(options: IngestOptions, generator: LoadGeneratorClient, startEngine: BenchEngineFactory, log: (line: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const idleP99s: number[] = [];
  const busyP99s: number[] = [];
  for (const encoding of ['protobuf', 'json'] as WireEncoding[]) {
    const shape = { spansPerTrace: 10, seed: encoding === 'protobuf' ? 101 : 202, startTimeMs: Date.now() - 3_600_000 };
    const warmUp = { encoding, shape: { ...shape, seed: shape.seed + 1000 } };
    const built = await generator.build({ type: 'build', encoding, shape, requests: options.requests, spansPerRequest: options.spansPerRequest });
    log(`ingest ${encoding}: ${built.requests} requests x ${options.spansPerRequest} spans (${(built.bytes / built.spans).toFixed(0)} bytes/span, built in ${built.buildMs.toFixed(0)} ms), ${options.concurrency} in flight, ${options.runs} runs; fresh engine, then warm engine (after a warm-up set of as many spans, other trace ids)`);
    const floorRates: number[] = [];
    // CPU ms of this process (engine worker + caller thread; the load generator is another process) per 1,000 spans.
    const floorCpu: number[] = [];
    const fresh: EngineRun[] = [];
    const warm: EngineRun[] = [];
    await floorRun(options, generator, 1); // warms the load generator's sending path up
    for (let run = 0; run < options.runs; run++) {
      // The floor is an order of magnitude faster: send the set several times so that a floor run
      // lasts long enough (about a second) for its rate to be more than timer noise.
      const floor = await floorRun(options, generator, FLOOR_REPEATS);
      floorRates.push((built.spans * FLOOR_REPEATS) / (floor.ms / 1000));
      floorCpu.push(floor.cpu / ((built.spans * FLOOR_REPEATS) / 1000));
      for (const [label, runs, warmWith] of [['fresh', fresh, null], ['warm ', warm, warmUp]] as const) {
        const measured = await engineRun(options, generator, startEngine, built.spans, warmWith);
        runs.push(measured);
        idleP99s.push(measured.idleP99Ms);
        busyP99s.push(measured.p99Ms);
        log(`  run ${run + 1} ${label}: floor ${Math.round(floorRates[run])} spans/s, engine ${Math.round(measured.rate)} spans/s (${measured.cpu.toFixed(0)} CPU-ms per 1k spans), event loop p99 ${measured.p99Ms.toFixed(1)} ms (idle ${measured.idleP99Ms.toFixed(1)} ms)`);
        if (measured.split) log(`    CPU-µs per span by thread: ${threadLine(measured.split, built.spans)}`);
      }
    }
    const wire = `${options.spansPerRequest} spans/request, ${options.concurrency} in flight, ${(built.bytes / built.spans).toFixed(0)} B/span on the wire; median of ${options.runs}`;
    const floorRate = { name: `bare node:http floor, same ${encoding} requests`, value: median(floorRates) };
    const floorCpuBaseline = { name: 'bare node:http floor, same requests', value: median(floorCpu) };
    const cpuNote = 'CPU time of the bench process (engine worker + caller thread) while ingesting: what the pipeline costs, whatever else the machine is doing; 1000 / this = spans per CPU-second';
    results.push(
      result(`ingest ${encoding} end to end`, median(fresh.map((r) => r.rate)), 'spans/s', floorRate, `fresh engine (started just before: V8 compiles the engine while it ingests; a warm-up while quiet would not pay, see ARCHITECTURE.md); ${wire}`),
      result(`ingest ${encoding} CPU per 1,000 spans`, median(fresh.map((r) => r.cpu)), 'CPU-ms', floorCpuBaseline, `fresh engine; ${cpuNote}`),
      result(`ingest ${encoding} end to end, warm engine`, median(warm.map((r) => r.rate)), 'spans/s', floorRate, `the engine first stored a warm-up set of as many spans (other trace ids) and went quiet: the steady state of the long-lived engine in VS Code; ${wire}`),
      result(`ingest ${encoding} CPU per 1,000 spans, warm engine`, median(warm.map((r) => r.cpu)), 'CPU-ms', floorCpuBaseline, `warm engine; ${cpuNote}`),
    );
  }
  results.push(result('caller event-loop delay p99 while ingesting', median(busyP99s), 'ms', { name: 'same, engine idle', value: median(idleP99s) }, 'main thread holding the EngineClient; median over all ingest runs (fresh and warm engines) of both encodings'));
  return results;
}
