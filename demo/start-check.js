// `TRACELIGHT_START_CHECK=1 npm start`: the same install-and-launch path as `npm start`, run
// without a person. Debian's Chromium (driven by playwright-core) opens the code-server URL that
// `npm start` prints, as a user would; the check then waits for the receiver, lets start.js run the
// demo agent, waits for the demo trace in the Traces view, takes a screenshot and reports.
// CI runs it so the README's main command is tested as a user runs it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const ARTIFACTS = path.join(REPO, 'test-artifacts');
const DEMO_TRACE = 'invoke_agent support-agent';

function log(message) {
  console.log(`[start-check] ${message}`);
}

async function waitFor(what, probe, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Opens the workbench at `url` in headless Chromium; resolves to a handle for the later steps. */
async function openWorkbench(url, profileDir) {
  const { chromium } = require('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 860 },
  });
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
  log('workbench rendered');
  return { context, page };
}

/** After the demo ran: the demo trace is listed in the Traces view; screenshot it. */
async function verifyDemoTrace({ page }) {
  // demo/workspace turns on tracelight.traces.revealOnFirstTrace, so the view opens by itself.
  const row = page.locator('.monaco-list-row', { hasText: DEMO_TRACE }).first();
  await waitFor(`"${DEMO_TRACE}" in the Traces view`, async () => {
    if (await row.isVisible()) return true;
    const tab = page.locator('.activitybar [aria-label^="Tracelight"]').first();
    if (await tab.isVisible()) await tab.click();
    return false;
  }, 120000);
  log(`the Traces view lists "${DEMO_TRACE}"`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'npm-start.png');
  await page.screenshot({ path: file });
  log(`screenshot: ${path.relative(REPO, file)}`);
}

module.exports = { openWorkbench, verifyDemoTrace };
