/**
 * Prompt links on a generated 5,000-file workspace: building the index (against reading the same
 * files), linking one span (against a structured clone of it, what handing it between threads
 * costs), and the longest block of the calling thread while another thread builds the index
 * (against the same thread idle for as long).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { loadWorkspace } from '../../src/analysis/prompt-links/load-workspace';
import { scanWorkspace } from '../../src/analysis/prompt-links/workspace-scan';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import { makePromptWorkspace } from './prompt-workspace-maker';
import { median, medianMs, result, type BenchResult } from './results';

async function maxBlockMs(during: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await during();
  histogram.disable();
  // The histogram counts the delay beyond its 1 ms sampling interval.
  return histogram.max / 1e6;
}

function indexOnWorker(bundleDir: string, root: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(bundleDir, 'prompt-index-worker.js'), { workerData: root });
    worker.once('message', () => {
      void worker.terminate();
      resolve(performance.now() - started);
    });
    worker.once('error', reject);
  });
}

export async function runPromptLinksBench(bundleDir: string, quick: boolean, log: (line: string) => void): Promise<BenchResult[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'tl-bench-prompts-'));
  try {
    const ws = makePromptWorkspace(root, 5000);
    const runs = quick ? 2 : 5;
    const indexMs = await medianMs(runs, () => loadWorkspace(root), 1);
    const readMs = await medianMs(runs, () => {
      for (const rel of scanWorkspace(root).templates) readFileSync(path.join(root, rel), 'utf8');
    }, 1);
    const linker = loadWorkspace(root);
    log(`prompt index: ${linker.index.fileCount} files, ${linker.index.unitCount} templates in ${indexMs.toFixed(0)} ms`);

    const spans: TraceJsonSpan[] = ws.renderedMessages.map((text, i) => ({
      spanId: i.toString(16).padStart(16, '0'), parentSpanId: null, name: 'chat', kind: 'llm', status: 'ok', startTimeUnixMs: 0, durationMs: 1,
      input: { messages: [{ role: 'system', parts: [{ type: 'text', text }] }, { role: 'user', parts: [{ type: 'text', text: 'Where is my parcel? It was due on Monday.' }] }] },
    }));
    const linkedCount = spans.filter((s) => linker.linkSpans([s]).get(s.spanId)?.sources[0]).length;
    const perSpan: number[] = [];
    const perClone: number[] = [];
    for (let pass = 0; pass < (quick ? 3 : 10); pass++) {
      for (const s of spans) {
        let t = performance.now();
        linker.linkSpans([s]);
        perSpan.push(performance.now() - t);
        t = performance.now();
        structuredClone(s);
        perClone.push(performance.now() - t);
      }
    }
    log(`prompt link: ${linkedCount}/${spans.length} rendered messages linked`);

    const idle = await maxBlockMs(() => new Promise((r) => setTimeout(r, indexMs)));
    const blocked = await maxBlockMs(() => indexOnWorker(bundleDir, root));
    return [
      result('prompt index: 5,000-file workspace', indexMs, 'ms', { name: 'reading the same template files', value: readMs }, 'target < 2,000 ms'),
      result('prompt link: one span (2 messages)', median(perSpan), 'ms', { name: 'structured clone of the span', value: median(perClone) }, 'target < 5 ms'),
      result('prompt index: longest block of the calling thread', blocked, 'ms', { name: 'the same thread idle', value: idle }, 'index built on another thread; target < 20 ms'),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
