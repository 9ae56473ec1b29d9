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
const { launchPanel, median, printFigures } = require('./panel-browser');

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

/** `report`: a CostReport (the engine's); `runs`: pages measured. */
async function run(report = madeUpReport(), runs = 5) {
  const panel = await launchPanel('cost');
  const message = JSON.stringify({ type: 'report', report, budget: null });
  const times = [];
  const floors = [];
  let elements = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const page = await panel.openPage();
      times.push(await page.evaluate(async (json) => {
        // Parsing is part of it: the host's message arrives as a structured clone of this size.
        const t0 = performance.now();
        const parsed = JSON.parse(json);
        const parseMs = performance.now() - t0;
        return parseMs + await window.__paintedAfter(parsed, () => document.querySelectorAll('.tl-cost-chart canvas').length === 2
          && document.querySelector('table[aria-label="Runs"] tbody tr') && document.querySelector('.tl-cost-totals'));
      }, message));
      elements = await page.evaluate(() => document.querySelectorAll('#root *').length);
      floors.push(await page.evaluate((n) => window.__plainDivs(Array.from({ length: n }, (_, i) => `$${(i / 7).toFixed(4)}`)), elements));
      await page.close();
    }
  } finally {
    await panel.close();
  }
  return [{
    name: `cost panel first paint: report posted to totals, both charts and tables painted (${report.totals.calls.toLocaleString('en-US')} calls, ${report.runs.length} runs drawn)`,
    value: median(times), unit: 'ms', baseline: { name: `paint ${elements.toLocaleString('en-US')} plain divs (the panel's element count)`, value: median(floors) },
    note: 'target < 300 ms',
  }];
}

module.exports = { run };

if (require.main === module) printFigures(run);
