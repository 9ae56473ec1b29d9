/**
 * `npm run bench`: every figure as a median of several runs, each with a baseline measured in the
 * same run (see results.ts). Order: in-process stages first (no engine running), then end-to-end
 * ingest, then the store at 100k spans, then the trace panel's own figures, then the analyses.
 */
import * as path from 'node:path';
import { runAnalysisBench } from './analysis-bench';
import { runCompareBench } from './compare-bench';
import { runCostBench } from './cost-bench';
import { runRetrievalBench } from './retrieval-bench';
import { runRetrievalPanelBench } from './retrieval-panel-bench';
import { benchEngineFactory } from './engine-under-test';
import { runInProcessBench } from './in-process-bench';
import { runIngestBench } from './ingest-bench';
import { LoadGeneratorClient } from './load-generator-client';
import { runAgentMemoryBench } from './agent-memory-bench';
import { runSnapshotBench } from './snapshot-bench';
import { runBigRequestBench } from './big-request-bench';
import { runPeerBench } from './peer-bench';
import { printTable, writeResults, type BenchResult } from './results';
import { runStoreAtScaleBench } from './store-at-scale-bench';
import { runPromptLinksBench } from './prompt-links-bench';
import { runTracePanelBench } from './trace-panel-figures';
import { runHostileBench } from './hostile-bench';
import { watchWasmHeaps } from './wasm-heap';
import { runLinksBench } from './links-bench';

export interface BenchInvocation {
  root: string;
  bundleDir: string;
  argv: string[];
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

export async function runBenchmarks({ root, bundleDir, argv }: BenchInvocation): Promise<BenchResult[]> {
  // Before any part loads sql.js, so the agent workload can report its WebAssembly heap.
  watchWasmHeaps();
  const quick = argv.includes('--quick');
  const outFile = path.resolve(option(argv, '--out') ?? path.join(root, 'bench', 'results.json'));
  const spansPerRequest = 512;
  const concurrency = 4;
  const only = option(argv, '--only')?.split(',');
  const wanted = (part: string): boolean => !only || only.includes(part);
  const log = (line: string): void => console.log(line);
  const startedAt = performance.now();
  const results: BenchResult[] = [];

  // A part that fails (a broken build, no Chromium) is reported and the others still run; the
  // results file then holds what was measured and the exit code says something failed.
  const failures: string[] = [];
  const part = async (name: string, measure: () => Promise<BenchResult[]>): Promise<void> => {
    if (!wanted(name)) return;
    try {
      results.push(...(await measure()));
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      log(`${name}: FAILED (${error instanceof Error ? error.message : String(error)})`);
    }
  };

  await part('compare', async () => runCompareBench(quick ? 3 : 7, log));
  await part('cost', () => runCostBench(root, quick ? 3 : 9, log));
  await part('retrieval', async () => runRetrievalBench(quick ? 3 : 7, log));
  await part('links', () => runLinksBench(quick ? 3 : 7, quick ? 0.2 : 1, log));
  await part('in-process', () => runInProcessBench({ requests: quick ? 4 : 10, spansPerRequest, passes: quick ? 3 : 7 }, log));
  if (wanted('ingest') || wanted('store') || wanted('hostile') || wanted('big') || wanted('peer')) {
    const generator = new LoadGeneratorClient(bundleDir);
    try {
      const workerPath = path.resolve(option(argv, '--worker') ?? path.join(root, 'dist', 'engine-worker.js'));
      const startEngine = benchEngineFactory(workerPath);
      // Cold first reads, and no build in the background while selections are timed.
      const startColdEngine = benchEngineFactory(workerPath, { prebuildQuietMs: 0 });
      const ingestOptions = { bundleDir, requests: quick ? 16 : 64, spansPerRequest, concurrency, runs: quick ? 2 : 3, idleMs: 1000 };
      await part('ingest', () => runIngestBench(ingestOptions, generator, startEngine, log));
      const freshCpu = results.find((r) => r.name === 'ingest protobuf CPU per 1,000 spans');
      const storeOptions = { freshEngineCpuPer1k: freshCpu?.value ?? null, requests: quick ? 40 : 196, spansPerRequest, concurrency, bigTraces: quick ? [1000] : [10_000, 1000], queryRuns: quick ? 10 : 30 };
      await part('store', () => runStoreAtScaleBench(storeOptions, generator, startEngine, log));
      await part('hostile', () => runHostileBench({ runs: quick ? 5 : 11, spans: quick ? 10_000 : 50_000, depth: 10_000 }, startColdEngine, log));
      await part('big', () => runBigRequestBench(startEngine, quick ? 2000 : 10_000, log));
      const peerOptions = { requests: quick ? 8 : 32, spansPerRequest, concurrency, runs: quick ? 2 : 3 };
      await part('peer', () => runPeerBench(root, option(argv, '--peer-dir'), generator, startEngine, peerOptions, log));
    } finally {
      generator.dispose();
    }
  }
  await part('panel', () => runTracePanelBench(root, log));
  await part('retrieval-panel', () => runRetrievalPanelBench(root, quick, log));
  await part('analysis', async () => runAnalysisBench({ passes: quick ? 3 : 9 }, log));
  await part('prompt-links', () => runPromptLinksBench(bundleDir, quick, log));
  await part('snapshot', () => runSnapshotBench(bundleDir, Number(option(argv, '--snapshot-spans') ?? (quick ? 20_000 : 50_000)), log));
  // Opt-in (it takes minutes): only with --only agents.
  if (only?.includes('agents')) await part('agents', () => runAgentMemoryBench(bundleDir, Number(option(argv, '--agent-spans') ?? 1_000_000),
    Number(option(argv, '--agent-max-mb') ?? 2048), log));

  console.log('');
  printTable(results);
  console.log(`\n${results.length} figures in ${((performance.now() - startedAt) / 1000).toFixed(0)} s; written to ${path.relative(root, outFile)}`);
  writeResults(outFile, results);
  if (failures.length > 0) {
    console.error(`\n${failures.length} part(s) failed:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
  return results;
}
