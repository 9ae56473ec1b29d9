/**
 * The cost panel in Chromium with 1,200 runs in the real engine: what it shows is what the engine's
 * report says, sorting and selection survive live updates, windows and tabs switch, spans open their
 * trace, what-if answers with its caveat, unpriced models offer "Add price…", CSV is exported.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCost } from '../../src/analysis/format';
import type { CostReport } from '../../src/protocol/cost';
import { launchBrowser, type Browser } from './harness';
import { openCostPanel, type CostPanelPage } from './cost-harness';
import { FixtureEngine } from './fixture-engine';
import { costRuns } from './cost-traces';
import { until } from './page-helpers';

let browser: Browser;
let engine: FixtureEngine;
const NOW = Date.now();

before(async () => {
  browser = await launchBrowser();
  engine = await FixtureEngine.create();
  for (const spans of costRuns({ now: NOW, runs: 1200, spreadMs: 50 * 60_000, unpriced: true, spike: true })) engine.engine.ingestSpans(spans);
});
after(async () => {
  await browser?.close();
  await engine?.dispose();
});

// The runs span the last 50 minutes, so the panel's default window ("today") would hold only part
// of them shortly after midnight: every test names its window.
async function open(extra: Partial<Parameters<typeof openCostPanel>[1]> = {}): Promise<CostPanelPage> {
  const state = extra.state ?? { key: 'cost' as const, window: '1h' as const };
  const panel = await openCostPanel(browser, { engine, ...extra, state });
  await panel.page.waitForSelector('.tl-cost-totals', { timeout: 10_000 });
  await until(() => panel.toWebview.some((m) => m.type === 'report' && m.report.window === state.window), `the ${state.window} report`);
  await panel.settled();
  return panel;
}

function lastReport(panel: CostPanelPage): CostReport {
  const reports = panel.toWebview.filter((m) => m.type === 'report');
  const last = reports[reports.length - 1];
  assert.ok(last && last.type === 'report');
  return last.report;
}

async function assertClean(panel: CostPanelPage): Promise<void> {
  assert.deepEqual(panel.errors, [], 'no page errors');
  assert.deepEqual(panel.rejected, [], 'the host guard accepted every message');
  assert.deepEqual(await panel.cspViolations(), [], 'nothing was blocked by the CSP');
}

const tableKeys = (panel: CostPanelPage, label: string) => panel.page.$$eval(`table[aria-label="${label}"] tbody td.tl-key`, (cells) => cells.map((c) => (c.firstChild?.textContent ?? '').trim()));

test('totals, unpriced models, both charts and the breakdown show the engine\'s report, within a loose paint budget', async () => {
  const started = Date.now();
  const panel = await open();
  const paintMs = Date.now() - started;
  await panel.page.waitForSelector('.tl-cost-chart canvas');
  const report = lastReport(panel);
  assert.ok(report.totals.calls > 2000, `many calls (${report.totals.calls})`);
  const facts = await panel.page.$$eval('.tl-cost-fact', (els) => els.map((e) => [e.querySelector('dt')!.textContent, e.querySelector('dd')!.textContent]));
  assert.deepEqual(facts[0], ['Cost', formatCost(report.totals.costUsd)]);
  assert.ok(facts.some(([k, v]) => k === 'Unpriced calls' && v === String(report.totals.unpricedCalls)));
  assert.match(await panel.page.locator('.tl-cost-unpriced').innerText(), /acme-llm-7b/);
  assert.equal(await panel.page.locator('.tl-cost-chart canvas').count(), 2, 'cost over time and runs, drawn by uPlot');
  const modelRows = await tableKeys(panel, 'Cost by model');
  assert.deepEqual(modelRows, report.breakdowns.model.map((r) => r.key), 'sorted by cost, as the engine ranked them');
  assert.match(await panel.page.locator('table[aria-label="Runs"]').innerText(), /▲ support agent/, 'the spike is marked');
  assert.ok(paintMs < 5000, `first paint took ${paintMs} ms`);
  await assertClean(panel);
  await panel.close();
});

test('sorting and the selected row survive a live update; the sort is persisted', async () => {
  const panel = await open();
  await panel.page.locator('.tl-tab', { hasText: 'Flow' }).click();
  await panel.page.locator('table[aria-label="Cost by flow"] th button', { hasText: 'Name' }).click();
  const sorted = await tableKeys(panel, 'Cost by flow');
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b)), 'by name, ascending');
  await panel.page.locator('table[aria-label="Cost by flow"] tbody tr', { hasText: 'rag answer' }).click();
  const before = panel.toWebview.length;
  for (const spans of costRuns({ now: Date.now(), runs: 8, spreadMs: 60_000, seed: 99 })) engine.engine.ingestSpans(spans);
  await until(() => panel.toWebview.length > before, 'a live report');
  await panel.settled();
  assert.deepEqual(await tableKeys(panel, 'Cost by flow'), sorted, 'still by name');
  assert.equal(await panel.page.$eval('table[aria-label="Cost by flow"] tr.tl-selected .tl-key', (c) => c.firstChild?.textContent), 'rag answer');
  const state = await panel.state();
  assert.deepEqual({ dimension: state?.dimension, sort: state?.sort, selectedKey: state?.selectedKey }, { dimension: 'flow', sort: { column: 'key', descending: false }, selectedKey: 'rag answer' });
  await assertClean(panel);
  await panel.close();
});

test('windows: the last 15 minutes hold fewer calls than the hour', async () => {
  const panel = await open();
  const hour = lastReport(panel);
  await panel.page.locator('.tl-cost-windows button', { hasText: 'Last 15 min' }).click();
  await until(() => lastReport(panel).window === '15m', 'the 15-minute report');
  await panel.settled();
  const quarter = lastReport(panel);
  assert.ok(quarter.totals.calls < hour.totals.calls && quarter.totals.calls > 0);
  assert.equal(await panel.page.locator('.tl-cost-fact dd').first().innerText(), formatCost(quarter.totals.costUsd));
  await assertClean(panel);
  await panel.close();
});

test('the costliest call opens its trace at that span; what-if states the other model\'s cost and the caveat', async () => {
  const panel = await open();
  const report = lastReport(panel);
  await panel.page.locator('table[aria-label="Costliest calls"] tbody button').first().click();
  await panel.settled();
  assert.deepEqual(panel.openedTraces[0], { traceId: report.costliest[0].traceId, spanId: report.costliest[0].spanId });
  await panel.page.selectOption('select[aria-label="Model to re-price with"]', 'gpt-4o-mini');
  await panel.page.locator('.tl-cost-whatif button', { hasText: 'This window' }).click();
  await panel.page.waitForSelector('.tl-whatif-result');
  const answer = panel.toWebview.find((m) => m.type === 'whatIf');
  assert.ok(answer && answer.type === 'whatIf' && answer.result.whatIfUsd !== null);
  const change = Math.round((100 * (answer.result.whatIfUsd - answer.result.actualUsd)) / answer.result.actualUsd);
  const text = await panel.page.locator('.tl-whatif-result').innerText();
  assert.ok(text.includes(`On openai/gpt-4o-mini this would have cost ${formatCost(answer.result.whatIfUsd)}, ${change < 0 ? '−' : '+'}${Math.abs(change)}%`), text);
  assert.match(text, /tokenizes text differently/);
  await assertClean(panel);
  await panel.close();
});

test('"Add price…" asks for the unpriced model; Export CSV saves the breakdown', async () => {
  const panel = await open();
  await panel.page.locator('.tl-cost-unpriced button', { hasText: 'Add price' }).first().click();
  await panel.page.locator('button', { hasText: 'Export CSV' }).click();
  await panel.settled();
  assert.deepEqual(panel.prices, [{ model: 'acme-llm-7b', provider: 'openai' }]);
  assert.equal(panel.csv.length, 1);
  const lines = panel.csv[0].split('\r\n');
  assert.equal(lines[0], 'dimension,key,detail,calls,input_tokens,output_tokens,cost_usd,unpriced_calls');
  assert.ok(lines.some((l) => l.startsWith('model,gpt-4o-mini,openai/gpt-4o-mini,')));
  await assertClean(panel);
  await panel.close();
});

test('a budget shows its share; over 80% it turns to a warning', async () => {
  const hour = (await engine.call('costReport', { window: '1h' })).totals.costUsd;
  const panel = await open({ budget: { limitUsd: hour / 0.9, window: '1h' }, state: { key: 'cost', window: '1h' } });
  await until(async () => (await panel.page.locator('.tl-cost-budget').getAttribute('class'))?.includes('tl-budget-warning') ?? false, 'the warning level');
  assert.match(await panel.page.locator('.tl-cost-budget').innerText(), /9\d%/);
  await assertClean(panel);
  await panel.close();
});

interface NumericColumn {
  table: string;
  column: string;
  aligns: string[];
  figures: string[];
  /** Left edge of each figure's decimal point (its right edge when it has none), in CSS pixels. */
  points: number[];
}

