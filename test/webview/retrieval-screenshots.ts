/**
 * Screenshots of the retrieval inspector on the captured RAG pipelines (test/fixtures/retrieval),
 * from the real bundle in Chromium, to docs/screenshots/:
 *   npm run build && npm run compile-tests && node out/test/webview/retrieval-screenshots.js
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, REPO_ROOT } from './harness';
import { FixtureEngine } from './fixture-engine';
import { openRetrievalPanel } from './retrieval-harness';
import type { ThemeName } from './themes';

const scenes = [
  { name: 'rerank', file: 'retrieval/002-traces.pb', kind: 'rerank', open: 'kb-warranty' },
  { name: 'injection', file: 'retrieval/003-traces.pb', kind: 'retrieval', open: 'kb-canada' },
];

async function main(): Promise<void> {
  const out = path.join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const browser = await launchBrowser();
  try {
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      for (const scene of scenes) {
        const engine = await FixtureEngine.create();
        await engine.importFixtures(scene.file);
        const { traces } = await engine.call('listTraces', { limit: 10 });
        const doc = await engine.call('getTraceJson', { traceIds: traces.map((t) => t.traceId) });
        const trace = doc.traces[0];
        const span = trace.spans!.find((s) => s.kind === scene.kind)!;
        const panel = await openRetrievalPanel(browser, { engine, traceId: trace.traceId, spanId: span.spanId, theme, viewport: { width: 1400, height: 900 } });
        await panel.page.waitForSelector('.rt-row');
        await panel.page.locator(`.rt-row[data-identity="id:${scene.open}"] .rt-toggle`).click();
        await panel.page.locator(`.rt-row[data-identity="id:${scene.open}"] .rt-row-head`).click();
        const file = path.join(out, `retrieval-${scene.name}-${theme}.png`);
        await panel.page.screenshot({ path: file, fullPage: true });
        console.log(file);
        await panel.close();
        await engine.dispose();
      }
    }
  } finally {
    await browser.close();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
