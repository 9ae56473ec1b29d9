/**
 * Writes the screenshots of the compare panel to docs/screenshots/, from the real bundle in
 * Chromium on the compare pairs (test/fixtures/compare-pairs) through the real engine.
 *   npm run build && npm run compile-tests && node out/test/webview/compare-screenshots.js
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, REPO_ROOT } from './harness';
import { openComparePanel } from './compare-harness';
import { FixtureEngine, FIXTURES } from './fixture-engine';
import type { ThemeName } from './themes';

interface DeclaredRun { traceId: string; files: string[]; steps: Record<string, string> }
const intent = JSON.parse(readFileSync(path.join(FIXTURES, 'compare-pairs', 'intent.json'), 'utf8')) as { pairs: Array<{ name: string; a: DeclaredRun; b: DeclaredRun }> };

const scenes: Array<{ pair: string; select: string; selectA?: string; theme: ThemeName }> = [
  { pair: 'system-prompt', select: 'chat3', theme: 'dark' },
  { pair: 'parallel-tools', select: 'chat2', selectA: 'chat3', theme: 'light' },
  { pair: 'knowledge-base', select: 'retrieve', theme: 'dark' },
  { pair: 'failing-tool', select: 'tool:track_shipment', theme: 'dark' },
];

async function main(): Promise<void> {
  const out = path.join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const engine = await FixtureEngine.create();
  await engine.importFixtures(...intent.pairs.flatMap((p) => [...p.a.files, ...p.b.files]).map((f) => `compare-pairs/${f}`));
  const browser = await launchBrowser();
  try {
    for (const scene of scenes) {
      const pair = intent.pairs.find((p) => p.name === scene.pair)!;
      const spanB = pair.b.steps[scene.select];
      const panel = await openComparePanel(browser, {
        engine, traceIdA: pair.a.traceId, traceIdB: pair.b.traceId, theme: scene.theme, viewport: { width: 1400, height: 820 },
        state: { traceIdA: pair.a.traceId, traceIdB: pair.b.traceId, selected: { a: pair.a.steps[scene.selectA ?? scene.select] ?? null, b: spanB } },
      });
      await panel.page.waitForSelector('.tl-pair-figures');
      await panel.page.locator('.tl-rows').focus();
      const file = path.join(out, `compare-panel-${scene.pair}-${scene.theme}.png`);
      await panel.page.screenshot({ path: file });
      console.log(file);
      await panel.close();
    }
  } finally {
    await browser.close();
    await engine.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