test('numeric columns are right-aligned tabular figures with one count of decimals, decimal points in one line', async () => {
  const panel = await open();
  await panel.page.waitForSelector('table[aria-label="Costliest calls"]');
  // In the page (a string: these tests compile without the DOM types).
  const columns = await panel.page.evaluate(`[...document.querySelectorAll('table.tl-cost-table')].flatMap((table) => {
    const heads = [...table.querySelectorAll('thead th')];
    return heads.flatMap((th, i) => {
      if (!th.classList.contains('tl-num')) return [];
      const out = { table: table.getAttribute('aria-label') ?? '', column: th.textContent.trim(), aligns: [], figures: [], points: [] };
      for (const row of table.querySelectorAll('tbody tr')) {
        const cell = row.children[i];
        out.aligns.push(getComputedStyle(cell).textAlign + ' ' + getComputedStyle(cell).fontVariantNumeric);
        // The figure is the cell's last text (a note such as "+2 unpriced" comes before it).
        const text = cell.lastChild;
        if (!text || text.nodeType !== Node.TEXT_NODE || !/\\d/.test(text.textContent)) continue;
        const figure = text.textContent;
        const dot = figure.indexOf('.');
        const range = document.createRange();
        range.setStart(text, dot >= 0 ? dot : figure.length - 1);
        range.setEnd(text, dot >= 0 ? dot + 1 : figure.length);
        const box = range.getBoundingClientRect();
        out.figures.push(figure);
        out.points.push(dot >= 0 ? box.left : box.right);
      }
      return [out];
    });
  })`) as NumericColumn[];
  const names = columns.map((c) => `${c.table}/${c.column}`);
  for (const expected of ['Cost by model/Calls', 'Cost by model/Input', 'Cost by model/Output', 'Cost by model/Cost', 'Runs/Cost', 'Runs/Earlier median', 'Costliest calls/Cost']) {
    assert.ok(names.some((n) => n.startsWith(expected)), `${expected} is a numeric column (${names.join(', ')})`);
  }
  for (const c of columns) {
    const where = `${c.table}/${c.column}`;
    assert.ok(c.figures.length >= 2, `${where}: figures to compare (${c.figures.join(' ')})`);
    for (const a of c.aligns) assert.match(a, /^right .*tabular-nums/, where);
    const decimals = new Set(c.figures.map((f) => (f.includes('.') ? f.length - f.indexOf('.') - 1 : 0)));
    assert.equal(decimals.size, 1, `${where}: one count of decimals (${c.figures.join(' ')})`);
    const spread = Math.max(...c.points) - Math.min(...c.points);
    assert.ok(spread < 0.5, `${where}: decimal points ${spread.toFixed(2)} px apart (${c.figures.join(' ')})`);
  }
  // The model breakdown holds costs of different sizes (so sharing decimals is tested), each as the engine reported it.
  const report = lastReport(panel);
  const costs = columns.find((c) => c.table === 'Cost by model' && c.column.startsWith('Cost'))!;
  const priced = report.breakdowns.model.filter((r) => r.unpricedCalls < r.calls);
  assert.equal(costs.figures.length, priced.length);
  const magnitudes = new Set(priced.map((r) => Math.floor(Math.log10(r.costUsd))));
  assert.ok(magnitudes.size >= 2, `costs of several magnitudes: ${priced.map((r) => r.costUsd).join(', ')}`);
  for (const [i, r] of priced.entries()) {
    const decimals = costs.figures[i].length - costs.figures[i].indexOf('.') - 1;
    assert.equal(Number(costs.figures[i].replace(/[$,]/g, '')), Number(r.costUsd.toFixed(decimals)), `${r.key}'s cost`);
  }
  await assertClean(panel);
  await panel.close();
});
