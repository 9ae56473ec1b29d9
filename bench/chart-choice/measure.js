/**
 * Chooses the cost panel's chart library by measurement: each candidate draws the same stacked
 * chart (cost per minute for a day, 8 models) in Chromium under the panels' Content-Security-Policy.
 * Prints minified and gzipped bundle size, median draw time over 15 draws, and CSP violations.
 * Run: node bench/chart-choice/measure.js
 */
const esbuild = require('esbuild');
const { gzipSync } = require('node:zlib');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('playwright-core');

const LIBS = { uplot: 'uplot-entry.js', 'chart.js': 'chartjs-entry.js', '@observablehq/plot': 'plot-entry.js' };
const NONCE = 'benchnonce0123456789';

async function bundle(entry) {
  const out = await esbuild.build({ entryPoints: [path.join(__dirname, entry)], bundle: true, minify: true, write: false, format: 'iife', outdir: '/out', platform: 'browser', target: 'chrome120', logLevel: 'error' });
  const js = out.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  const css = out.outputFiles.find((f) => f.path.endsWith('.css'))?.contents ?? new Uint8Array();
  return { js: Buffer.from(js), css: Buffer.from(css) };
}

function data() {
  const minutes = Array.from({ length: 1440 }, (_, i) => 1764806400 + i * 60);
  const series = Array.from({ length: 8 }, (_, m) => ({ model: `model-${m}`, values: minutes.map((_, i) => ((i * (m + 3)) % 17) / 1000) }));
  return { minutes, series };
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const results = {};
  for (const [name, entry] of Object.entries(LIBS)) {
    const { js, css } = await bundle(entry);
    const server = http.createServer((req, res) => {
      if (req.url === '/a.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); return res.end(js); }
      if (req.url === '/a.css') { res.writeHead(200, { 'content-type': 'text/css' }); return res.end(css); }
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${origin}; style-src ${origin} 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'">` +
        `<link rel="stylesheet" nonce="${NONCE}" href="/a.css"></head><body><div id="c"></div><script nonce="${NONCE}">window.violations=[];document.addEventListener('securitypolicyviolation',e=>violations.push(e.violatedDirective+' '+(e.sample||'')))</script><script nonce="${NONCE}" src="/a.js"></script></body></html>`);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    // Timed to the next frame: uPlot commits its drawing in a microtask, so a synchronous timer would miss it.
    const times = await page.evaluate(async (d) => {
      const out = [];
      for (let i = 0; i < 15; i++) {
        const el = document.getElementById('c');
        el.textContent = '';
        const t = performance.now();
        const chart = window.drawChart(el, d);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        out.push(performance.now() - t);
        if (chart && chart.destroy && i < 14) chart.destroy();
      }
      return out;
    }, data());
    const violations = await page.evaluate(() => window.violations);
    times.sort((a, b) => a - b);
    results[name] = { minKB: +(js.length / 1024).toFixed(1), gzipKB: +(gzipSync(js).length / 1024).toFixed(1), cssKB: +(css.length / 1024).toFixed(1), drawMs: +times[7].toFixed(1), cspViolations: violations.length, firstViolation: violations[0] ?? null };
    await page.close();
    server.close();
  }
  await browser.close();
  console.log(JSON.stringify(results, null, 2));
}
main().catch((e) => { console.error(e); process.exit(1); });
