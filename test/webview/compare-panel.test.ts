/**
 * The compare panel on the compare pairs (real instrumented runs through the real engine): the
 * real bundle in Chromium, the host's real guard, connection and session on the other side.
 * Expected values come from the pairs' declared intent (test/fixtures/compare-pairs/intent.json).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, type Browser } from './harness';
import { openComparePanel, type ComparePage } from './compare-harness';
import { FixtureEngine, FIXTURES } from './fixture-engine';
import { until } from './page-helpers';

interface DeclaredRun { traceId: string; files: string[]; steps: Record<string, string> }
const intent = JSON.parse(readFileSync(path.join(FIXTURES, 'compare-pairs', 'intent.json'), 'utf8')) as { pairs: Array<{ name: string; a: DeclaredRun; b: DeclaredRun }> };
const pairNamed = (name: string) => intent.pairs.find((p) => p.name === name)!;
const filesOf = (run: DeclaredRun) => run.files.map((f) => `compare-pairs/${f}`);

let browser: Browser;
let engine: FixtureEngine;
before(async () => {
  browser = await launchBrowser();
  engine = await FixtureEngine.create();
  await engine.importFixtures(...intent.pairs.flatMap((p) => [...filesOf(p.a), ...filesOf(p.b)]));
});
after(async () => {
  await browser?.close();
  await engine?.dispose();
});

async function open(name: string, select?: { a?: string; b?: string }, e: FixtureEngine = engine): Promise<ComparePage> {
  const pair = pairNamed(name);
  const state = select ? { traceIdA: pair.a.traceId, traceIdB: pair.b.traceId, selected: { a: select.a ? pair.a.steps[select.a] : null, b: select.b ? pair.b.steps[select.b] : null } } : undefined;
  const panel = await openComparePanel(browser, { engine: e, traceIdA: pair.a.traceId, traceIdB: pair.b.traceId, ...(state ? { state } : {}) });
  await panel.page.waitForSelector('.tl-cmp-row');
  return panel;
}

async function assertClean(panel: ComparePage): Promise<void> {
  assert.deepEqual(panel.errors, [], 'no page errors');
  assert.deepEqual(panel.rejected, [], 'the host guard accepted every message');
  assert.deepEqual(await panel.cspViolations(), [], 'nothing was blocked by the CSP');
}

const text = async (panel: ComparePage, selector: string) => (await panel.page.locator(selector).innerText()).replace(/\s+/g, ' ');

test('system prompt changed: verdict, badges, and word diffs of the changed sign-off; Open in Diff Editor asks for that pair', async () => {
  const panel = await open('system-prompt', { a: 'chat3', b: 'chat3' });
  const pair = pairNamed('system-prompt');
  assert.match(await text(panel, '.tl-verdict'), /differs system prompt changed in 3 calls; answer changed; \+15 input tokens, \+5 output tokens/);
  assert.equal(await panel.page.locator('.tl-cmp-row').count(), 8);
  assert.equal(await panel.page.locator('.tl-cmp-changed').count(), 4, 'the agent and three model calls changed');
  await panel.page.waitForSelector('.tl-msg-changed .tl-diff-ins');
  const inserted = await panel.page.locator('.tl-diff-ins').allInnerTexts();
  const removed = await panel.page.locator('.tl-diff-del').allInnerTexts();
  assert.ok(inserted.join(' ').includes('have a bright day!'), inserted.join('|'));
  assert.ok(removed.join(' ').includes('Kind'), removed.join('|'));
  assert.match(await text(panel, '.tl-pair-detail'), /Input messages \(1 of 6 changed\).*Output messages \(1 of 1 changed\)/);
  await panel.page.getByRole('button', { name: 'Open in Diff Editor' }).click();
  await until(() => panel.diffs.length === 1, 'the diff request');
  assert.deepEqual(panel.diffs[0].a, { traceId: pair.a.traceId, spanId: pair.a.steps.chat3, name: 'chat gpt-4o-mini' });
  assert.deepEqual(panel.diffs[0].b, { traceId: pair.b.traceId, spanId: pair.b.steps.chat3, name: 'chat gpt-4o-mini' });
  await assertClean(panel);
  await panel.close();
});

test('parallel tools: the model call only in A and the tool only in B are their own rows; the keyboard moves the selection', async () => {
  const panel = await open('parallel-tools');
  const pair = pairNamed('parallel-tools');
  const onlyA = panel.page.locator('.tl-cmp-only-a');
  const onlyB = panel.page.locator('.tl-cmp-only-b');
  assert.equal(await onlyA.count(), 1);
  assert.equal(await onlyB.count(), 1);
  assert.match(await onlyB.innerText(), /execute_tool check_warranty[\s\S]*only in B/);
  await onlyB.click();
  await panel.page.waitForSelector('.tl-pair-detail .tl-banner');
  assert.match(await text(panel, '.tl-pair-detail'), /This step ran only in B\./);
  assert.equal(await panel.page.getByRole('button', { name: 'Open in Diff Editor' }).count(), 0, 'no diff of a step with one side');
  await panel.page.keyboard.press('ArrowDown');
  await until(async () => (await panel.state())?.selected?.a === pair.a.steps['tool:lookup_order'], 'the next row selected and persisted');
  const state = await panel.state();
  assert.deepEqual({ a: state?.traceIdA, b: state?.traceIdB }, { a: pair.a.traceId, b: pair.b.traceId });
  await assertClean(panel);
  await panel.close();
});

test('knowledge base changed: the retrieval row lists replaced and moved documents with both ranks and scores', async () => {
  const panel = await open('knowledge-base', { a: 'retrieve', b: 'retrieve' });
  await panel.page.waitForSelector('.tl-doc-table');
  const rows = await panel.page.$$eval('.tl-doc-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td, i) => (i === 0 ? td.querySelector('summary')?.textContent : td.textContent)).join(' | ')));
  assert.deepEqual(rows, [
    'shipping.md | 2 | 1 | 0.5491 | 0.6115 | moved 2 → 1scoretext',
    'warranty-2026.md | – | 2 | – | 0.5608 | only in B',
    'care-guide.md | 3 | 3 | 0.4813 | 0.4813 | same',
    'warranty-2025.md | 1 | – | 0.6948 | – | only in A',
  ]);
  // The rewritten document's text, word by word.
  await panel.page.locator('.tl-doc-table summary', { hasText: 'shipping.md' }).click();
  assert.ok((await panel.page.locator('.tl-doc-table .tl-diff-ins').allInnerTexts()).join(' ').includes('Where'));
  await assertClean(panel);
  await panel.close();
});

test('failing tool: status and result badges, and the error shown against run A', async () => {
  const panel = await open('failing-tool', { a: 'tool:track_shipment', b: 'tool:track_shipment' });
  const row = panel.page.locator('.tl-cmp-row.selected');
  assert.deepEqual(await row.locator('.tl-chip').allInnerTexts(), ['status', 'result']);
  await panel.page.waitForSelector('.tl-pair-figures');
  assert.match(await text(panel, '.tl-pair-detail'), /Status and error \(no error\) Error: track_shipment service unavailable \(HTTP 503\)/);
  assert.deepEqual(await panel.page.locator('.tl-pair-detail .tl-section').first().locator('.tl-diff-ins').allInnerTexts(), ['Error: track_shipment service unavailable (HTTP 503)']);
  await assertClean(panel);
  await panel.close();
});

test('only timing differs: the verdict says so and no row is marked changed', async () => {
  const panel = await open('timing');
  assert.match(await text(panel, '.tl-verdict'), /^same only timing differs \(\+/);
  assert.equal(await panel.page.locator('.tl-cmp-changed, .tl-cmp-only-a, .tl-cmp-only-b').count(), 0);
  await assertClean(panel);
  await panel.close();
});

test('live: the panel waits for run B, then compares as its spans and then its log records arrive', async () => {
  const live = await FixtureEngine.create();
  try {
    const pair = pairNamed('system-prompt');
    await live.importFixtures(...filesOf(pair.a));
    const state = { traceIdA: pair.a.traceId, traceIdB: pair.b.traceId, selected: { a: pair.a.steps.chat3, b: pair.b.steps.chat3 } };
    const panel = await openComparePanel(browser, { engine: live, traceIdA: pair.a.traceId, traceIdB: pair.b.traceId, state });
    await panel.page.waitForSelector('text=Waiting for run');
    const [traces, logs] = filesOf(pair.b);
    await live.importFixtures(traces);
    // Spans only: run B's prompts and answers (log records) have not arrived, so A's are only in A.
    await panel.page.waitForSelector('.tl-msg-changed');
    assert.deepEqual(await panel.page.locator('.tl-msg-changed .tl-chip').allInnerTexts(), Array(7).fill('only in A'));
    await live.importFixtures(logs);
    await until(async () => (await panel.page.locator('.tl-msg-changed .tl-chip').allInnerTexts()).join() === 'changed,changed', 'run B\'s messages compared');
    assert.match(await text(panel, '.tl-verdict'), /system prompt changed in 3 calls; answer changed; \+15 input tokens, \+5 output tokens/);
    await assertClean(panel);
    await panel.close();
  } finally {
    await live.dispose();
  }
});
