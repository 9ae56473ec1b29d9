// Helpers for the UI specs: launch Chromium on the workbench, run palette commands, wait, post
// OTLP to the receiver, take screenshots. Used by ui/*.ui.js (this file is not a spec itself).
const { chromium } = require('playwright-core');
const http = require('node:http');
const path = require('node:path');

const t0 = Date.now();
const log = (...a) => console.log(`[ui +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

async function openWorkbench() {
  const ctx = await chromium.launchPersistentContext(process.env.CHROME_PROFILE, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 860 },
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${process.env.CS_URL}/?folder=${encodeURIComponent(process.env.WS_DIR)}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  log('workbench rendered');
  return { ctx, page, errors };
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill('>' + title);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  log(`ran "${title}" from the command palette`);
}

async function waitFor(what, probe, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try { const v = await probe(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ': ' + last.message : ''}`);
}

function request(port, method, urlPath, body, contentType = 'application/x-protobuf') {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, path: urlPath, method, timeout: 3000, headers: body ? { 'content-type': contentType } : {} }, (res) => {
      let d = ''; res.on('data', (c) => (d += c)); res.on('end', () => resolve({ status: res.statusCode, body: d }));
    });
    r.on('error', reject); r.on('timeout', () => r.destroy(new Error('timeout')));
    r.end(body ? Buffer.from(body) : undefined);
  });
}

/**
 * Shows the Traces view and returns its pane. Clicking the activity bar icon toggles the side bar,
 * and the view may open by itself (tracelight.traces.revealOnFirstTrace, on in demo/workspace) just
 * before the click, so click only while the pane is hidden, and check again after each click.
 */
async function showTracesView(page) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Traces' }) }).first();
  const tab = page.locator('.activitybar [aria-label^="Tracelight"]').first();
  await tab.waitFor({ timeout: 30000 });
  await waitFor('the Traces view', async () => {
    if (await pane.isVisible()) return true;
    await tab.click();
    await new Promise((r) => setTimeout(r, 500));
    return pane.isVisible();
  }, 30000);
  return pane;
}

/**
 * The Traces view's title as VS Code draws it: the side bar's header while Traces is the only view
 * in its container ("Tracelight: Traces :4318"), else the view's own header. `cut` is true when
 * the text does not fit and ends in an ellipsis (then a user does not see the port).
 */
async function tracesTitle(page) {
  const candidates = [page.locator('.part.sidebar .composite.title .title-label h2').first(), page.locator('.pane-header', { hasText: 'Traces' }).locator('h3.title').first()];
  for (const element of candidates) {
    if (!(await element.count()) || !(await element.isVisible())) continue;
    const { text, cut } = await element.evaluate((e) => ({ text: e.textContent.trim(), cut: e.scrollWidth > e.clientWidth }));
    if (/Traces/.test(text)) return { text, cut };
  }
  return { text: '', cut: false };
}

/** Lets the page read what VS Code wrote to the clipboard (navigator.clipboard needs the permission). */
async function allowClipboard(ctx) {
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: process.env.CS_URL });
}

const readClipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

/** The frame of the webview holding `selector` and, if given, `text` (VS Code nests webviews in two iframes). */
async function webviewFrame(page, selector, what, text) {
  return waitFor(what, async () => {
    for (const frame of page.frames()) {
      const found = await frame.$(selector).catch(() => null);
      if (found && (!text || (await found.innerText().catch(() => '')).includes(text))) return frame;
    }
    return null;
  }, 30000);
}

/**
 * Runs one spec: opens the workbench and runs `body({ ctx, page, errors })`. A failure is logged
 * and screenshotted as `<name>-failure`; Chromium is always closed (after `cleanup`), and the exit
 * code is what the runner reads.
 */
function runUiSpec(name, body, cleanup) {
  (async () => {
    const { ctx, page, errors } = await openWorkbench();
    let ok = false;
    try {
      await body({ ctx, page, errors });
      ok = true;
    } catch (e) {
      console.error('[ui] FAILED:', e.message);
      await screenshot(page, `${name}-failure`).catch(() => {});
    } finally {
      cleanup?.();
      if (errors.length) console.log('[ui] page errors:', errors.slice(0, 5));
      await ctx.close();
    }
    process.exit(ok ? 0 : 1);
  })();
}

async function screenshot(page, name) {
  const file = path.join(process.env.ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  log('screenshot ->', file);
  return file;
}

module.exports = { openWorkbench, runUiSpec, webviewFrame, runCommand, waitFor, request, screenshot, showTracesView, tracesTitle, allowClipboard, readClipboard, log };
