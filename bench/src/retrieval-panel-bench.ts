/**
 * The retrieval inspector opened on a trace with 50 retrievals of 100 documents each (the trace of
 * retrieval-bench.ts), to its first painted rows, in headless Chromium (Debian's /usr/bin/chromium
 * via playwright-core) on the shipped bundle dist/webview/retrieval.js. Each open does what the
 * extension does: the engine's Trace JSON with the retrieval analysis (fresh, or the engine's
 * cached analysis on a reopen), the copy from the engine thread to the host (structuredClone), the
 * host's view of the last retrieval (buildRetrievalView), the snapshot message (structured clone),
 * and the webview's render until its 100 rows are painted: the host's part in CPU time (on a busy
 * machine the wall time of a synchronous step mostly measures waiting for a core), plus the page's
 * part in wall time, as the page sees it. Median of several opens, each on a fresh page.
 *
 * Baselines from the same run and page: JSON.parse of the trace as Trace JSON plus 100 plain divs
 * carrying the documents' first lines painted from one message (the least any viewer of these
 * rows pays); for the in-page figure, the 100 plain divs alone.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { buildRetrievalView } from '../../src/analysis/retrieval';
import { RetrievalAnalysisCache } from '../../src/engine/store/retrieval-analysis-cache';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import { retrievalTrace } from './retrieval-bench';
import { cpuMs, median, result, type BenchResult } from './results';

const TRACE_ID = 'e'.repeat(32);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's globals, set by the init script
type PageGlobal = any;

/** bench/panel-browser.js: the inspector's bundle served in the extension's shell, and Chromium. */
interface PanelBrowser {
  openPage(): Promise<Page>;
  close(): Promise<void>;
}

interface Opened { wallMs: number; pageMs: number }

/**
 * One open as the extension does it, from the engine's read to the rows painted: the host's part
 * timed here (CPU), the page's part (the message posted, its rows rendered and painted) timed in the page.
 * Handing the message to the page through the test tool is not timed: VS Code does not pay it.
 */
async function open(page: Page, cache: RetrievalAnalysisCache, spans: readonly TraceJsonSpan[], focusSpanId: string): Promise<Opened> {
  const t0 = cpuMs();
  const analyzed = structuredClone(cache.analyzed({ traceId: TRACE_ID, spans, nearby: () => [], spansOf: () => [] }));
  const view = buildRetrievalView({ traceId: TRACE_ID, traceName: 'bench', spans: analyzed, focusSpanId });
  if (!view) throw new Error('no retrieval view for the bench trace');
  const hostMs = cpuMs() - t0;
  const rows = view.steps[view.steps.length - 1].documents.length;
  await page.evaluate((message) => void ((globalThis as PageGlobal).__pending = message), { type: 'snapshot', focusSpanId, view });
  const pageMs = await page.evaluate((n) => (globalThis as PageGlobal).__paintedAfter((globalThis as PageGlobal).__pending,
    () => (globalThis as PageGlobal).document.querySelectorAll('.rt-rows:not(.rt-dropped) > .rt-row').length >= n), rows);
  return { wallMs: hostMs + pageMs, pageMs };
}

export async function runRetrievalPanelBench(root: string, quick: boolean, log: (line: string) => void): Promise<BenchResult[]> {
  // A runtime require (the path is not a literal), so esbuild leaves it (and playwright-core) out of the bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file found at run time
  const { launchPanel } = require(path.join(root, 'bench', 'panel-browser.js')) as { launchPanel: (bundle: string) => Promise<PanelBrowser> };
  const spans = retrievalTrace();
  const text = JSON.stringify({ version: 1, traces: [{ spans }] });
  const focusSpanId = [...spans].reverse().find((s) => s.kind === 'retrieval')!.spanId;
  const reps = quick ? 3 : 7;
  log(`retrieval inspector: 50 retrievals x 100 documents, opened on the last retrieval, ${reps} opens per figure`);
  const panel = await launchPanel('retrieval');
  const first: Opened[] = [];
  const again: Opened[] = [];
  const floors: number[] = [];
  const divFloors: number[] = [];
  try {
    for (let r = 0; r < reps; r++) {
      const lines = retrievalTrace(1, 100)[0].retrieval!.documents.map((d) => (d.content ?? '').slice(0, 160));
      let page = await panel.openPage();
      const t0 = cpuMs();
      JSON.parse(text);
      const parseMs = cpuMs() - t0;
      divFloors.push(await page.evaluate((l) => (globalThis as PageGlobal).__plainDivs(l), lines));
      floors.push(parseMs + divFloors[divFloors.length - 1]);
      const cache = new RetrievalAnalysisCache();
      first.push(await open(page, cache, spans, focusSpanId));
      await page.close();
      page = await panel.openPage();
      again.push(await open(page, cache, spans, focusSpanId));
      await page.close();
      if (cache.hits !== 1 || cache.misses !== 1) throw new Error(`expected one analysis and one cached read, got ${cache.misses} and ${cache.hits}`);
    }
  } finally {
    await panel.close();
  }
  const floor = { name: 'JSON.parse of the trace + 100 plain divs painted', value: median(floors) };
  return [
    result('retrieval inspector: open, 50 retrievals x 100 documents, to first painted rows', median(first.map((o) => o.wallMs)), 'ms', floor,
      'engine analysis, copy to the host, view, snapshot message, render of 100 rows, headless Chromium'),
    result('retrieval inspector: reopen, analysis cached by the engine', median(again.map((o) => o.wallMs)), 'ms', floor),
    result('retrieval inspector: snapshot message to 100 painted rows (in the page)', median(first.map((o) => o.pageMs)), 'ms', { name: '100 plain divs painted', value: median(divFloors) }),
  ];
}
