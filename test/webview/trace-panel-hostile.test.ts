/**
 * Telemetry is untrusted: markup, script, event handlers, javascript: links, huge strings and lone
 * surrogates must render inert and visible as text. Checked structurally (no element was created
 * from content, no script ran), not only by relying on the CSP.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPanel, type Browser } from './harness';
import { MemoryEngine } from './memory-engine';
import { HOSTILE, hostileTrace } from './sample-traces';
import { clickRow, until, waitForDetail } from './page-helpers';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('hostile content renders as text, creates no elements and runs nothing', async () => {
  const engine = new MemoryEngine();
  const trace = hostileTrace();
  engine.add(trace);
  const panel = await openPanel(browser, { engine, traceId: trace.traceId });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  // The root's name is markup: shown verbatim in the tree and the header.
  const rootName = trace.spans![0].name;
  assert.equal(await page.locator('.tl-row .tl-span-name').first().textContent(), rootName);
  assert.equal(await page.locator('.tl-header h1').textContent(), rootName);
  await waitForDetail(page, rootName);
  assert.ok((await page.locator('.tl-attr-table').first().innerText()).includes(HOSTILE.script), 'attribute value visible as text');

  await clickRow(page, 'chat hostile');
  await waitForDetail(page, 'chat hostile');
  for (const mode of ['Rendered', 'Raw']) {
    await page.getByRole('button', { name: mode, exact: true }).click();
    const input = await page.locator('.tl-message').first().innerText();
    for (const text of [HOSTILE.script, HOSTILE.img, HOSTILE.svg]) assert.ok(input.includes(text), `${mode}: "${text}" visible as text`);
    assert.ok(input.includes('<i>user</i>'), 'a role made of markup is text');
    // Nothing in the panel came from content: no script, image, svg, iframe or object elements,
    // no inline event handlers anywhere, and no javascript: link.
    const found = await page.evaluate(`(() => ({
      elements: document.querySelectorAll('#root script, #root img, #root svg, #root iframe, #root object, #root embed, #root b, #root i').length,
      handlers: [...document.querySelectorAll('#root *')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      jsLinks: [...document.querySelectorAll('#root a')].filter((a) => !/^(https?:|mailto:)/i.test(a.getAttribute('href') || '')).length,
      pwned: window.__pwned ?? null,
    }))()`);
    assert.deepEqual(found, { elements: 0, handlers: 0, jsLinks: 0, pwned: null }, mode);
  }
  // Rendered Markdown keeps the javascript: link as visible text, not a link.
  await page.getByRole('button', { name: 'Rendered', exact: true }).click();
  const unsafe = page.locator('.tl-unsafe-link').first();
  assert.equal(await unsafe.textContent(), HOSTILE.link);
  await unsafe.click();
  // The lone surrogates arrive and show (as replacement glyphs or as they are) without breaking the text around them.
  assert.ok((await page.locator('.tl-message').first().innerText()).includes('pair'), 'text around lone surrogates is intact');
  const arrived = await page.evaluate(`[...document.querySelectorAll('.tl-message pre, .tl-message p')].some((el) => el.textContent.includes('broken \\uD800 pair \\uDC00 end'))`);
  assert.equal(arrived, true, 'the exact string with lone surrogates is in the DOM');
  // The 1 MB output is cut to a preview that shows more a page at a time.
  const showAll = page.locator('.tl-show-all', { hasText: /^Show / }).first();
  assert.match((await showAll.textContent())!, /Show 100,000 more of [\d,]+ characters/);
  await showAll.click();
  await page.locator('.tl-show-all', { hasText: 'Show less' }).first().waitFor();
  // The stack trace's javascript: "frame" is not offered as a file to open... and clicking the
  // ones that are offered only sends a request the host checks.
  const frames = await page.locator('.tl-frame-link').allTextContents();
  assert.ok(frames.every((f) => !f.startsWith('javascript:')), JSON.stringify(frames));
  assert.equal(await page.evaluate('window.__pwned ?? null'), null);
  assert.deepEqual(panel.errors, []);
  assert.deepEqual(panel.rejected, []);
  await until(async () => (await page.locator('.tl-detail').count()) === 1, 'the panel still answers');
  await panel.close();
});
