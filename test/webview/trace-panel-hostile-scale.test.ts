/**
 * Hostile and oversized traces (test/factories/hostile-traces.ts, made by the real SDK) through
 * the real engine into the panel: they must read truthfully (no spoofed text, no vanished names,
 * no false "Copied"), stay inert, and open and select within loose budgets (the benchmark measures
 * the real figures; these only catch a return to seconds).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchBrowser, openPanel, REPO_ROOT, type Browser } from './harness';
import { FixtureEngine } from './fixture-engine';
import { clickRow, until } from './page-helpers';
import * as hostile from '../factories/hostile-traces';

let browser: Browser;
let engine: FixtureEngine;
const dir = mkdtempSync(path.join(tmpdir(), 'tl-hostile-'));
/** Loose: several times the target, so a shared CI machine does not fail it, a regression does. */
const LOOSE_MS = 3_000;
/** The longest task a page may run (target 200 ms; five times that, for the same reason). */
const LOOSE_TASK_MS = 1_000;

/** Records every long task (main-thread work over 50 ms) of a page from its first script on. */
const WATCH_LONG_TASKS = `window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });`;

async function load(name: string, payload: Uint8Array): Promise<void> {
  const file = path.join(dir, `${name}.pb`);
  writeFileSync(file, payload);
  const [result] = await engine.engine.importFiles([file]);
  assert.ok(result?.ok, `${name}: ${result?.error}`);
}

before(async () => {
  browser = await launchBrowser();
  engine = await FixtureEngine.create();
  await load('spoofing', hostile.spoofingTrace());
  await load('degenerate', hostile.degenerateTrace());
  await load('deep', hostile.deepChainTrace(10_000));
  await load('wide-span', hostile.wideSpanTrace());
  await load('huge', hostile.hugeValuesTrace(10));
  await load('frames', hostile.hostileFramesTrace());
});
after(async () => {
  await browser?.close();
  await engine?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function timed<T>(what: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  const value = await what();
  return { value, ms: Date.now() - t0 };
}

test('a link in rendered content is opened by VS Code through the host, never by the webview', async () => {
  const panel = await openPanel(browser, { engine, traceId: await engine.traceIdByName(hostile.SPOOFS.fileName), viewport: { width: 1280, height: 760 } });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  await clickRow(page, `chat ${hostile.SPOOFS.lookAlikeHost}`);
  const link = page.locator('.tl-message a', { hasText: 'the bill' });
  await link.click();
  await until(() => panel.externalLinks.length === 1, 'the link sent to the host');
  assert.equal(panel.externalLinks[0], `https://${hostile.SPOOFS.lookAlikeHost}/bill`);
  assert.match(page.url(), /panel\.html/, 'the webview did not navigate');
  await panel.close();
});

test('bidi overrides, zero-width characters and look-alikes are shown, not obeyed', async () => {
  const panel = await openPanel(browser, { engine, traceId: await engine.traceIdByName(hostile.SPOOFS.fileName), viewport: { width: 1280, height: 760 } });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  const header = await page.locator('.tl-header h1').innerText();
  assert.equal(header, 'invoice_⟨U+202E⟩fdp.exe', 'the override is an escape in the header');
  const rowText = await page.locator('.tl-row .tl-span-name').first().innerText();
  assert.equal(rowText, 'invoice_⟨U+202E⟩fdp.exe');
  // Every hidden character in the tree and the detail is a marked escape with its name.
  const escapes = await page.locator('.tl-hidden-char').evaluateAll((els) => els.map((e) => (e as unknown as { title: string }).title));
  assert.ok(escapes.includes('U+202E RIGHT-TO-LEFT OVERRIDE'), JSON.stringify(escapes));
  await clickRow(page, `chat ${hostile.SPOOFS.lookAlikeHost}`);
  await page.locator('.tl-message').first().waitFor();
  // The look-alike host in the span name and in the link is flagged.
  assert.match((await page.locator('.tl-detail-title .tl-look-alike').getAttribute('title'))!, /mixes Latin with Cyrillic/);
  assert.equal(await page.locator('.tl-message a .tl-look-alike').count(), 1);
  const message = await page.locator('.tl-message').first().innerText();
  assert.ok(message.includes('pay⟨U+200B⟩pal.com'), message);
  assert.ok(message.includes('approved ⟨U+2066⟩⟨U+202E⟩evil⟨U+2069⟩ payment'), message);
  // Each string is its own bidi isolate: nothing spills into the text around it.
  const isolated = await page.evaluate(`getComputedStyle(document.querySelector('.tl-message .tl-markdown > *, .tl-message pre')).unicodeBidi`);
  assert.equal(isolated, 'isolate');
  await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'hostile-bidi.png') }).catch(() => undefined);
  assert.deepEqual(panel.errors, []);
  assert.deepEqual(await panel.cspViolations(), []);
  await panel.close();
});

