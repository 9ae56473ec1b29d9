/**
 * The trace panel's own benchmark (bench/trace-panel.bench.js, owned with the panel), when present:
 * its `run()` measures in headless Chromium and returns figures with their baselines; they are
 * carried into this run's results unchanged, with the ratio computed here like every other figure.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { result, type BenchResult } from './results';

interface PanelFigure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
}

export async function runTracePanelBench(root: string, log: (line: string) => void): Promise<BenchResult[]> {
  const file = path.join(root, 'bench', 'trace-panel.bench.js');
  if (!existsSync(file)) {
    log('trace panel: bench/trace-panel.bench.js not present, skipped');
    return [];
  }
  log('trace panel: running bench/trace-panel.bench.js');
  // A runtime require (the path is not a literal, so esbuild leaves it out of the bundle).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file found at run time
  const panelBench = require(file) as { run?: () => Promise<PanelFigure[]> };
  if (typeof panelBench.run !== 'function') throw new Error('bench/trace-panel.bench.js does not export run()');
  const figures = await panelBench.run();
  return figures.map((figure) => result(`trace panel: ${figure.name}`, figure.value, figure.unit, figure.baseline ?? null));
}
