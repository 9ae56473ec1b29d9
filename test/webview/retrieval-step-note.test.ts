/**
 * A retrieval step selected alone whose search for the consuming model call stopped early
 * (`retrieval.answerSearch`, see retrieval-step-read.ts) says so in the span detail, in words, and
 * a step without it says nothing of the kind: the real bundle in Chromium, the real host session.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { launchBrowser, openPanel, REPO_ROOT, type Browser } from './harness';
import { MemoryEngine } from './memory-engine';
import { ragTrace } from './sample-traces';
import { clickRow, detailText, waitForDetail } from './page-helpers';

let browser: Browser;
const engine = new MemoryEngine();
const rag = ragTrace();
// As the store reads a step alone when none of the 250 calls after it holds its documents.
const step = rag.spans!.find((s) => s.name === 'retrieval docs-index')!;
step.retrieval = { ...step.retrieval!, answerSearch: { stoppedAfterCalls: 250 } };
delete step.retrieval.answerSpanId;
engine.add(rag);

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a step whose consumer search stopped says how far it searched; a rerank answered in full does not', async () => {
  const panel = await openPanel(browser, { engine, traceId: rag.traceId });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  await clickRow(page, 'retrieval docs-index');
  await waitForDetail(page, 'retrieval docs-index');
  const note = await page.locator('.tl-answer-search').innerText();
  assert.match(note, /none of the 250 model calls after\s+this step was, and the search stopped there/);
  assert.ok((await detailText(page)).includes('Documents · 3'));
  await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshots', 'retrieval-answer-search.png') });
  await clickRow(page, 'rerank cohere');
  await waitForDetail(page, 'rerank cohere');
  assert.equal(await page.locator('.tl-answer-search').count(), 0);
  assert.deepEqual(panel.errors, [], 'no page errors');
  assert.deepEqual(panel.rejected, [], 'the host guard accepted every message');
  assert.deepEqual(await panel.cspViolations(), [], 'nothing was blocked by the CSP');
  await panel.close();
});
