// UI e2e: the status bar item's command list (the palette filtered to Tracelight) stops the receiver, the Traces view then offers to
// start it again (welcome content button), and the tree's context menu deletes a trace.
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const path = require('node:path');
const { waitFor, request, screenshot, log, showTracesView, runUiSpec } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const { recordSpans, tracesJson } = require(path.join(process.env.REPO_DIR, 'out/test/factories/otlp-payloads.js'));
const listening = async () => { try { return (await request(port, 'GET', '/api/traces?limit=1')).status === 200; } catch { return false; } };

runUiSpec('receiver-controls', async ({ page }) => {
  await waitFor('the receiver', listening, 60000);
  const pane = await showTracesView(page);

  // OTLP/JSON this time, made by the SDK's own JSON serializer.
  const spans = recordSpans((tracer) => tracer.startSpan('nightly evaluation').end(), 'eval-runner');
  const res = await request(port, 'POST', '/v1/traces', tracesJson(spans), 'application/json');
  if (res.status !== 200) throw new Error(`POST -> ${res.status} ${res.body}`);
  const row = pane.locator('.monaco-list-row', { hasText: 'nightly evaluation' }).first();
  await row.waitFor({ timeout: 20000 });

  // Context menu → Delete Trace.
  await row.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: 'Delete Trace' });
  await item.waitFor({ timeout: 5000 });
  // VS Code's menus act on the keyboard reliably; a synthetic click can land before the menu is ready.
  await item.hover();
  await page.keyboard.press('Enter');
  await waitFor('the trace gone from the tree', async () => (await pane.locator('.monaco-list-row', { hasText: 'nightly evaluation' }).count()) === 0, 10000);
  log('deleted the trace from its context menu');

  // Status bar → the palette filtered to Tracelight → Stop Receiver.
  await page.locator('.statusbar-item', { hasText: `:${port}` }).first().click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await waitFor('the palette on Tracelight\'s commands', async () => (await input.inputValue()) === '>Tracelight: ', 5000);
  await input.press('End');
  await input.pressSequentially('Stop Receiver');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Stop Receiver' }).first().waitFor({ timeout: 5000 });
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: 'Tracelight: stopped' }).first().waitFor({ timeout: 10000 });
  await waitFor('the port to close', async () => !(await listening()), 10000);
  const start = pane.locator('a.monaco-button, .monaco-button', { hasText: 'Start Receiver' }).first();
  await start.waitFor({ timeout: 10000 });
  await screenshot(page, 'receiver-stopped');
  log('stopped from the status bar\'s command list; the view offers to start it');

  // The welcome content's button starts it again on the same port.
  await start.click();
  await page.locator('.statusbar-item', { hasText: `:${port}` }).first().waitFor({ timeout: 15000 });
  await waitFor('the receiver to answer again', listening, 10000);
  log('started again from the welcome button');
});
