/**
 * The cost panel's aggregation (`costReport` for everything stored: totals, six breakdowns, the
 * series, runs with spikes, costliest calls) over 100,000 stored spans. Target: < 50 ms.
 *
 * - The report while runs arrive: before each measured report one more run is ingested (not timed),
 *   so the report recomputes the rollup minutes it touched, as in a live panel.
 * - The first report after a bulk load: every minute of the rollup is computed once (after
 *   `tracelight import`, or when a store was filled without a report in between).
 *
 * - The cost panel's first paint of the last report (bench/cost-panel.bench.js). Target: < 300 ms.
 *
 * CPU time (the report is synchronous; on a busy machine its wall time measures waiting for a core).
 * Baseline: one plain scan of the spans table summing tokens (`SELECT sum(...) FROM spans`), the
 * least any aggregation over the stored spans must read.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { CostReport } from '../../src/protocol/cost';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceStore } from '../../src/engine/store/trace-store';
import { costRuns } from '../../test/webview/cost-traces';
import { cpuMs, median, result, type BenchResult } from './results';

const SPANS = 100_000;

interface PanelFigure {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  note?: string;
}

/** The cost panel's first paint of this report (bench/cost-panel.bench.js, headless Chromium). */
async function panelFirstPaint(root: string, report: CostReport, log: (line: string) => void): Promise<BenchResult[]> {
  const file = path.join(root, 'bench', 'cost-panel.bench.js');
  if (!existsSync(file) || !existsSync('/usr/bin/chromium')) {
    log('cost panel: bench/cost-panel.bench.js or Chromium not present, first paint skipped');
    return [];
  }
  // A runtime require (the path is not a literal, so esbuild leaves it out of the bundle).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file found at run time
  const bench = require(file) as { run: (report: CostReport) => Promise<PanelFigure[]> };
  return (await bench.run(report)).map((f) => result(f.name, f.value, f.unit, f.baseline, f.note));
}

export async function runCostBench(root: string, passes: number, log: (line: string) => void): Promise<BenchResult[]> {
  const store = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 1_000_000, maxBytes: 4 * 1024 ** 3 }, log: () => undefined });
  const now = Date.now();
  // About 4 spans per run: enough runs for 100,000 spans, and the rest arrive one per pass.
  const runs = costRuns({ now, runs: 26_000, spreadMs: 20 * 3_600_000, unpriced: true, spike: true });
  let spans = 0;
  let next = 0;
  while (spans < SPANS && next < runs.length) {
    store.ingestSpans(runs[next]);
    spans += runs[next++].length;
  }
  log(`cost: ${spans} spans stored, first report, then report x ${passes} passes`);
  const scan = (): number => {
    const t = cpuMs();
    store.scanSpanTokensForBenchmark();
    return cpuMs() - t;
  };
  const firstBaseline = scan();
  let t = cpuMs();
  store.costReport({ window: 'all', nowUnixMs: now });
  const first = cpuMs() - t;
  const values: number[] = [];
  const baselines: number[] = [];
  let report: CostReport | null = null;
  for (let i = 0; i < passes; i++) {
    store.ingestSpans(runs[next++]);
    t = cpuMs();
    report = store.costReport({ window: 'all', nowUnixMs: now });
    values.push(cpuMs() - t);
    baselines.push(scan());
  }
  store.close();
  const calls = report?.totals.calls ?? 0;
  const stored = `${(spans / 1000).toFixed(0)}k stored spans`;
  const baseline = 'one scan of the spans table summing tokens (CPU-ms)';
  return [
    result(`cost report over ${stored}, a run arriving before each (totals, 6 breakdowns, series, runs, costliest; CPU-ms)`, median(values), 'ms',
      { name: baseline, value: median(baselines) }, `${calls} counted calls; target < 50 ms`),
    result(`first cost report after a bulk load of ${stored} (computes every minute of the rollup; CPU-ms)`, first, 'ms',
      { name: baseline, value: firstBaseline }, 'once after a bulk load; later reports recompute only the minutes that changed'),
    ...(report ? await panelFirstPaint(root, report, log) : []),
  ];
}