test('a 10,000-deep chain opens fast, and its deepest rows keep name, twisty and depth', async () => {
  const traceId = await engine.traceIdByName('step 0');
  await browser.context.addInitScript(WATCH_LONG_TASKS);
  const opened = await timed(async () => {
    const panel = await openPanel(browser, { engine, traceId, viewport: { width: 1280, height: 760 } });
    await panel.page.waitForSelector('.tl-row');
    return panel;
  });
  const { page } = opened.value;
  assert.ok(opened.ms < LOOSE_MS * 2, `opened in ${opened.ms} ms`);
  await page.locator('.tl-rows').focus();
  await page.keyboard.press('End');
  await until(async () => (await page.locator('.tl-row[aria-selected="true"] .tl-span-name').textContent()) === 'step 9999', 'the deepest row selected');
  const deepest = page.locator('.tl-row[aria-selected="true"]');
  assert.ok((await deepest.locator('.tl-span-name').boundingBox())!.width > 20, 'the name is visible, not pushed out');
  assert.equal(await deepest.locator('.tl-depth').innerText(), 'depth 9999');
  // Opening, walking to the end and selecting the deepest span never held the page long.
  const longest = Math.max(0, ...((await page.evaluate('window.__longTasks')) as number[]));
  assert.ok(longest < LOOSE_TASK_MS, `longest task ${longest} ms`);
  await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'hostile-deep-chain.png') }).catch(() => undefined);
  assert.deepEqual(opened.value.errors, []);
  await opened.value.close();
});

test('empty, huge and far-off names and times read truthfully', async () => {
  const { traces } = await engine.call('listTraces', { limit: 100 });
  const degenerate = traces.find((t) => t.service === 'hostile-degenerate')!;
  const panel = await openPanel(browser, { engine, traceId: degenerate.traceId, viewport: { width: 1280, height: 760 } });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  assert.equal(await page.locator('.tl-header h1').innerText(), '(unnamed)', 'an empty root name is a placeholder, not "(no spans yet)"');
  assert.match(await page.locator('.tl-header').innerText(), /1 span outside the time axis/);
  // The normal spans are drawn to scale: wider than a sliver.
  const normal = page.locator('.tl-row', { hasText: 'normal 0' }).locator('.tl-bar');
  assert.ok((await normal.boundingBox())!.width > 20, 'normal spans are not slivers');
  assert.match(await page.locator('.tl-row', { hasText: 'clock from the future' }).innerText(), /starts 330 y later/);
  // The 100,000-character name is cut in the detail title, with its length said.
  await page.locator('.tl-row .tl-span-name').nth(5).click();
  const title = await page.locator('.tl-detail-title').innerText();
  assert.ok(title.length < 400 && title.includes('100,000 characters'), title.slice(0, 80));
  // An empty attribute value has a placeholder (the SDK refuses empty keys; OTLP JSON tests cover those).
  await page.locator('.tl-row').first().click();
  await until(async () => (await page.locator('.tl-attr-table tr', { hasText: 'empty.value' }).locator('.tl-placeholder', { hasText: '(empty)' }).count()) === 1, 'the empty value placeholder');
  assert.deepEqual(panel.errors, []);
  await panel.close();
});

