/**
 * End-to-end ingest throughput over loopback (request sent → span queryable through the engine API)
 * and the caller's event-loop delay while it happens, each against a baseline taken in the same run:
 *  - throughput: the bare `node:http` floor server in a worker (reads and discards the same
 *    requests from the same load generator), runs interleaved with the engine's so that noise from
 *    other work on the machine hits both alike;
 *  - event-loop delay p99 on the thread that holds the EngineClient: the same measure while the
 *    engine idles (started, receiver listening, nothing sent).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startHttpFloor } from './http-floor';
import type { LoadGeneratorClient } from './load-generator-client';
import type { WireEncoding } from './llm-spans';
import { cpuMs, median, result, type BenchResult } from './results';
import { waitForSpans, type BenchEngineFactory } from './engine-under-test';
import { readThreadCpu, splitThreadCpu, type ThreadSplit } from './thread-cpu';

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

export async function runIngestBench(options: IngestOptions, generator: LoadGeneratorClient, startEngine: BenchEngineFactory, log: (line: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const idleP99s: number[] = [];
  const busyP99s: number[] = [];
  for (const encoding of ['protobuf', 'json'] as WireEncoding[]) {
    const shape = { spansPerTrace: 10, seed: encoding === 'protobuf' ? 101 : 202, startTimeMs: Date.now() - 3_600_000 };
    const built = await generator.build({ type: 'build', encoding, shape, requests: options.requests, spansPerRequest: options.spansPerRequest });
    log(`ingest ${encoding}: ${built.requests} requests x ${options.spansPerRequest} spans (${(built.bytes / built.spans).toFixed(0)} bytes/span, built in ${built.buildMs.toFixed(0)} ms), ${options.concurrency} in flight, ${options.runs} runs`);
    const floorRates: number[] = [];
    const engineRates: number[] = [];
    // CPU ms of this process (engine worker + caller thread; the load generator is another process) per 1,000 spans.
    const floorCpu: number[] = [];
    const engineCpu: number[] = [];
    await floorRun(options, generator, 1); // warms the load generator's sending path up
    for (let run = 0; run < options.runs; run++) {
      // The floor is an order of magnitude faster: send the set several times so that a floor run
      // lasts long enough (about a second) for its rate to be more than timer noise.
      const floor = await floorRun(options, generator, FLOOR_REPEATS);
      floorRates.push((built.spans * FLOOR_REPEATS) / (floor.ms / 1000));
      floorCpu.push(floor.cpu / ((built.spans * FLOOR_REPEATS) / 1000));
      let started: number;
      let cpuStarted: number;
      // CPU per thread: before the engine starts (to tell its threads apart), then around the ingest.
      const beforeEngine = readThreadCpu();
      let threadsStarted = beforeEngine;
      let threadsEnded = beforeEngine;
      const engine = await startEngine();
      try {
        const idle = await eventLoopP99(() => sleep(options.idleMs));
        idleP99s.push(idle.p99Ms);
        const busy = await eventLoopP99(async () => {
          threadsStarted = readThreadCpu();
          cpuStarted = cpuMs();
          started = performance.now();
          await generator.send({ type: 'send', url: engine.tracesUrl, concurrency: options.concurrency });
          await waitForSpans(engine.client, built.spans);
          const elapsed = { ms: performance.now() - started, cpu: cpuMs() - cpuStarted };
          threadsEnded = readThreadCpu();
          return elapsed;
        });
        busyP99s.push(busy.p99Ms);
        engineRates.push(built.spans / (busy.value.ms / 1000));
        engineCpu.push(busy.value.cpu / (built.spans / 1000));
        log(`  run ${run + 1}: floor ${Math.round(floorRates[run])} spans/s, engine ${Math.round(engineRates[run])} spans/s (${engineCpu[run].toFixed(0)} CPU-ms per 1k spans), event loop p99 ${busy.p99Ms.toFixed(1)} ms (idle ${idle.p99Ms.toFixed(1)} ms)`);
        const split = splitThreadCpu(beforeEngine, threadsStarted, threadsEnded);
        if (split) log(`    CPU-µs per span by thread: ${threadLine(split, built.spans)}`);
      } finally {
        await engine.dispose();
      }
    }
    results.push(
      result(`ingest ${encoding} end to end`, median(engineRates), 'spans/s', { name: `bare node:http floor, same ${encoding} requests`, value: median(floorRates) }, `${options.spansPerRequest} spans/request, ${options.concurrency} in flight, ${(built.bytes / built.spans).toFixed(0)} B/span on the wire; median of ${options.runs}`),
      result(`ingest ${encoding} CPU per 1,000 spans`, median(engineCpu), 'CPU-ms', { name: 'bare node:http floor, same requests', value: median(floorCpu) }, 'CPU time of the bench process (engine worker + caller thread) while ingesting: what the pipeline costs, whatever else the machine is doing; 1000 / this = spans per CPU-second'),
    );
  }
  results.push(result('caller event-loop delay p99 while ingesting', median(busyP99s), 'ms', { name: 'same, engine idle', value: median(idleP99s) }, 'main thread holding the EngineClient; median over all ingest runs of both encodings'));
  return results;
}
