/**
 * The cost panel's aggregation (`costReport` for everything stored: totals, six breakdowns, the
 * series, runs with spikes, costliest calls) over 100,000 stored spans. Target: < 50 ms.
 * Baseline: one plain scan of the spans table summing tokens (`SELECT sum(...) FROM spans`), the
 * least any aggregation over the stored spans must read.
 */
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceStore } from '../../src/engine/store/trace-store';
import { costRuns } from '../../test/webview/cost-traces';
import { median, result, type BenchResult } from './results';

export async function runCostBench(passes: number, log: (line: string) => void): Promise<BenchResult[]> {
  const store = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 1_000_000, maxBytes: 4 * 1024 ** 3 }, log: () => undefined });
  const now = Date.now();
  let spans = 0;
  for (const run of costRuns({ now, runs: 20_000, spreadMs: 20 * 3_600_000, unpriced: true, spike: true })) {
    if (spans >= 100_000) break;
    store.ingestSpans(run);
    spans += run.length;
  }
  log(`cost: ${spans} spans stored, report x ${passes} passes`);
  const values: number[] = [];
  const baselines: number[] = [];
  let calls = 0;
  for (let i = 0; i < passes; i++) {
    let t = performance.now();
    calls = store.costReport({ window: 'all', nowUnixMs: now }).totals.calls;
    values.push(performance.now() - t);
    t = performance.now();
    store.scanSpanTokensForBenchmark();
    baselines.push(performance.now() - t);
  }
  store.close();
  return [result(`cost report over ${spans.toLocaleString('en-US')} stored spans (all windows' work: totals, 6 breakdowns, series, runs, costliest)`, median(values), 'ms',
    { name: 'one scan of the spans table summing tokens', value: median(baselines) }, `${calls} counted calls; target < 50 ms`)];
}
