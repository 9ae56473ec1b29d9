/**
 * Writes the README screenshots of the trace panel (agent, RAG and error traces, dark and light)
 * to docs/screenshots/, from the real bundle in Chromium with VS Code's theme variables.
 *   npm run build && npm run compile-tests && node out/test/webview/screenshots.js
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, openPanel, REPO_ROOT } from './harness';
import { MemoryEngine } from './memory-engine';
import { agentTrace, errorTrace, ragTrace } from './sample-traces';
import { clickRow, waitForDetail } from './page-helpers';
import type { ThemeName } from './themes';

const scenes = [
  { name: 'agent', trace: agentTrace(), select: 'chat o4-mini', nth: 1 },
  { name: 'rag', trace: ragTrace(), select: 'retrieval docs-index', nth: 0 },
  { name: 'error', trace: errorTrace(), select: 'chat gpt-error', nth: 0 },
];

async function main(): Promise<void> {
  const out = path.join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const engine = new MemoryEngine();
  for (const s of scenes) engine.add(s.trace);
  const browser = await launchBrowser();
  try {
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      for (const scene of scenes) {
        const panel = await openPanel(browser, { engine, traceId: scene.trace.traceId, theme, viewport: { width: 1280, height: 760 } });
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
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
