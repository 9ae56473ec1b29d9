/**
 * Writes the README screenshots of the trace panel (agent, RAG and error traces, dark and light)
 * to docs/screenshots/, from the real bundle in Chromium with VS Code's theme variables.
 *   npm run build && npm run compile-tests && node out/test/webview/screenshots.js
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, openPanel, REPO_ROOT } from './harness';
import { FixtureEngine } from './fixture-engine';
import { clickRow, waitForDetail } from './page-helpers';
import type { ThemeName } from './themes';

// Real payloads from the OTel JS SDK (test/fixtures/otel-genai-manual), through the real engine.
const scenes = [
  { name: 'agent', file: 'otel-genai-manual/001-traces.pb', root: 'invoke_agent weather-agent', select: 'chat o4-mini', nth: 1 },
  { name: 'rag', file: 'otel-genai-manual/005-traces.pb', root: 'invoke_workflow answer-question', select: 'retrieval docs-index', nth: 0 },
  { name: 'error', file: 'otel-genai-manual/009-traces.pb', root: 'invoke_agent flaky-agent', select: 'chat gpt-error', nth: 0 },
];

async function main(): Promise<void> {
  const out = path.join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const engine = await FixtureEngine.create();
  await engine.importFixtures(...scenes.map((s) => s.file));
  const browser = await launchBrowser();
  try {
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      for (const scene of scenes) {
        const panel = await openPanel(browser, { engine, traceId: await engine.traceIdByName(scene.root), theme, viewport: { width: 1280, height: 760 } });
        await panel.page.waitForSelector('.tl-row');
        await clickRow(panel.page, scene.select, scene.nth);
        await waitForDetail(panel.page, scene.select);
        if (scene.name === 'rag') await panel.page.locator('.tl-doc summary').first().click();
        await panel.page.locator('.tl-rows').focus();
        const file = path.join(out, `trace-panel-${scene.name}-${theme}.png`);
        await panel.page.screenshot({ path: file });
        console.log(file);
        await panel.close();
      }
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
