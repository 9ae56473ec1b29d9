// UI e2e: the cost panel in a real VS Code. Two captured OTel SDK runs with usage arrive over OTLP
// (an agent with two o4-mini calls under a wrapper that repeats their usage, and a RAG workflow with
// an embedding and a gpt-4o-mini call); "Tracelight: Show Cost" opens the panel, whose totals for
// "Everything" match the cost computed here by hand from the fixture's token counts and the
// published prices; a breakdown is sorted; what-if re-prices the window on gpt-4o-mini; the status
// bar's cost item opens the panel too; screenshots in the dark and the light theme.
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const fs = require('node:fs');
const path = require('node:path');
const { runCommand, waitFor, request, screenshot, log, runUiSpec, webviewFrame } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const REPO = process.env.REPO_DIR;
const WS = process.env.WS_DIR;
const { formatCost } = require(path.join(REPO, 'out/src/analysis/format.js'));
const FIXTURES = path.join(REPO, 'test/fixtures/otel-genai-manual');

// Published list prices, USD per million tokens.
const O4_MINI = { input: 1.1, cacheRead: 0.275, output: 4.4 };
const GPT_4O_MINI = { input: 0.15, cacheRead: 0.075, output: 0.6 };
const EMBEDDING_3_SMALL = { input: 0.02 };
// The fixture's calls (002-traces.json, 006-traces.json): input includes the cached tokens,
// output includes reasoning (priced as output by OpenAI).
const CALLS = [
  { prices: O4_MINI, input: 87, cached: 43, output: 36 },
  { prices: O4_MINI, input: 164, cached: 82, output: 42 },
  { prices: EMBEDDING_3_SMALL, input: 60, cached: 0, output: 0 },
  { prices: GPT_4O_MINI, input: 86, cached: 43, output: 23 },
];
const priced = (c, p) => ((c.input - c.cached) * p.input + c.cached * (p.cacheRead ?? p.input) + c.output * (p.output ?? 0)) / 1e6;
const EXPECTED_COST = CALLS.reduce((s, c) => s + priced(c, c.prices), 0);
const WHAT_IF_COST = CALLS.reduce((s, c) => s + priced(c, GPT_4O_MINI), 0);

async function facts(frame) {
  return frame.$$eval('.tl-cost-fact', (els) => Object.fromEntries(els.map((e) => [e.querySelector('dt').textContent, e.querySelector('dd').textContent])));
}

/** Writes workspace settings, keeping the others. */
function setSettings(values) {
  const dir = path.join(WS, '.vscode');
  const file = path.join(dir, 'settings.json');
  fs.mkdirSync(dir, { recursive: true });
  const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  fs.writeFileSync(file, JSON.stringify({ ...settings, ...values }, null, 2));
}

const setTheme = (theme) => setSettings({ 'workbench.colorTheme': theme });

runUiSpec('cost-panel', async ({ page }) => {
  await waitFor('the receiver', async () => (await request(port, 'GET', '/api/traces?limit=1')).status === 200, 60000);
  for (const file of ['002-traces.json', '006-traces.json']) {
    const res = await request(port, 'POST', '/v1/traces', fs.readFileSync(path.join(FIXTURES, file)), 'application/json');
    if (res.status !== 200) throw new Error(`POST ${file} -> ${res.status} ${res.body}`);
  }
  await setTheme('Default Dark Modern');
  // A settings change can close a palette opened while the workbench applies it: let it settle.
  await waitFor('the dark theme', async () => page.locator('.monaco-workbench.vs-dark').count(), 30000);
  await page.waitForTimeout(1500);
  // An empty secondary side bar would squeeze the panel.
  if (await page.locator('.part.auxiliarybar').isVisible()) await runCommand(page, 'View: Toggle Secondary Side Bar Visibility');
  await runCommand(page, 'Tracelight: Show Cost');
  let frame = await webviewFrame(page, '.tl-cost', 'the cost panel webview');
  // The fixture runs were recorded days ago: "Everything" holds them.
  await frame.getByRole('radio', { name: 'Everything' }).click();
  await waitFor('the totals of both runs', async () => (await facts(frame)).Cost === formatCost(EXPECTED_COST), 30000);
  const shown = await facts(frame);
  log('totals:', JSON.stringify(shown));
  if (!/^4\b/.test(shown.Calls ?? '')) throw new Error(`calls: ${shown.Calls} (4 model calls, the agent wrapper not again)`);
  log(`cost ${shown.Cost} = ${EXPECTED_COST.toFixed(8)} USD by hand; 4 calls`);

  // Sort the model breakdown by name, ascending (the RAG call is keyed by the model that served it).
  const table = frame.locator('table[aria-label="Cost by model"]');
  await table.locator('th button', { hasText: 'Name' }).click();
  const models = await table.locator('tbody td.tl-key').evaluateAll((cells) => cells.map((c) => (c.firstChild?.textContent ?? '').trim()));
  if (models.join(',') !== ['gpt-4o-mini-2024-07-18', 'o4-mini', 'text-embedding-3-small'].join(',')) throw new Error(`models sorted by name: ${models.join(', ')}`);
  log('model breakdown sorted by name:', models.join(', '));

  // What if the window had run on gpt-4o-mini.
  await frame.getByLabel('Model to re-price with').selectOption('gpt-4o-mini');
  await frame.getByRole('button', { name: 'This window' }).click();
  const change = Math.round((100 * (WHAT_IF_COST - EXPECTED_COST)) / EXPECTED_COST);
  const sentence = `this would have cost ${formatCost(WHAT_IF_COST)}, ${change < 0 ? '−' : '+'}${Math.abs(change)}%`;
  await frame.locator('.tl-whatif-result', { hasText: sentence }).waitFor({ timeout: 20000 });
  log('what-if:', sentence);
  await screenshot(page, 'cost-panel-dark');

  // The light theme: the panel follows it (charts included).
  await setTheme('Default Light Modern');
  await waitFor('the light theme', async () => page.locator('.monaco-workbench.vs').count(), 30000);
  frame = await webviewFrame(page, '.tl-cost', 'the cost panel webview');
  await frame.locator('.tl-cost-chart canvas').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(1000);
  await screenshot(page, 'cost-panel-light');

  // The status bar's cost item: hidden while today's cost is nil and no budget is set (these runs
  // are days old), shown with a budget over "Everything", and a click opens the panel.
  await setSettings({ 'tracelight.budget.usd': 1, 'tracelight.budget.window': 'all' });
  await page.waitForTimeout(1500);
  await runCommand(page, 'View: Close All Editors');
  await waitFor('the panel closed', async () => !(await page.locator('.tab', { hasText: 'Cost' }).count()), 15000);
  const item = page.locator('.statusbar-item', { hasText: formatCost(EXPECTED_COST) }).first();
  await item.waitFor({ timeout: 20000 });
  log('status bar item:', (await item.innerText()).trim());
  await item.click();
  frame = await webviewFrame(page, '.tl-cost', 'the cost panel webview');
  await frame.locator('.tl-cost-totals').waitFor({ timeout: 20000 });
  log('the status bar item opened the cost panel');
});
