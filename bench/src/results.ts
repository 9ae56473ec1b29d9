/**
 * Benchmark results: each figure comes with a baseline measured in the same run, because the machine
 * is shared and noisy and only the ratio stays comparable from run to run. Written to
 * bench/results.json as `{name, value, unit, baseline: {name, value}, ratio}[]` and printed as a table.
 */
import { writeFileSync } from 'node:fs';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number } | null;
  /** value / baseline.value; null without a baseline (or a zero baseline). */
  ratio: number | null;
  /** What the figure means or why it is missing, when that needs saying. */
  note?: string;
}

export function result(name: string, value: number, unit: string, baseline: { name: string; value: number } | null, note?: string): BenchResult {
  const ratio = baseline && baseline.value !== 0 && Number.isFinite(value) ? value / baseline.value : null;
  return { name, value, unit, baseline, ratio, ...(note ? { note } : {}) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median duration (ms) of `runs` calls of `fn`, after `warmup` unmeasured calls. */
export async function medianMs(runs: number, fn: () => Promise<unknown> | unknown, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** CPU time (user + system, ms) this process has used; every thread of it counts. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Items per CPU-second of `pass` and of `baselinePass` (each handling `items`), medians of `passes`
 * runs taken alternately. CPU time rather than wall time: on a machine shared with other work, a
 * synchronous pass's wall time mostly measures how long it waited for a core.
 */
export function alternateRates(passes: number, items: number, pass: () => void, baselinePass: () => void): { value: number; baseline: number } {
  pass();
  baselinePass(); // warm both up (JIT) before measuring
  const values: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < passes; i++) {
    let started = cpuMs();
    pass();
    values.push(items / ((cpuMs() - started) / 1000));
    started = cpuMs();
    baselinePass();
    baselines.push(items / ((cpuMs() - started) / 1000));
  }
  return { value: median(values), baseline: median(baselines) };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}

export function printTable(results: readonly BenchResult[], write: (line: string) => void = console.log): void {
  const rows = results.map((r) => [
    r.name,
    `${formatNumber(r.value)} ${r.unit}`,
    r.baseline ? `${formatNumber(r.baseline.value)} (${r.baseline.name})` : '-',
    r.ratio === null ? '-' : `${r.ratio.toFixed(3)}x`,
  ]);
  const header = ['measure', 'value', 'baseline (same run)', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 1 || i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  write(line(header));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) write(line(row));
  for (const r of results) if (r.note) write(`  * ${r.name}: ${r.note}`);
}

export function writeResults(file: string, results: readonly BenchResult[]): void {
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}
