/**
 * A local peer measured on the same requests, so the bench prints the ratio instead of quoting it:
 * Genkit's telemetry server (bench/peer-genkit.js), which takes OTLP/JSON. With `--peer-dir DIR`
 * (where `@genkit-ai/telemetry-server` is installed); skipped otherwise. Each run alternates a fresh
 * engine and a fresh peer (empty data directory) on the same built JSON requests: the engine's time
 * runs until every span is stored, the peer's until every request is answered (it answers after
 * writing the trace files).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LoadGeneratorClient } from './load-generator-client';
import { waitForSpans, type BenchEngineFactory } from './engine-under-test';
import { median, result, type BenchResult } from './results';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function peerRun(root: string, peerDir: string, generator: LoadGeneratorClient, concurrency: number): Promise<number> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-peer-'));
  const child = fork(path.join(root, 'bench', 'peer-genkit.js'), [peerDir, String(port), dataDir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the peer exited with code ${code}`)));
    });
    const started = performance.now();
    await generator.send({ type: 'send', url: `http://127.0.0.1:${port}/api/otlp/v1/traces`, concurrency });
    return performance.now() - started;
  } finally {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runPeerBench(root: string, peerDir: string | undefined, generator: LoadGeneratorClient, startEngine: BenchEngineFactory,
  options: { requests: number; spansPerRequest: number; concurrency: number; runs: number }, log: (line: string) => void): Promise<BenchResult[]> {
  if (!peerDir) {
    log('peer: skipped (install @genkit-ai/telemetry-server somewhere and pass --peer-dir DIR)');
    return [];
  }
  const shape = { spansPerTrace: 10, seed: 505, startTimeMs: Date.now() - 3_600_000 };
  const built = await generator.build({ type: 'build', encoding: 'json', shape, requests: options.requests, spansPerRequest: options.spansPerRequest });
  log(`peer: Genkit telemetry server vs the engine, ${built.requests} OTLP/JSON requests x ${options.spansPerRequest} spans, ${options.concurrency} in flight, ${options.runs} runs`);
  const engineRates: number[] = [];
  const peerRates: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const engine = await startEngine();
    try {
      const started = performance.now();
      await generator.send({ type: 'send', url: engine.tracesUrl, concurrency: options.concurrency });
      await waitForSpans(engine.client, built.spans);
      engineRates.push(built.spans / ((performance.now() - started) / 1000));
    } finally {
      await engine.dispose();
    }
    peerRates.push(built.spans / ((await peerRun(root, peerDir, generator, options.concurrency)) / 1000));
    log(`  run ${run + 1}: engine ${Math.round(engineRates[run])} spans/s, Genkit telemetry server ${Math.round(peerRates[run])} spans/s`);
  }
  return [result('ingest json end to end, against a local peer', median(engineRates), 'spans/s', { name: 'Genkit telemetry server (@genkit-ai/telemetry-server), same requests', value: median(peerRates) },
    `median of ${options.runs}; the peer is timed until every request is answered, the engine until every span is stored`)];
}
