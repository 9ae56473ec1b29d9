/**
 * The trace panel on real telemetry: every captured fixture (test/fixtures/, produced by the real
 * instrumentation libraries and exporters) goes through the real engine (decode → normalize →
 * store), and the panel must open each trace and show each span's detail without an error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { launchBrowser, openPanel, type Browser } from './harness';
import { FixtureEngine, FIXTURES } from './fixture-engine';
import { clickRow, detailText, selectedRowName, until, waitForDetail } from './page-helpers';

let browser: Browser;
let engine: FixtureEngine;

before(async () => {
  browser = await launchBrowser();
  engine = await FixtureEngine.create();
  const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
  // Some hand-built fixtures are broken on purpose (not JSON, truncated); the rest must import.
  const results = await engine.engine.importFiles(manifest.files.map((f) => path.join(FIXTURES, f.path)));
  assert.ok(results.filter((r) => r.ok).length >= 60, 'the fixtures imported');
});
after(async () => {
  await browser?.close();
  await engine?.dispose();
});

test('every captured trace opens, and every span shows its detail', async () => {
  const { traces } = await engine.call('listTraces', { limit: 1000 });
  assert.ok(traces.length >= 20, `traces: ${traces.length}`);
  let spansSeen = 0;
  for (const trace of traces) {
    const rows = await engine.call('getSpanRows', { traceId: trace.traceId });
    const panel = await openPanel(browser, { engine, traceId: trace.traceId, viewport: { width: 1200, height: 2400 } });
    const { page } = panel;
    const where = `${trace.name} (${trace.traceId})`;
    await page.waitForSelector(rows.length ? '.tl-row' : '.tl-empty');
    // Every span is in the tree: malformed trees (missing parents, cycles) lose nothing.
    assert.match(await page.locator('.tl-name-head').innerText(), new RegExp(`\\(${rows.length.toLocaleString('en-US')} shown\\)`), where);
    await page.locator('.tl-rows').focus().catch(() => undefined);
    for (let i = 0; i < rows.length; i++) {
      await page.keyboard.press(i === 0 ? 'Home' : 'ArrowDown');
      const name = (await selectedRowName(page)) ?? '';
      await waitForDetail(page, name);
      spansSeen++;
    }
    assert.deepEqual(panel.errors, [], where);
    assert.deepEqual(panel.rejected, [], where);
    assert.deepEqual(await panel.cspViolations(), [], where);
    await panel.close();
  }
  assert.ok(spansSeen >= 100, `spans seen: ${spansSeen}`);
});

test('OTel GenAI agent (SDK-made spans): conversation, tool call links and token usage from real data', async () => {
  const traceId = await engine.traceIdByName('invoke_agent weather-agent');
  const panel = await openPanel(browser, { engine, traceId });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  await clickRow(page, 'execute_tool get_weather');
  await waitForDetail(page, 'execute_tool get_weather');
  await page.locator('.tl-span-link').first().waitFor();
  const tool = await detailText(page);
  assert.match(tool, /requested by chat o4-mini/);
  assert.match(tool, /result used by chat o4-mini/);
  assert.match(tool, /"city": "Paris"/);
  await page.locator('tr', { hasText: 'result used by' }).locator('.tl-span-link').click();
  await until(async () => (await detailText(page)).includes('tool result'), 'the answering model call');
  const answer = await detailText(page);
  assert.match(answer, /Input · \d+ messages/);
  assert.match(answer, /cache read/);
  assert.deepEqual(panel.errors, []);
  await panel.close();
});

test('OTel GenAI error: the exception stack has clickable frames; RAG: retrieved documents with scores', async () => {
  const errorPanel = await openPanel(browser, { engine, traceId: await engine.traceIdByName('invoke_agent flaky-agent') });
  await errorPanel.page.waitForSelector('.tl-row');
  await clickRow(errorPanel.page, 'chat gpt-error');
  await waitForDetail(errorPanel.page, 'chat gpt-error');
  assert.match(await detailText(errorPanel.page), /InternalServerError/);
  const frame = errorPanel.page.locator('.tl-frame-link', { hasText: 'genai-calls.mjs' }).first();
  await frame.focus();
  await errorPanel.page.keyboard.press('Enter');
  await until(() => errorPanel.opened.length === 1, 'openLocation from the keyboard');
  assert.match(errorPanel.opened[0].file, /^file:\/\/.*genai-calls\.mjs$/);
  assert.ok(errorPanel.opened[0].line && errorPanel.opened[0].line > 0);
  await errorPanel.close();

  const ragPanel = await openPanel(browser, { engine, traceId: await engine.traceIdByName('invoke_workflow answer-question') });
  await ragPanel.page.waitForSelector('.tl-row');
  await clickRow(ragPanel.page, 'retrieval docs-index');
  await waitForDetail(ragPanel.page, 'retrieval docs-index');
  const docs = await ragPanel.page.locator('.tl-doc summary').allInnerTexts();
  assert.equal(docs.length, 2);
  assert.match(docs[0], /#1\s+doc-2\s+0\.5623/);
  await ragPanel.close();
});
