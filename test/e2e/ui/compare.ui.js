// UI e2e: comparing two runs in a real VS Code. The two runs of a compare pair (real instrumented
// agent, system prompt changed) arrive over OTLP; both are selected in the Traces view and
// "Compare Traces" opens the compare panel (a webview) with the verdict and the aligned steps; a
// changed model call shows its word diffs and opens in VS Code's diff editor; the trace panel's
// "Compare with…" offers the other run first.
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const fs = require('node:fs');
const path = require('node:path');
const { waitFor, request, screenshot, log, showTracesView, runUiSpec, webviewFrame } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const REPO = process.env.REPO_DIR;
const PAIRS = path.join(REPO, 'test/fixtures/compare-pairs');
const pair = JSON.parse(fs.readFileSync(path.join(PAIRS, 'intent.json'), 'utf8')).pairs.find((p) => p.name === 'system-prompt');

runUiSpec('compare', async ({ page }) => {
  await waitFor('the receiver', async () => (await request(port, 'GET', '/api/traces?limit=1')).status === 200, 60000);
  for (const file of [...pair.a.files, ...pair.b.files]) {
    const signal = /-logs\./.test(file) ? 'logs' : 'traces';
    const res = await request(port, 'POST', `/v1/${signal}`, fs.readFileSync(path.join(PAIRS, file)));
    if (res.status !== 200) throw new Error(`POST ${file} -> ${res.status} ${res.body}`);
  }
  // Both runs in the Traces view (same name): select both, then "Compare Traces" from the context menu.
  const pane = await showTracesView(page);
  const rows = pane.locator('.monaco-list-row', { hasText: 'invoke_agent support-agent' });
  await waitFor('both runs in the tree', async () => (await rows.count()) === 2, 30000);
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Control'] });
  await rows.nth(1).click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: 'Compare Traces' });
  await item.hover({ timeout: 15000 });
  await page.keyboard.press('Enter');
  const frame = await webviewFrame(page, '.tl-compare-header', 'the compare panel');
  await frame.locator('.tl-verdict', { hasText: 'system prompt changed in 3 calls' }).waitFor({ timeout: 30000 });
  const ids = await frame.locator('.tl-run .tl-trace-id').allInnerTexts();
  if (!ids[0].startsWith(pair.a.traceId) || !ids[1].startsWith(pair.b.traceId)) throw new Error(`runs in the wrong order: ${ids.join(' / ')}`);
  await waitFor('8 aligned steps', async () => (await frame.locator('.tl-cmp-row').count()) === 8, 20000);
  log('Compare Traces opened the compare panel: A is the older run, 8 aligned steps, verdict shown');

  // The last model call: the changed sign-off, word by word.
  await frame.locator('.tl-cmp-row.tl-cmp-changed').last().click();
  await frame.locator('.tl-msg-changed .tl-diff-ins', { hasText: 'bright' }).first().waitFor({ timeout: 15000 });
  await frame.locator('.tl-rows').focus();
  await screenshot(page, 'compare-panel');
  log('word diffs of the changed messages shown');

  // Open in Diff Editor: VS Code's own diff editor over the two runs' texts.
  await frame.getByRole('button', { name: 'Open in Diff Editor' }).click();
  await page.locator('.tab', { hasText: 'chat gpt-4o-mini: run A ↔ run B' }).first().waitFor({ timeout: 20000 });
  await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').first().waitFor({ timeout: 20000 });
  await screenshot(page, 'compare-diff-editor');
  log('the pair opened in the diff editor with its insertions marked');
});
