// UI e2e: the Traces view when the configured port is busy (the receiver moves to the next free
// one: the view's title, the welcome text and the copy button must all follow), the status bar's
// command list (the palette filtered to Tracelight), and the getting-started walkthrough (first
// step done once a trace arrived, setup code copied with the live endpoint).
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { runCommand, waitFor, request, screenshot, log, showTracesView, tracesTitle, allowClipboard, readClipboard, runUiSpec } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const { recordSpans, tracesProtobuf } = require(path.join(process.env.REPO_DIR, 'out/test/factories/otlp-payloads.js'));
const answers = async (p) => { try { return (await request(p, 'GET', '/api/traces?limit=1')).status === 200; } catch { return false; } };

/** Holds a free loopback port, as another program would. */
function occupyPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => resolve(server));
    server.on('error', reject);
  });
}

let blocker;
runUiSpec('traces-view-welcome', async ({ ctx, page }) => {
  await waitFor('the receiver', () => answers(port), 60000);
  const pane = await showTracesView(page);
  await allowClipboard(ctx);

  // Another program holds port P; the workspace asks Tracelight for P.
  blocker = await occupyPort();
  const busy = blocker.address().port;
  const settingsFile = path.join(process.env.WS_DIR, '.vscode', 'settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'tracelight.receiver.httpPort': busy }, null, 2));
  log('port', busy, 'held by another program; tracelight.receiver.httpPort set to it');

  // Where Tracelight really listens now, found by asking the ports after P (not from the UI).
  const live = await waitFor('the receiver on a port after the busy one', async () => {
    for (let p = busy + 1; p <= busy + 20; p++) if (await answers(p)) return p;
    return false;
  }, 30000);
  log('the receiver answers on', live);
  const title = await waitFor('the moved port in the title', async () => {
    const shown = await tracesTitle(page);
    return shown.text === `Tracelight: Traces :${live}` && shown;
  }, 15000);
  if (title.cut) throw new Error(`the title is cut off: ${title.text}`);
  await pane.getByText('No traces yet. The configured port was busy').first().waitFor({ timeout: 10000 });
  await page.locator('.statusbar-item', { hasText: `:${live}` }).first().waitFor({ timeout: 10000 });
  log('title:', title.text, '— the busy-port welcome text is shown');
  await screenshot(page, 'traces-welcome-port-busy');
  await pane.locator('.monaco-button', { hasText: 'Copy OTLP Endpoint' }).first().click();
  await waitFor('the moved endpoint on the clipboard', async () => (await readClipboard(page)) === `http://127.0.0.1:${live}`, 10000);
  log('Copy OTLP Endpoint copied', `http://127.0.0.1:${live}`);

  // A trace sent to the moved endpoint arrives; the title keeps naming it.
  const spans = recordSpans((tracer) => tracer.startSpan('answer billing question').end(), 'support-bot');
  const res = await request(live, 'POST', '/v1/traces', tracesProtobuf(spans));
  if (res.status !== 200) throw new Error(`POST /v1/traces -> ${res.status} ${res.body}`);
  await pane.locator('.monaco-list-row', { hasText: 'answer billing question' }).first().waitFor({ timeout: 20000 });
  if ((await tracesTitle(page)).text !== `Tracelight: Traces :${live}`) throw new Error('the title lost the port once traces exist');

  // The status bar item opens the command palette filtered to Tracelight.
  await page.locator('.statusbar-item', { hasText: `:${live}` }).first().click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  const value = await input.inputValue();
  if (value !== '>Tracelight: ') throw new Error(`quick input value: ${JSON.stringify(value)}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Tracelight: Copy OTLP Endpoint' }).first().waitFor({ timeout: 10000 });
  const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
  if (rows.some((r) => !/Tracelight/.test(r))) throw new Error(`a command of another extension listed: ${rows.join(' | ')}`);
  await screenshot(page, 'status-bar-commands');
  await page.keyboard.press('Escape');
  log('status bar → palette filtered to Tracelight,', rows.length, 'commands visible');

  // "How to Send Traces" opens the walkthrough; its first step is done (a trace arrived). The
  // walkthrough shows its images beside the steps only when the editor is wide enough.
  await runCommand(page, 'View: Hide Secondary Side Bar');
  await runCommand(page, 'Notifications: Clear All Notifications');
  await runCommand(page, 'Tracelight: Get Started: How to Send Traces');
  const page2 = page.locator('.gettingStartedContainer');
  await page2.getByText('Get Started with Tracelight').first().waitFor({ timeout: 15000 });
  const first = page2.locator('button.getting-started-step[data-step-id$="sendTrace"]');
  await waitFor('the first step checked', async () => (await first.getAttribute('aria-checked')) === 'true', 10000);
  await first.click();
  await page2.locator('.monaco-button, a.button-link', { hasText: 'Copy TypeScript Setup' }).first().click();
  await waitFor('the TypeScript setup on the clipboard', async () =>
    (await readClipboard(page)).includes(`new OTLPTraceExporter({ url: 'http://127.0.0.1:${live}/v1/traces' })`), 10000);
  log('the walkthrough copied the TypeScript setup for', live);
  await waitFor('the step\'s screenshot shown', () => page2.locator('.getting-started-media img').first()
    .evaluate((img) => img.complete && img.naturalWidth > 300 && img.getBoundingClientRect().width > 200), 10000);
  await page.waitForTimeout(500);
  await screenshot(page, 'walkthrough');

  // Opening a trace completes the second step.
  await pane.locator('.monaco-list-row', { hasText: 'answer billing question' }).first().click();
  await page.locator('.tab', { hasText: 'answer billing question' }).first().waitFor({ timeout: 10000 });
  // Back to the walkthrough's tab (F1 would go to the trace panel's webview, which has the focus).
  await page.locator('.tab', { hasText: 'Welcome' }).first().click();
  const second = page2.locator('button.getting-started-step[data-step-id$="openTrace"]');
  await waitFor('the second step checked', async () => (await second.getAttribute('aria-checked')) === 'true', 10000);
  log('opening a trace checked "Open a trace"');
  await runCommand(page, 'Notifications: Clear All Notifications');
  for (const step of ['openTrace', 'captureContent', 'importFile']) {
    // Each step shows its image: a PNG, or an SVG drawn in a frame with the theme's colours.
    await page2.locator(`button.getting-started-step[data-step-id$="${step}"]`).click();
    await waitFor(`the image of ${step}`, () => page2.locator('.getting-started-media').first().evaluate((media) => {
      const img = media.querySelector('img');
      if (img) return img.complete && img.naturalWidth > 300 && img.getBoundingClientRect().width > 200;
      const frame = media.querySelector('iframe, .webview');
      return Boolean(frame) && frame.getBoundingClientRect().width > 200;
    }), 10000);
    await page.waitForTimeout(1200);
    await screenshot(page, `walkthrough-${step}`);
  }
}, () => { blocker?.close(); });