test('a span with 10,000 attributes and events selects fast and keeps the DOM small', async () => {
  const panel = await openPanel(browser, { engine, traceId: await engine.traceIdByName('wide root'), viewport: { width: 1280, height: 760 } });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  const selected = await timed(async () => {
    await clickRow(page, 'wide span');
    await page.locator('.tl-attr-table').first().waitFor();
  });
  assert.ok(selected.ms < LOOSE_MS, `selected in ${selected.ms} ms`);
  assert.equal(await page.locator('.tl-attr-table').first().locator('tr').count(), 200);
  await page.locator('.tl-show-more', { hasText: /more of 10,00\d attributes/ }).click();
  assert.equal(await page.locator('.tl-attr-table').first().locator('tr').count(), 400);
  await page.locator('summary', { hasText: 'Events' }).click();
  assert.equal(await page.locator('.tl-events > li').count(), 100);
  assert.ok((await page.evaluate('document.querySelectorAll("*").length')) as number < 10_000, 'DOM stays small');
  assert.deepEqual(panel.errors, []);
  await panel.close();
});

test('a 10 MB tool result reaches the panel clipped, shows in pages, and opens whole as JSON', async () => {
  const panel = await openPanel(browser, { engine, traceId: await engine.traceIdByName('huge values'), viewport: { width: 1280, height: 760 } });
  const { page } = panel;
  await page.waitForSelector('.tl-row');
  await clickRow(page, 'execute_tool dump');
  // Only a clipped value travels to the webview; the note says how much is left out and where.
  const sent = panel.toWebview.filter((m) => m.type === 'spanDetail').map((m) => JSON.stringify(m).length);
  assert.ok(Math.max(...sent) < 2_000_000, `largest span detail message: ${Math.max(...sent)} characters`);
  const more = page.locator('.tl-show-all', { hasText: /Show 100,000 more of [\d,]+ characters/ }).first();
  const shown = await timed(async () => {
    await more.click();
    await page.locator('.tl-show-all', { hasText: 'Show less' }).first().waitFor();
  });
  assert.ok(shown.ms < LOOSE_MS, `a page shown in ${shown.ms} ms`);
  // Paging to the end of what was sent shows the note.
  const next = page.locator('.tl-show-all', { hasText: /^Show ([\d,]+ more|all)/ }).first();
  for (let i = 0; i < 5 && (await next.count()) > 0; i++) await next.click();
  assert.match(await page.locator('.tl-tool, .tl-detail').first().innerText(), /9,7\d\d,\d\d\d more characters not shown here: open the span in an editor/);
  // The whole span opens as JSON in an editor, the 10 MB result included.
  await page.getByRole('button', { name: 'Open as JSON' }).click();
  await until(() => panel.openedTexts.length === 1, 'the span opened in an editor');
  assert.equal(panel.openedTexts[0]!.language, 'json');
  assert.ok(JSON.parse(panel.openedTexts[0]!.content).tool.result.length === 10_000_000);
  // The 1 MB exception message is not rendered whole in the error title.
  await clickRow(page, 'chat failing');
  const errorTitle = await page.locator('.tl-error-box').first().innerText();
  assert.ok(errorTitle.length < 20_000, `error section: ${errorTitle.length} characters`);
  assert.deepEqual(panel.errors, []);
  await panel.close();
});

test('stack "frames" that are commands or ANSI escapes are not links; thousands of frames are capped', async () => {
  const panel = await openPanel(browser, { engine, traceId: await engine.traceIdByName('frames'), viewport: { width: 1280, height: 760 } });
  const { page } = panel;
  await page.locator('.tl-error-box').first().waitFor();
  const links = await page.locator('.tl-frame-link').allTextContents();
  assert.ok(links.length <= 200, `${links.length} frame links`);
  assert.ok(links.some((l) => l.startsWith('src/app.ts')), JSON.stringify(links.slice(0, 3)));
  assert.ok(links.every((l) => !/command:|workbench|0m\.js|vscode:/.test(l)), JSON.stringify(links.filter((l) => /command|0m/.test(l))));
  await panel.close();
});
