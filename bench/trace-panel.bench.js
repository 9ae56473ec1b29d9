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
// - the 10,000-deep chain: open to first painted rows, and the longest task the page ran meanwhile
//   (0 when none reached 50 ms). Baseline: the same for 10,000 spans of fan-out 10.
'use strict';
const { launchPanel, median, printFigures } = require('./panel-browser');

// In the page, besides bench/panel-page.js: a stand-in host that answers span requests at once from the rows.
function spanHost() {
  const w = window;
  w.__rows = new Map();
  w.__onPanelMessage = (m) => {
    if (m.type !== 'requestSpan') return;
    const row = w.__rows.get(m.spanId);
    const span = row && { ...row, attributes: { 'bench.index': 1, 'http.route': '/v1/answer' }, events: [] };
    setTimeout(() => w.postMessage({ type: 'spanDetail', requestId: m.requestId, spanId: m.spanId, span: span ?? null }, '*'), 0);
  };
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
  // A chain where each span is the parent of the next (the hostile deep trace), as span rows.
  w.__makeChain = (n) => {
    const rows = [];
    for (let i = 0; i < n; i++) {
      const id = (i + 1).toString(16).padStart(16, '0');
      rows.push({ spanId: id, parentSpanId: i === 0 ? null : rows[i - 1].spanId, name: `step ${i}`, kind: 'other', status: 'ok', startTimeUnixMs: 1764190000000 + i, durationMs: 2 * (n - i), service: 'bench' });
    }
    w.__rows = new Map(rows.map((r) => [r.spanId, r]));
    return rows;
  };
  // Every task over 50 ms the page runs (Long Tasks API), to find the longest.
  w.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
}

async function freshPanel(panel, n, shape = '__makeRows') {
  const page = await panel.openPage(spanHost);
  await page.evaluate(([count, make]) => void (window.__snapshot = { type: 'snapshot', traceId: 'f'.repeat(32), summary: null, rows: window[make](count), actions: { openPrompt: false, compare: false } }), [n, shape]);
  return page;
}

async function openTime(page) {
  return page.evaluate(() => window.__paintedAfter(window.__snapshot, () => document.querySelector('.tl-row')));
}

async function run() {
  const panel = await launchPanel('trace');
  const figures = [];
  try {
    for (const [n, reps] of [[1_000, 5], [10_000, 5], [50_000, 3]]) {
      const times = [];
      const floors = [];
      for (let r = 0; r < reps; r++) {
        const page = await freshPanel(panel, n);
        floors.push(await page.evaluate((count) => window.__plainDivs(Array.from({ length: count }, (_, i) => `step ${i}`)), n));
        times.push(await openTime(page));
        await page.close();
      }
      figures.push({ name: `open ${n.toLocaleString('en-US')} spans to first painted rows`, value: median(times), unit: 'ms', baseline: { name: `paint ${n.toLocaleString('en-US')} plain divs`, value: median(floors) } });
    }
    // The 10,000-deep chain against the 10,000-span tree of fan-out 10: opening, and the longest
    // task the page ran while opening (target: none over 200 ms).
    const longestTaskOpening = async (shape) => {
      const opened = [];
      const longest = [];
      for (let r = 0; r < 5; r++) {
        const page = await freshPanel(panel, 10_000, shape);
        await page.evaluate(() => void (window.__longTasks.length = 0));
        opened.push(await openTime(page));
        // The observer is told of a task after it ends.
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
        longest.push(await page.evaluate(() => Math.max(0, ...window.__longTasks)));
        await page.close();
      }
      return { opened: median(opened), longest: median(longest) };
    };
    const chain = await longestTaskOpening('__makeChain');
    const tree = await longestTaskOpening('__makeRows');
    figures.push({ name: 'open a 10,000-deep chain to first painted rows', value: chain.opened, unit: 'ms', baseline: { name: 'open 10,000 spans of fan-out 10', value: tree.opened } });
    figures.push({ name: 'longest task while opening the 10,000-deep chain', value: chain.longest, unit: 'ms', baseline: { name: 'same, 10,000 spans of fan-out 10', value: tree.longest } });
    const expand = [];
    const expandFloor = [];
    const select = [];
    const selectFloor = [];
    for (let r = 0; r < 5; r++) {
      const page = await freshPanel(panel, 10_000);
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
      expandFloor.push(await page.evaluate((count) => window.__plainDivs(Array.from({ length: count }, (_, i) => `step ${i}`)), inDom));
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
    await panel.close();
  }
  return figures;
}

module.exports = { run };

if (require.main === module) printFigures(run);
