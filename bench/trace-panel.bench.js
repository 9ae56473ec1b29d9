// The trace panel's benchmark, in headless Chromium (Debian's /usr/bin/chromium via playwright-core),
// on the shipped bundle dist/webview/trace.js (run `npm run build` first). Called by the bench
// runner (bench/src/trace-panel-figures.ts); also runs alone: `node bench/trace-panel.bench.js`.
//
// Figures (median of several runs, each on a freshly loaded page), each with a baseline from the
// same run and page:
// - open N spans: from posting the snapshot message to the first painted rows, N = 1,000 /
//   10,000 / 50,000. Baseline: painting N plain divs (what a non-virtualized list would cost).
// - expand all (10,000 spans, from all collapsed): click to painted rows. Baseline: painting as
//   many plain divs as rows are then in the DOM.
// - select span: click on a row to its detail painted (the host's answer is posted at once).
//   Baseline: one message round trip to a painted div.
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
<link rel="stylesheet" nonce="${nonce}" href="${origin}/dist/webview/trace.css"></head>
<body><div id="root"></div><script nonce="${nonce}" src="${origin}/dist/webview/trace.js"></script></body></html>`);
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

// In the page: a stand-in VS Code API whose "host" answers span requests at once from the rows.
function fakeVsCodeApi() {
  const w = window;
  w.__ready = false;
  w.__rows = new Map();
  w.acquireVsCodeApi = () => ({
    getState: () => undefined,
    setState: () => undefined,
    postMessage: (m) => {
      if (m.type === 'ready') w.__ready = true;
      if (m.type === 'requestSpan') {
        const row = w.__rows.get(m.spanId);
        const span = row && { ...row, attributes: { 'bench.index': 1, 'http.route': '/v1/answer' }, events: [] };
        setTimeout(() => w.postMessage({ type: 'spanDetail', requestId: m.requestId, spanId: m.spanId, span: span ?? null }, '*'), 0);
      }
    },
  });
  // Spans in a tree of fan-out 10 (depth grows with N), kinds cycling, an error every 997.
  w.__makeRows = (n) => {
    const kinds = ['llm', 'tool', 'retrieval', 'chain', 'agent', 'other'];
    const rows = [];
    for (let i = 0; i < n; i++) {
      const id = (i + 1).toString(16).padStart(16, '0');
      const parent = i === 0 ? null : rows[Math.floor((i - 1) / 10)];
      const start = parent ? parent.startTimeUnixMs + ((i * 7) % 97) / 100 * parent.durationMs / 2 : 1764190000000;
      rows.push({ spanId: id, parentSpanId: parent ? parent.spanId : null, name: `step ${i}`, kind: kinds[i % 6], status: i % 997 === 0 ? 'error' : 'ok', startTimeUnixMs: start, durationMs: parent ? parent.durationMs / 3 : n * 2, service: 'bench' });
    }
    w.__rows = new Map(rows.map((r) => [r.spanId, r]));
    return rows;
  };
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
      d.textContent = `step ${i}`;
      box.appendChild(d);
    }
    document.body.appendChild(box);
    await w.__afterPaint();
    const t = performance.now() - t0;
    box.remove();
    return t;
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freshPanel(context, origin, n) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.addInitScript(fakeVsCodeApi);
  await page.goto(`${origin}/panel.html`);
  await page.waitForFunction(() => window.__ready);
  await page.evaluate((count) => void (window.__snapshot = { type: 'snapshot', traceId: 'f'.repeat(32), summary: null, rows: window.__makeRows(count), actions: { openPrompt: false, compare: false } }), n);
  return page;
}

async function openTime(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    window.postMessage(window.__snapshot, '*');
    await window.__waitFor(() => document.querySelector('.tl-row'));
    await window.__afterPaint();
    return performance.now() - t0;
  });
}

async function run() {
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(path.join(root, 'dist', 'webview', 'trace.js'))) throw new Error('dist/webview/trace.js is missing: run `npm run build` first');
  const { server, origin } = await serve();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelight-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  const figures = [];
  try {
    for (const [n, reps] of [[1_000, 5], [10_000, 5], [50_000, 3]]) {
      const times = [];
      const floors = [];
      for (let r = 0; r < reps; r++) {
        const page = await freshPanel(context, origin, n);
        floors.push(await page.evaluate((count) => window.__plainDivs(count), n));
        times.push(await openTime(page));
        await page.close();
      }
      figures.push({ name: `open ${n.toLocaleString('en-US')} spans to first painted rows`, value: median(times), unit: 'ms', baseline: { name: `paint ${n.toLocaleString('en-US')} plain divs`, value: median(floors) } });
    }
    const expand = [];
    const expandFloor = [];
    const select = [];
    const selectFloor = [];
    for (let r = 0; r < 5; r++) {
      const page = await freshPanel(context, origin, 10_000);
      await openTime(page);
      await page.click('text=Collapse all');
      await page.waitForFunction(() => document.querySelectorAll('.tl-row').length === 1);
      expand.push(await page.evaluate(async () => {
        const t0 = performance.now();
        [...document.querySelectorAll('button')].find((b) => b.textContent === 'Expand all').click();
        await window.__waitFor(() => document.querySelectorAll('.tl-row').length > 1);
        await window.__afterPaint();
        return performance.now() - t0;
      }));
      const inDom = await page.evaluate(() => document.querySelectorAll('.tl-row').length);
      expandFloor.push(await page.evaluate((count) => window.__plainDivs(count), inDom));
      select.push(await page.evaluate(async () => {
        const rows = [...document.querySelectorAll('.tl-row')];
        const row = rows[Math.min(rows.length - 1, 15)];
        const name = row.querySelector('.tl-span-name').textContent;
        const t0 = performance.now();
        row.click();
        await window.__waitFor(() => document.querySelector('.tl-detail-title')?.textContent === name);
        await window.__afterPaint();
        return performance.now() - t0;
      }));
      selectFloor.push(await page.evaluate(async () => {
        const t0 = performance.now();
        await new Promise((resolve) => {
          const onMessage = (e) => {
            if (e.data !== 'bench-ping') return;
            window.removeEventListener('message', onMessage);
            const d = document.createElement('div');
            d.textContent = 'pong';
            document.body.appendChild(d);
            resolve();
          };
          window.addEventListener('message', onMessage);
          window.postMessage('bench-ping', '*');
        });
        await window.__afterPaint();
        return performance.now() - t0;
      }));
      await page.close();
    }
    figures.push({ name: 'expand all, 10,000 spans', value: median(expand), unit: 'ms', baseline: { name: 'paint the same number of plain divs', value: median(expandFloor) } });
    figures.push({ name: 'select span to painted detail, 10,000 spans', value: median(select), unit: 'ms', baseline: { name: 'message round trip to a painted div', value: median(selectFloor) } });
  } finally {
    await context.close();
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return figures;
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
