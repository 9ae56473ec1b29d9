/**
 * Writes the cost panel's screenshots (dark and light) to docs/screenshots/, from the real bundle in
 * Chromium over 1,200 generated runs in the real engine.
 *   npm run build && npm run compile-tests && node out/test/webview/cost-screenshots.js
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, REPO_ROOT } from './harness';
import { openCostPanel } from './cost-harness';
import { FixtureEngine } from './fixture-engine';
import { costRuns } from './cost-traces';
import type { ThemeName } from './themes';

async function main(): Promise<void> {
  const out = path.join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const engine = await FixtureEngine.create();
  for (const spans of costRuns({ now: Date.now(), runs: 1200, spreadMs: 50 * 60_000, unpriced: true, spike: true })) engine.engine.ingestSpans(spans);
  const browser = await launchBrowser();
  try {
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      const hour = (await engine.call('costReport', { window: '1h' })).totals.costUsd;
      const panel = await openCostPanel(browser, { engine, theme, viewport: { width: 1280, height: 2000 }, budget: { limitUsd: Math.ceil(hour * 1.15), window: '1h' }, state: { key: 'cost', window: '1h' } });
      await panel.page.waitForSelector('.tl-cost-chart canvas');
      await panel.page.selectOption('select[aria-label="Model to re-price with"]', 'gpt-4o-mini');
      await panel.page.locator('.tl-cost-whatif button', { hasText: 'This window' }).click();
      await panel.page.waitForSelector('.tl-whatif-result');
      const file = path.join(out, `cost-panel-${theme}.png`);
      // The panel scrolls inside its own box: a viewport as tall as the page paints all of it.
      await panel.page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await panel.close();
    }
  } finally {
    await browser.close();
    await engine.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
