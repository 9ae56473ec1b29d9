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
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildRetrievalView } from '../../src/analysis/retrieval';
import { RetrievalAnalysisCache } from '../../src/engine/store/retrieval-analysis-cache';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import { retrievalTrace } from './retrieval-bench';
import { cpuMs, median, result, type BenchResult } from './results';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TRACE_ID = 'e'.repeat(32);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's globals, set by the init script
type PageGlobal = any;

/** The extension's shell for the retrieval bundle: same CSP (nonce'd script and style). */
function serve(root: string): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/panel.html') {
      const origin = `http://${req.headers.host}`;
      const nonce = crypto.randomBytes(18).toString('base64url');
      const csp = `default-src 'none'; img-src ${origin}; font-src ${origin}; style-src ${origin} 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!DOCTYPE html><html><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" nonce="${nonce}" href="${origin}/dist/webview/retrieval.css"></head>
<body><div id="root"></div><script nonce="${nonce}" src="${origin}/dist/webview/retrieval.js"></script></body></html>`);
      return;
    }
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(path.join(root, 'dist', 'webview') + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
  }));
}

/** A fresh page with the inspector loaded and the helpers of bench/retrieval-panel-page.js. */
async function freshPage(context: BrowserContext, origin: string, root: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.addInitScript({ path: path.join(root, 'bench', 'retrieval-panel-page.js') });
  await page.goto(`${origin}/panel.html`);
  await page.waitForFunction(() => (globalThis as PageGlobal).__ready === true);
  return page;
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
  const pageMs = await page.evaluate((n) => (globalThis as PageGlobal).__rowsPainted((globalThis as PageGlobal).__pending, n), rows);
  return { wallMs: hostMs + pageMs, pageMs };
}

export async function runRetrievalPanelBench(root: string, quick: boolean, log: (line: string) => void): Promise<BenchResult[]> {
  if (!fs.existsSync(path.join(root, 'dist', 'webview', 'retrieval.js'))) throw new Error('dist/webview/retrieval.js is missing: run `npm run build` first');
  // A runtime require (the path is not a literal), so esbuild leaves playwright-core out of the bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS package found at run time
  const { chromium } = require(path.join(root, 'node_modules', 'playwright-core')) as typeof import('playwright-core');
  const spans = retrievalTrace();
  const text = JSON.stringify({ version: 1, traces: [{ spans }] });
  const focusSpanId = [...spans].reverse().find((s) => s.kind === 'retrieval')!.spanId;
  const reps = quick ? 3 : 7;
  log(`retrieval inspector: 50 retrievals x 100 documents, opened on the last retrieval, ${reps} opens per figure`);
  const { server, origin } = await serve(root);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelight-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  const first: Opened[] = [];
  const again: Opened[] = [];
  const floors: number[] = [];
  const divFloors: number[] = [];
  try {
    for (let r = 0; r < reps; r++) {
      const lines = retrievalTrace(1, 100)[0].retrieval!.documents.map((d) => (d.content ?? '').slice(0, 160));
      let page = await freshPage(context, origin, root);
      const t0 = cpuMs();
      JSON.parse(text);
      const parseMs = cpuMs() - t0;
      divFloors.push(await page.evaluate((l) => (globalThis as PageGlobal).__plainDivs(l), lines));
      floors.push(parseMs + divFloors[divFloors.length - 1]);
      const cache = new RetrievalAnalysisCache();
      first.push(await open(page, cache, spans, focusSpanId));
      await page.close();
      page = await freshPage(context, origin, root);
      again.push(await open(page, cache, spans, focusSpanId));
      await page.close();
      if (cache.hits !== 1 || cache.misses !== 1) throw new Error(`expected one analysis and one cached read, got ${cache.misses} and ${cache.hits}`);
    }
  } finally {
    await context.close();
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  const floor = { name: 'JSON.parse of the trace + 100 plain divs painted', value: median(floors) };
  return [
    result('retrieval inspector: open, 50 retrievals x 100 documents, to first painted rows', median(first.map((o) => o.wallMs)), 'ms', floor,
      'engine analysis, copy to the host, view, snapshot message, render of 100 rows, headless Chromium'),
    result('retrieval inspector: reopen, analysis cached by the engine', median(again.map((o) => o.wallMs)), 'ms', floor),
    result('retrieval inspector: snapshot message to 100 painted rows (in the page)', median(first.map((o) => o.pageMs)), 'ms', { name: '100 plain divs painted', value: median(divFloors) }),
  ];
}
