// The cost panel's first paint, in headless Chromium (Debian's /usr/bin/chromium via playwright-core),
// on the shipped bundle dist/webview/cost.js in the host's shell and CSP (run `npm run build` first).
// Called by the cost part of the bench runner (bench/src/cost-bench.ts) with the report the engine
// computed over the 100k stored spans; `node bench/cost-panel.bench.js` alone uses a small made-up one.
//
// Figure (median of 5, each on a freshly loaded page): from posting the report message to the
// totals, both uPlot charts, the breakdown, runs and costliest tables painted. Baseline, same page:
// painting as many plain divs with text as the panel then holds elements (what showing the same
// amount of text without any layout, tables or charts costs).
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const root = path.resolve(__dirname, '..');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/panel.html') {
      const origin = `http://${req.headers.host}`;
      const nonce = crypto.randomBytes(18).toString('base64url');
      // The same policy as the extension's shell (src/host/panels/webview-html.ts).
      const csp = `default-src 'none'; img-src ${origin}; font-src ${origin}; style-src ${origin} 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(`<!DOCTYPE html><html><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" nonce="${nonce}" href="${origin}/dist/webview/cost.css"></head>
<body><div id="root"></div><script nonce="${nonce}" src="${origin}/dist/webview/cost.js"></script></body></html>`);
    }
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(path.join(root, 'dist', 'webview') + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

// In the page: a stand-in VS Code API that notes `ready`, and paint helpers.
function fakeVsCodeApi() {
  const w = window;
  w.__ready = false;
  w.acquireVsCodeApi = () => ({ getState: () => undefined, setState: () => undefined, postMessage: (m) => { if (m.type === 'ready') w.__ready = true; } });
  w.__afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  w.__waitFor = (test) => new Promise((resolve) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => {
      if (test()) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  w.__plainDivs = async (n) => {
    const t0 = performance.now();
    const box = document.createElement('div');
    for (let i = 0; i < n; i++) {
      const d = document.createElement('div');
      d.textContent = `$${(i / 7).toFixed(4)}`;
      box.appendChild(d);
    }
    document.body.appendChild(box);
    await w.__afterPaint();
    const t = performance.now() - t0;
    box.remove();
    return t;
  };
}

/** A small report for running this file alone (the bench runner passes the engine's). */
function madeUpReport() {
  const now = Date.now();
  const starts = Array.from({ length: 61 }, (_, i) => now - (60 - i) * 60_000);
  const row = (key, i) => ({ key, calls: 100 - i, inputTokens: 50_000 - i, outputTokens: 5_000 - i, costUsd: 1 / (i + 1), unpricedCalls: 0 });
  const keys = (prefix, n) => Array.from({ length: n }, (_, i) => row(`${prefix} ${i}`, i));
  return {
    window: 'all', fromUnixMs: null, toUnixMs: now,
    totals: { calls: 1000, traces: 300, inputTokens: 1e6, outputTokens: 1e5, cacheReadTokens: 2e5, costUsd: 3.2, cacheSavingsUsd: 0.4, unpricedCalls: 0 },
    breakdowns: { model: keys('model', 4), flow: keys('flow', 4), prompt: keys('prompt', 4), session: keys('session', 9), service: keys('service', 3), kind: keys('kind', 1) },
    series: { bucketMs: 60_000, bucketStarts: starts, models: ['model 0', 'model 1'], costs: [starts.map(() => 0.01), starts.map(() => 0.02)] },
    runs: Array.from({ length: 300 }, (_, i) => ({ traceId: i.toString(16).padStart(32, '0'), flow: `flow ${i % 4}`, startTimeUnixMs: now - (300 - i) * 10_000, costUsd: 0.01, earlierMedianUsd: 0.01, spike: false })),
    costliest: Array.from({ length: 15 }, (_, i) => ({ traceId: i.toString(16).padStart(32, '0'), spanId: i.toString(16).padStart(16, '0'), name: 'chat', model: 'model 0', flow: 'flow 0', startTimeUnixMs: now - i * 1000, costUsd: 0.1 / (i + 1), source: 'computed' })),
    unpriced: [], whatIfModels: ['model 0', 'gpt-4o-mini'],
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `report`: a CostReport (the engine's); `runs`: pages measured. */
async function run(report = madeUpReport(), runs = 5) {
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(path.join(root, 'dist', 'webview', 'cost.js'))) throw new Error('dist/webview/cost.js is missing: run `npm run build` first');
  const { server, origin } = await serve();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelight-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  const message = JSON.stringify({ type: 'report', report, budget: null });
  const times = [];
  const floors = [];
  let elements = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.addInitScript(fakeVsCodeApi);
      await page.goto(`${origin}/panel.html`);
      await page.waitForFunction(() => window.__ready);
      times.push(await page.evaluate(async (json) => {
        const t0 = performance.now();
        // Parsing is part of it: the host's message arrives as a structured clone of this size.
        window.postMessage(JSON.parse(json), '*');
        await window.__waitFor(() => document.querySelectorAll('.tl-cost-chart canvas').length === 2
          && document.querySelector('table[aria-label="Runs"] tbody tr') && document.querySelector('.tl-cost-totals'));
        await window.__afterPaint();
        return performance.now() - t0;
      }, message));
      elements = await page.evaluate(() => document.querySelectorAll('#root *').length);
      floors.push(await page.evaluate((n) => window.__plainDivs(n), elements));
      await page.close();
    }
  } finally {
    await context.close();
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return [{
    name: `cost panel first paint: report posted to totals, both charts and tables painted (${report.totals.calls.toLocaleString('en-US')} calls, ${report.runs.length} runs drawn)`,
    value: median(times), unit: 'ms', baseline: { name: `paint ${elements.toLocaleString('en-US')} plain divs (the panel's element count)`, value: median(floors) },
    note: 'target < 300 ms',
  }];
}

module.exports = { run };

if (require.main === module) {
  run().then(
    (figures) => {
      for (const f of figures) console.log(`${f.name}: ${f.value.toFixed(1)} ${f.unit} (baseline ${f.baseline.name}: ${f.baseline.value.toFixed(1)} ${f.unit})`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
