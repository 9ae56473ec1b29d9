/**
 * Comparing two 10,000-span runs (align + diff, `compareTraces`), in CPU time. Target: < 500 ms.
 * Baseline: `JSON.parse` of the two runs as Trace JSON text — what any reader of the two traces
 * pays before it can look at them.
 */
import { compareTraces } from '../../src/analysis/compare/compare-runs';
import { compareRunsLoad } from './compare-runs-load';
import { cpuMs, median, result, type BenchResult } from './results';

export function runCompareBench(passes: number, log: (line: string) => void): BenchResult[] {
  const { a, b } = compareRunsLoad();
  const texts = [JSON.stringify(a), JSON.stringify(b)];
  log(`compare: two runs of ${a.spans!.length} and ${b.spans!.length} spans x ${passes} passes`);
  const check = compareTraces(a, b).json;
  if (check.onlyInB.length === 0 || check.pairs.length !== 9_951) throw new Error(`unexpected comparison: ${check.pairs.length} pairs, ${check.onlyInB.length} only in B`);
  const values: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < passes; i++) {
    let started = cpuMs();
    compareTraces(a, b);
    values.push(cpuMs() - started);
    started = cpuMs();
    for (const text of texts) JSON.parse(text);
    baselines.push(cpuMs() - started);
  }
  return [result('compare two 10,000-span runs (align + diff)', median(values), 'CPU-ms', { name: 'JSON.parse of both runs as Trace JSON', value: median(baselines) },
    `${check.pairs.length} pairs, ${check.onlyInA.length} only in A, ${check.onlyInB.length} only in B; target < 500 ms`)];
}
