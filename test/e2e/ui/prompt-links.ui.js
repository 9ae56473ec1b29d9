// UI e2e: prompt links in a real VS Code. The fixture workspace is the open folder and the traces
// its apps produced arrive over OTLP; in the trace panel, the model call's message link opens the
// prompt file with the declared lines selected; the editor shows CodeLens above the templates.
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const fs = require('node:fs');
const path = require('node:path');
const { waitFor, request, screenshot, log, showTracesView, runUiSpec, webviewFrame } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const REPO = process.env.REPO_DIR;
const WS = process.env.WS_DIR;
const FIXTURES = path.join(REPO, 'test/fixtures');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'prompt-links/expected.json'), 'utf8'));

async function quickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(file);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(file) }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

// The workspace first, so the extension indexes it when it starts.
fs.cpSync(path.join(FIXTURES, 'prompt-workspace'), WS, { recursive: true });
runUiSpec('prompt-links', async ({ page, errors }) => {
  await waitFor('the receiver', async () => (await request(port, 'GET', '/api/traces?limit=1')).status === 200, 60000);
  const dir = path.join(FIXTURES, 'prompt-links');
  for (const file of fs.readdirSync(dir).filter((f) => /^\d{3}-/.test(f)).sort()) {
    const signal = file.includes('-logs.') ? 'logs' : 'traces';
    const res = await request(port, 'POST', `/v1/${signal}`, fs.readFileSync(path.join(dir, file)), file.endsWith('.json') ? 'application/json' : 'application/x-protobuf');
    if (res.status !== 200) throw new Error(`POST ${file} -> ${res.status} ${res.body}`);
  }
  log('fixture traces posted');

  // The summarize call: its single user message came from prompts/summarize.txt.
  const declared = expected.calls['support.summarize'][0];
  const pane = await showTracesView(page);
  await pane.locator('.monaco-list-row', { hasText: 'support.summarize' }).first().click();
  let frame = await webviewFrame(page, '.tl-app', 'the trace panel webview');
  await frame.locator('.tl-row', { hasText: 'chat gpt-4o-mini' }).first().click();
  const link = frame.locator('.tl-source-link').first();
  await link.waitFor({ timeout: 20000 });
  const label = (await link.textContent()).trim();
  const want = `${declared.path}:${declared.startLine}–${declared.endLine}`;
  if (label !== want) throw new Error(`message link reads "${label}", the ground truth says "${want}"`);
  await screenshot(page, 'prompt-links-panel');
  await link.click();
  await page.locator('.tab.active', { hasText: 'summarize.txt' }).waitFor({ timeout: 15000 });
  // The status bar reports the selection: the declared lines, whole.
  const status = await waitFor('the selection in the status bar', async () => {
    const text = await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().textContent().catch(() => '');
    return /selected/.test(text) ? text : null;
  }, 15000);
  const endLine = Number(/Ln (\d+)/.exec(status)[1]);
  if (endLine !== declared.endLine) throw new Error(`selection ends on line ${endLine}, want ${declared.endLine} (${status})`);
  log(`message link opened ${want} with the lines selected (${status.trim()})`);

  // The same from the support answer's system message: CodeLens above the template and the
  // values this run gave {{product}} and {{tone}} (declared in src/app/support.ts) beside them.
  await showTracesView(page);
  await pane.locator('.monaco-list-row', { hasText: 'support.answer' }).first().click();
  frame = await webviewFrame(page, '.tl-app', 'the trace panel webview');
  await waitFor('the support.answer trace in the panel', async () => (await frame.locator('.tl-row', { hasText: 'support.answer' }).count()) > 0, 20000);
  await frame.locator('.tl-row', { hasText: 'chat gpt-4o-mini' }).first().click();
  const systemLink = frame.locator('.tl-source-link', { hasText: 'prompts/support/system.md' }).first();
  await systemLink.waitFor({ timeout: 20000 });
  await systemLink.click();
  await page.locator('.tab.active', { hasText: 'system.md' }).waitFor({ timeout: 15000 });
  // The values are `after` decorations: VS Code puts their text in a CSS rule (spaces escaped).
  const decorationCss = () => page.evaluate(() => [...document.styleSheets].flatMap((sheet) => {
    try {
      return [...sheet.cssRules].map((rule) => rule.cssText);
    } catch {
      return [];
    }
  }).join('\n'));
  await waitFor('the placeholder values', async () => {
    const css = await decorationCss();
    return /Acme.{0,8}Prime/.test(css) && /warm,.{0,8}concise/.test(css);
  }, 20000);
  await waitFor('CodeLens above system.md', async () => (await page.locator('.codelens-decoration', { hasText: 'Tracelight: 1 call' }).count()) === 1, 30000);
  await page.mouse.click(700, 600);
  await screenshot(page, 'prompt-links-codelens');
  log('system.md shows CodeLens and the values of {{product}} and {{tone}}');

  // CodeLens over the TypeScript constants: one per template the ground truth names, TONE_GUIDE
  // used by two calls.
  const declaredRanges = new Set(Object.values(expected.calls).flat().filter((s) => s && s.path === 'src/prompts/constants.ts').map((s) => s.startLine));
  await quickOpen(page, 'src/prompts/constants.ts');
  await page.locator('.tab.active', { hasText: 'constants.ts' }).waitFor({ timeout: 15000 });
  const lens = page.locator('.codelens-decoration', { hasText: 'Tracelight:' });
  await waitFor('CodeLens above the templates', async () => (await lens.count()) === declaredRanges.size, 30000);
  const titles = await lens.allTextContents();
  log(`CodeLens: ${titles.join(' | ')}`);
  if (!titles.some((t) => /Tracelight: 2 calls/.test(t))) throw new Error('TONE_GUIDE was used by two calls');
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
});
