// The page setup the Chromium panel benches share (cost-panel.bench.js, trace-panel.bench.js,
// src/retrieval-panel-bench.ts): a panel's shipped bundle (dist/webview/<bundle>.js and .css, run
// `npm run build` first) served on 127.0.0.1 in the extension's shell and CSP, headless Chromium
// (Debian's /usr/bin/chromium via playwright-core) in a throwaway profile, and fresh pages carrying
// the in-page helpers of bench/panel-page.js.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PAGE_HELPERS = path.join(__dirname, 'panel-page.js');

function serve(bundle) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/panel.html') {
      const origin = `http://${req.headers.host}`;
      const nonce = crypto.randomBytes(18).toString('base64url');
      // The same policy as the extension's shell (src/host/panels/webview-html.ts).
      const csp = `default-src 'none'; img-src ${origin}; font-src ${origin}; style-src ${origin} 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(`<!DOCTYPE html><html><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" nonce="${nonce}" href="${origin}/dist/webview/${bundle}.css"></head>
<body><div id="root"></div><script nonce="${nonce}" src="${origin}/dist/webview/${bundle}.js"></script></body></html>`);
    }
    const file = path.resolve(ROOT, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(path.join(ROOT, 'dist', 'webview') + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

/**
 * Serves `bundle` and starts Chromium. `openPage(ownInit)` gives a fresh 1400 × 900 page with the
 * shared helpers (and the bench's own init script, a function or `{ path }`), once the panel said
 * `ready`; `close()` stops both and removes the profile.
 */
async function launchPanel(bundle) {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'webview', `${bundle}.js`))) throw new Error(`dist/webview/${bundle}.js is missing: run \`npm run build\` first`);
  const { chromium } = require('playwright-core');
  const { server, origin } = await serve(bundle);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelight-bench-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  } catch (error) {
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    async openPage(ownInit) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.addInitScript({ path: PAGE_HELPERS });
      if (ownInit) await page.addInitScript(ownInit);
      await page.goto(`${origin}/panel.html`);
      await page.waitForFunction(() => window.__ready === true);
      return page;
    },
    async close() {
      await context.close();
      server.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Prints a bench file's figures when it runs alone. */
function printFigures(run) {
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

module.exports = { launchPanel, median, printFigures };
