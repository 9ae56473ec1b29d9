// UI e2e: log records sent outside any span (the untraced-logs fixtures: Python logging through
// the OTel SDK, the JS logs API) appear live under "Logs without a trace (N)" in the Traces view,
// and while no trace is stored the view does not also say "No traces yet";
// expanding it shows one clipped line per record (the 200 KB hostile body as text); clicking one
// opens it as a JSON document. Screenshots: untraced-logs-only, untraced-logs-tree, untraced-log-opened.
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const fs = require('node:fs');
const path = require('node:path');
const { waitFor, request, screenshot, log, showTracesView, runUiSpec } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const DIR = path.join(process.env.REPO_DIR, 'test/fixtures/untraced-logs');

runUiSpec('untraced-logs', async ({ page }) => {
  await waitFor('the receiver', async () => (await request(port, 'GET', '/api/traces?limit=1')).status === 200, 60000);
  const pane = await showTracesView(page);
  const post = async (file) => {
    const res = await request(port, 'POST', file.endsWith('traces.pb') ? '/v1/traces' : '/v1/logs', fs.readFileSync(path.join(DIR, file)));
    if (res.status !== 200) throw new Error(`POST ${file} -> ${res.status} ${res.body}`);
  };
  // Nothing stored yet: the welcome text is there (so its absence below means something).
  await pane.locator('.welcome-view-content', { hasText: 'No traces yet' }).first().waitFor({ timeout: 20000 });
  for (const file of ['001-logs.pb', '002-logs.pb', '003-logs.pb']) await post(file);
  // Live: no refresh is clicked.
  const node = pane.locator('.monaco-list-row', { hasText: 'Logs without a trace (6)' }).first();
  await node.waitFor({ timeout: 20000 });
  // Only logs so far: the view must not claim to be empty.
  await page.waitForTimeout(1000);
  const paneText = await pane.innerText();
  if (/No traces yet/.test(paneText)) throw new Error(`the view says "No traces yet" beside the logs node: ${paneText.slice(0, 300)}`);
  // The welcome's guidance is gone with the empty tree: a row under the node keeps a way to it.
  const hint = pane.locator('.monaco-list-row', { hasText: 'How to send traces' }).first();
  await hint.waitFor({ timeout: 10000 });
  await screenshot(page, 'untraced-logs-only');
  log('logs only: node and the how-to row listed, no empty-view text');
  await hint.click();
  await page.locator('.gettingStartedContainer').getByText('Get Started with Tracelight').first().waitFor({ timeout: 15000 });
  log('the how-to row opens the walkthrough');
  await post('004-traces.pb');
  await pane.locator('.monaco-list-row', { hasText: 'answer question' }).first().waitFor({ timeout: 20000 });
  await waitFor('the how-to row gone once a trace is stored', async () => (await hint.count()) === 0, 10000);
  log('node and the traced run listed; the how-to row gone');
  await node.locator('.monaco-tl-twistie').click();
  const pythonRow = pane.locator('.monaco-list-row', { hasText: 'could not parse the config override' }).first();
  await pythonRow.waitFor({ timeout: 10000 });
  const hostile = pane.locator('.monaco-list-row', { hasText: '<img src=x onerror="alert(1)">' }).first();
  await hostile.waitFor({ timeout: 10000 });
  const hostileText = await hostile.innerText();
  if (hostileText.length > 300) throw new Error(`the hostile row is not clipped: ${hostileText.length} characters`);
  if (await page.locator('img[src="x"]').count()) throw new Error('a body was rendered as markup');
  log('rows listed; hostile row as text:', hostileText.slice(0, 80).replace(/\s+/g, ' '));
  // At the side bar's width, each record's time and service (its severity is the icon) are whole; only the body may be cut.
  const labels = await pane.locator('.monaco-list-row').evaluateAll((rows) => rows.flatMap((row) => {
    const name = row.querySelector('.label-name');
    const box = row.querySelector('.monaco-icon-label-container');
    if (!name || !box || !/^\d\d:\d\d:\d\d /.test(name.textContent)) return [];
    return [{ text: name.textContent, cut: name.getBoundingClientRect().right > box.getBoundingClientRect().right + 0.5 }];
  }));
  if (labels.length !== 6) throw new Error(`expected 6 record rows, found ${labels.length}`);
  const cut = labels.filter((l) => l.cut);
  if (cut.length) throw new Error(`cut off: ${cut.map((l) => l.text).join(' | ')}`);
  log('record rows, whole:', labels.map((l) => l.text).join(' | '));
  await screenshot(page, 'untraced-logs-tree');
  await pythonRow.click();
  await page.locator('.tab', { hasText: 'log-' }).first().waitFor({ timeout: 10000 });
  await page.locator('.view-lines', { hasText: 'JSONDecodeError' }).first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(1000);
  await screenshot(page, 'untraced-log-opened');
});
