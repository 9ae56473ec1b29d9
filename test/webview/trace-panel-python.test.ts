/**
 * The trace panel on Python payloads (test/fixtures/python-*, captured from the real libraries):
 * one model call recorded by LangChain's and OpenAI's instrumentors says so on both spans; the
 * "content not captured" notice names the switch of the library that produced the span, and says
 * nothing on a failed call. Writes docs/screenshots/python-duplicate-call.png and
 * python-content-not-captured.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { launchBrowser, openPanel, type Browser } from './harness';
import { FixtureEngine } from './fixture-engine';
import { clickRow, detailText, until, waitForDetail } from './page-helpers';

let browser: Browser;
let engine: FixtureEngine;

/** The trace of one fixture file (each Python scenario is its own file and trace). */
async function traceOf(file: string, ...logs: string[]): Promise<string> {
  const before = new Set((await engine.call('listTraces', { limit: 1000 })).traces.map((t) => t.traceId));
  await engine.importFixtures(file, ...logs);
  const added = (await engine.call('listTraces', { limit: 1000 })).traces.filter((t) => !before.has(t.traceId));
  assert.equal(added.length, 1, file);
  return added[0].traceId;
}

before(async () => {
  browser = await launchBrowser();
  engine = await FixtureEngine.create();
});
after(async () => {
  await browser?.close();
  await engine?.dispose();
});

test('LangChain + OpenAI instrumentors: both spans of a call say they are one call, and link to each other', async () => {
  const traceId = await traceOf('python-openinference/011-traces.pb');
  const summary = (await engine.call('listTraces', { limit: 1000 })).traces.find((t) => t.traceId === traceId)!;
  // The fake server reported 21 prompt and 7 completion tokens for this one call (ground-truth.json).
  assert.deepEqual([summary.usage.inputTokens, summary.usage.outputTokens], [21, 7]);
  const panel = await openPanel(browser, { engine, traceId, viewport: { width: 1200, height: 900 } });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  await clickRow(page, 'ChatOpenAI');
  await waitForDetail(page, 'ChatOpenAI');
  await page.locator('.tl-same-call').waitFor();
  assert.match(await detailText(page), /Also recorded by ChatCompletion \(another instrumentation\)/);
  await page.screenshot({ path: path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots', 'python-duplicate-call.png') });
  await page.locator('.tl-same-call .tl-span-link').click();
  await until(async () => (await detailText(page)).includes('The same model call as ChatOpenAI'), 'the duplicate span');
  assert.deepEqual(panel.errors, []);
  await panel.close();
});

test('content not captured: the OpenLLMetry switch for an OpenLLMetry span; no notice on a failed call', async () => {
  const off = await openPanel(browser, { engine, traceId: await traceOf('python-openllmetry/006-traces.pb') });
  await off.page.waitForSelector('.tl-row');
  await clickRow(off.page, 'openai.chat');
  await waitForDetail(off.page, 'openai.chat');
  const text = await detailText(off.page);
  assert.match(text, /OpenLLMetry did not record message content/);
  assert.match(text, /TRACELOOP_TRACE_CONTENT=true/);
  assert.doesNotMatch(text, /OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT/);
  await off.page.screenshot({ path: path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots', 'python-content-not-captured.png') });
  await off.close();

  const failed = await openPanel(browser, { engine, traceId: await traceOf('python-pydantic-ai/010-traces.pb') });
  await failed.page.waitForSelector('.tl-row');
  await clickRow(failed.page, 'chat gpt-error-model');
  await waitForDetail(failed.page, 'chat gpt-error-model');
  const error = await detailText(failed.page);
  assert.match(error, /ModelHTTPError/);
  assert.doesNotMatch(error, /did not record message content/);
  await failed.close();
});
