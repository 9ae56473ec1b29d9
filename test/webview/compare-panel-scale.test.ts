/**
 * The compare panel with hostile text and with two 10,000-step runs: telemetry is rendered as
 * text (never markup), and only the rows in view are in the DOM.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chatSpan, jsonSpan, text, toolSpan, traceJson } from '../factories/trace-json';
import { launchBrowser, type Browser } from './harness';
import { openComparePanel } from './compare-harness';
import { MemoryEngine } from './memory-engine';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('hostile message text is shown as text in the word diff, never run or parsed as markup', async () => {
  const engine = new MemoryEngine();
  const run = (answer: string) => {
    const root = jsonSpan({ name: '<img src=x onerror="window.__pwned=1">', kind: 'agent' });
    return traceJson([root, chatSpan(root, { input: { messages: [text('user', '<script>window.__pwned=2</script> hi')] }, answer })]);
  };
  const a = run('<b>bold</b> answer');
  const b = run('<iframe src="javascript:alert(1)"></iframe> answer');
  engine.add(a);
  engine.add(b);
  const panel = await openComparePanel(browser, { engine, traceIdA: a.traceId, traceIdB: b.traceId, state: { traceIdA: a.traceId, traceIdB: b.traceId, selected: { a: a.spans![1].spanId, b: b.spans![1].spanId } } });
  await panel.page.waitForSelector('.tl-msg-changed .tl-diff-ins');
  assert.equal(await panel.page.locator('.tl-detail img, .tl-detail iframe, .tl-detail b, .tl-rows img').count(), 0);
  assert.equal(await panel.page.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined);
  // Each side read back from the word diff: everything but the inserted words is A, everything but the removed ones is B.
  const sides = await panel.page.locator('.tl-msg-changed .tl-diff').last().evaluate((pre) => {
    const parts = [...pre.children].map((span) => ({ cls: span.className, text: span.textContent ?? '' }));
    return { a: parts.filter((p) => p.cls !== 'tl-diff-ins').map((p) => p.text).join(''), b: parts.filter((p) => p.cls !== 'tl-diff-del').map((p) => p.text).join('') };
  });
  assert.deepEqual(sides, { a: '<b>bold</b> answer', b: '<iframe src="javascript:alert(1)"></iframe> answer' });
  assert.match(await panel.page.locator('.tl-cmp-row').first().innerText(), /<img src=x onerror=/);
  assert.deepEqual(panel.errors, []);
  assert.deepEqual(await panel.cspViolations(), []);
  await panel.close();
});

test('two 10,000-step runs: the panel shows the comparison within a loose budget and keeps under a hundred rows in the DOM', async () => {
  const engine = new MemoryEngine();
  const run = (extraAt: number) => {
    const root = jsonSpan({ name: 'invoke_agent big', kind: 'agent' });
    const spans = [root];
    for (let i = 0; i < 5_000; i++) {
      spans.push(chatSpan(root, { user: `step ${i}` }));
      spans.push(toolSpan(root, 'search', `{"q":${i}}`, `r${i}`));
      if (i === extraAt) spans.push(toolSpan(root, 'audit', '{}', 'ok'));
    }
    return traceJson(spans);
  };
  const a = run(-1);
  const b = run(4_000);
  engine.add(a);
  engine.add(b);
  const started = Date.now();
  const panel = await openComparePanel(browser, { engine, traceIdA: a.traceId, traceIdB: b.traceId });
  await panel.page.waitForSelector('.tl-cmp-row');
  const shownMs = Date.now() - started;
  assert.ok(shownMs < 20_000, `shown after ${shownMs} ms`);
  assert.ok((await panel.page.locator('.tl-cmp-row').count()) < 100);
  // The selection starts at the first difference: the extra tool, 8,000 rows down.
  await panel.page.waitForSelector('.tl-cmp-only-b.selected');
  assert.match(await panel.page.locator('.tl-cmp-only-b.selected').innerText(), /execute_tool audit/);
  console.log(`# two 10,001-span runs compared and shown in ${shownMs} ms`);
  await panel.close();
});
