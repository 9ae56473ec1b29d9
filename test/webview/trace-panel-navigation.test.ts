/**
 * Search, filters, expand/collapse, keyboard navigation, live updates, persisted view state and
 * virtualization, driven through the page like a user, answered by the real host session.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPanel, rowNames, type Browser, type PanelPage } from './harness';
import { MemoryEngine } from './memory-engine';
import { agentTrace, bigTrace, spanId } from './sample-traces';
import { clickRow, detailText, selectedRowName, until, waitForDetail } from './page-helpers';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function open(engine: MemoryEngine, traceId: string, extra: Partial<Parameters<typeof openPanel>[1]> = {}): Promise<PanelPage> {
  const panel = await openPanel(browser, { engine, traceId, ...extra });
  await panel.page.waitForSelector('.tl-row');
  return panel;
}

function withAgent() {
  const engine = new MemoryEngine();
  const trace = agentTrace();
  engine.add(trace);
  return { engine, trace };
}

test('search: names match at once, content and attributes through the host; next/previous; highlights', async () => {
  const { engine, trace } = withAgent();
  const panel = await open(engine, trace.traceId);
  const { page } = panel;
  const search = page.getByLabel('Search in trace');
  // "light jacket" appears only in content (the agent's output and the last model call's answer).
  await search.fill('light jacket');
  await until(async () => (await page.locator('.tl-match-count').innerText()).includes('of 2'), 'content matches from the host');
  assert.ok(panel.fromWebview.some((m) => m.type === 'search' && m.query === 'light jacket'));
  const matched = await page.$$eval('.tl-row.search-match', (rows) => rows.map((r) => r.id));
  assert.deepEqual(matched.sort(), [`span-row-${trace.spans![0].spanId}`, `span-row-${trace.spans![4].spanId}`].sort());
  // Enter goes to the next match after the selection (the root is selected: the last call is next).
  await search.press('Enter');
  await until(async () => (await page.locator('.tl-row[aria-selected="true"]').getAttribute('id')) === `span-row-${trace.spans![4].spanId}`, 'next match selected');
  await waitForDetail(page, 'chat o4-mini');
  assert.ok((await page.locator('.tl-detail mark.tl-match').count()) >= 1, 'the match is highlighted in the detail');
  await search.press('Enter'); // wraps around to the first match
  await until(async () => (await selectedRowName(page)) === 'invoke_agent weather-agent', 'wrap to first match');
  await search.press('Shift+Enter');
  await until(async () => (await page.locator('.tl-row[aria-selected="true"]').getAttribute('id')) === `span-row-${trace.spans![4].spanId}`, 'previous match');
  // An attribute value (only on the HTTP span).
  await search.fill('api.weather.example/v1/current?city');
  await until(async () => (await page.locator('.tl-match-count').innerText()).includes('of 1'), 'attribute match');
  // A name: highlighted in the row itself.
  await search.fill('execute_tool');
  await until(async () => (await page.locator('.tl-row mark.tl-match').count()) === 1, 'name highlight');
  await search.fill('nothing-like-this');
  await until(async () => (await page.locator('.tl-match-count').innerText()) === 'no matches', 'no matches');
  assert.deepEqual(panel.rejected, []);
  await panel.close();
});

test('next match inside a collapsed subtree expands its ancestors', async () => {
  const { engine, trace } = withAgent();
  const panel = await open(engine, trace.traceId);
  const { page } = panel;
  await page.getByRole('button', { name: 'Collapse all' }).click();
  assert.deepEqual(await rowNames(page), ['invoke_agent weather-agent']);
  await page.getByLabel('Search in trace').fill('GET api.weather');
  await page.getByLabel('Search in trace').press('Enter');
  await until(async () => (await selectedRowName(page)) === 'GET api.weather.example/v1/current', 'deep match selected');
  assert.equal((await rowNames(page)).length, 5, 'the root and the tool are expanded again: every row is visible');
  await panel.close();
});

test('keyboard: arrows, home/end, left/right collapse and expand, enter toggles; ARIA state follows', async () => {
  const { engine, trace } = withAgent();
  const panel = await open(engine, trace.traceId);
  const { page } = panel;
  await page.locator('.tl-rows').focus();
  await waitForDetail(page, 'invoke_agent weather-agent');
  const tree = page.locator('.tl-rows');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selectedRowName(page), 'chat o4-mini');
  assert.equal(await tree.getAttribute('aria-activedescendant'), `span-row-${trace.spans![1].spanId}`);
  await page.keyboard.press('ArrowDown');
  assert.equal(await selectedRowName(page), 'execute_tool get_weather');
  const toolRow = page.locator(`#span-row-${trace.spans![2].spanId}`);
  assert.equal(await toolRow.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowLeft'); // collapse
  assert.equal(await toolRow.getAttribute('aria-expanded'), 'false');
  assert.equal((await rowNames(page)).length, 4);
  await page.keyboard.press('ArrowRight'); // expand
  assert.equal((await rowNames(page)).length, 5);
  await page.keyboard.press('ArrowRight'); // to the first child
  assert.equal(await selectedRowName(page), 'GET api.weather.example/v1/current');
  await page.keyboard.press('ArrowLeft'); // a leaf: to the parent
  assert.equal(await selectedRowName(page), 'execute_tool get_weather');
  await page.keyboard.press('Enter'); // toggles
  assert.equal(await toolRow.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('Enter');
  assert.equal(await toolRow.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('End');
  assert.equal(await tree.getAttribute('aria-activedescendant'), `span-row-${trace.spans![4].spanId}`);
  await page.keyboard.press('Home');
  assert.equal(await selectedRowName(page), 'invoke_agent weather-agent');
  await page.keyboard.press('ArrowUp'); // stays at the top
  assert.equal(await selectedRowName(page), 'invoke_agent weather-agent');
  await waitForDetail(page, 'invoke_agent weather-agent');
  await panel.close();
});

test('filters: by kind keeps ancestors as dimmed context; errors only; expand to depth', async () => {
  const engine = new MemoryEngine();
  const trace = bigTrace(200, 4);
  engine.add(trace);
  const panel = await open(engine, trace.traceId);
  const { page } = panel;
  await page.getByLabel('Filter by kind').selectOption('tool');
  const names = await rowNames(page);
  assert.ok(names.some((n) => n.endsWith(' tool')));
  const ownMatches = await page.$$eval('.tl-row:not(.filtered-context) .tl-span-name', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(ownMatches.length > 0 && ownMatches.every((n) => n.endsWith(' tool')), 'rows that match are not dimmed, and all are tools');
  assert.ok((await page.locator('.tl-row.filtered-context').count()) > 0, 'ancestors are shown as context');
  await page.getByLabel('Filter by kind').selectOption('');
  await page.getByText('Errors only').click();
  // Span 0 is the root; errors are every 997th span: none in 200 → an explanation, not an empty void.
  await page.locator('.tl-empty', { hasText: 'No spans match the filters.' }).waitFor();
  await page.getByText('Errors only').click();
  await page.getByLabel('Expand to depth').selectOption('1');
  const depthOne = await page.$$eval('.tl-row', (rows) => rows.map((r) => r.getAttribute('aria-level')));
  assert.deepEqual([...new Set(depthOne)].sort(), ['1', '2'], 'root and its children only');
  await page.getByRole('button', { name: 'Expand all' }).click();
  assert.ok((await page.locator('.tl-row[aria-level="4"]').count()) > 0);
  await panel.close();
});

test('live updates: new spans appear without losing the selection or the scroll position', async () => {
  const engine = new MemoryEngine();
  const trace = bigTrace(400, 3);
  engine.add(trace);
  const panel = await open(engine, trace.traceId);
  const { page } = panel;
  await page.locator('.tl-rows').evaluate((el) => (el.scrollTop = 2000));
  await until(async () => (await page.locator('.tl-rows').evaluate((el) => el.scrollTop)) === 2000, 'the list scrolled');
  // A row inside the viewport (rows outside it exist as overscan; clicking one would scroll).
  // The virtualized list renders the rows of the new scroll position on the next frame: wait for them.
  // (Polled from outside: waitForFunction would eval inside the page, which its CSP forbids.)
  let rowId: string | undefined;
  await until(async () => {
    rowId = (await page.evaluate(`[...document.querySelectorAll('.tl-row')].find((r) => new DOMMatrix(getComputedStyle(r).transform).m42 === ${Math.ceil(2000 / 22) + 5} * 22)?.id`)) as string | undefined;
    return Boolean(rowId);
  }, 'the rows at the new scroll position');
  const row = page.locator(`#${rowId}`);
  const name = (await row.locator('.tl-span-name').textContent())!;
  await row.click();
  await waitForDetail(page, name);
  const late: TraceJsonSpan = { ...trace.spans![1], spanId: spanId(), name: 'late arrival', startTimeUnixMs: trace.spans![1].startTimeUnixMs + 1e6 };
  engine.upsertSpans(trace.traceId, [late]);
  await until(async () => (await page.locator('.tl-name-head').innerText()).includes('401 shown'), 'the new span to arrive');
  assert.equal(await selectedRowName(page), name);
  assert.equal(await page.locator('.tl-rows').evaluate((el) => el.scrollTop), 2000);
  const update = panel.toWebview.find((m) => m.type === 'spansChanged');
  assert.ok(update && update.type === 'spansChanged' && update.upserted.length === 1, 'only the new row was sent');
  // A changed span's detail is fetched again.
  const selectedSpan = trace.spans!.find((s) => s.name === name)!;
  engine.upsertSpans(trace.traceId, [{ ...selectedSpan, attributes: { ...selectedSpan.attributes, 'late.attribute': 'arrived' } }]);
  await until(async () => (await detailText(page)).includes('late.attribute'), 'the refreshed detail');
  engine.remove(trace.traceId);
  await page.locator('.tl-banner', { hasText: 'removed' }).waitFor();
  await panel.close();
});

test('view state persists through setState and comes back after a reload', async () => {
  const { engine, trace } = withAgent();
  const panel = await open(engine, trace.traceId);
  const { page } = panel;
  await clickRow(page, 'GET api.weather.example/v1/current');
  await page.locator(`#span-row-${trace.spans![2].spanId} .tl-twisty`).click(); // collapse the tool
  await until(async () => (await panel.state())?.collapsed?.length === 1, 'state to be saved');
  const state = (await panel.state())!;
  assert.equal(state.traceId, trace.traceId);
  assert.equal(state.selectedSpanId, trace.spans![2].spanId, 'collapsing hid the selection: it moved to the visible parent');
  assert.deepEqual(state.collapsed, [trace.spans![2].spanId]);
  await panel.close();
  // A new page (as after a window reload) with the saved state: same selection, same collapsed rows.
  const again = await open(engine, trace.traceId, { state });
  await waitForDetail(again.page, 'execute_tool get_weather');
  assert.equal(await selectedRowName(again.page), 'execute_tool get_weather');
  assert.equal((await rowNames(again.page)).length, 4);
  // Opening at a span (open(traceId, spanId)) overrides the saved selection and reveals it.
  await again.close();
  const atSpan = await open(engine, trace.traceId, { state, selectSpanId: trace.spans![3].spanId });
  await waitForDetail(atSpan.page, 'GET api.weather.example/v1/current');
  assert.equal((await rowNames(atSpan.page)).length, 5);
  // And the host can move the selection of an open panel.
  atSpan.session.select(trace.spans![1].spanId);
  await until(async () => (await atSpan.page.locator('.tl-row[aria-selected="true"]').getAttribute('id')) === `span-row-${trace.spans![1].spanId}`, 'host selection');
  await atSpan.close();
});

test('the scroll position persists too', async () => {
  const engine = new MemoryEngine();
  const trace = bigTrace(400, 3);
  engine.add(trace);
  const panel = await open(engine, trace.traceId);
  await panel.page.locator('.tl-rows').evaluate((el) => (el.scrollTop = 1500));
  await until(async () => (await panel.state())?.scrollTop === 1500, 'the scroll position saved');
  const state = (await panel.state())!;
  await panel.close();
  const again = await open(engine, trace.traceId, { state });
  await until(async () => (await again.page.locator('.tl-rows').evaluate((el) => el.scrollTop)) === 1500, 'the scroll position restored');
  // The rows of the restored position are rendered on the frame after the scroll: wait for them.
  const firstShown = async () => (await again.page.evaluate(`Math.min(...[...document.querySelectorAll('.tl-row')].map((r) => new DOMMatrix(getComputedStyle(r).transform).m42))`)) as number;
  await until(async () => (await firstShown()) > 0, 'rows near the restored position are rendered, not the top ones');
  await again.close();
});

test('virtualized: a 50,000-span trace keeps the DOM small and stays navigable', async () => {
  const engine = new MemoryEngine();
  const trace = bigTrace(50_000, 10);
  engine.add(trace);
  const panel = await open(engine, trace.traceId);
  const { page } = panel;
  assert.match(await page.locator('.tl-name-head').innerText(), /50,000 shown/);
  assert.ok((await page.locator('.tl-row').count()) < 150, 'only rows in view are in the DOM');
  await page.locator('.tl-rows').focus();
  await page.keyboard.press('End');
  await until(async () => (await page.locator('.tl-row[aria-selected="true"]').count()) === 1, 'last row rendered and selected');
  assert.ok((await page.locator('.tl-rows').evaluate((el) => el.scrollTop)) > 1_000_000, 'scrolled to the bottom');
  assert.ok((await page.locator('.tl-row').count()) < 150);
  await page.getByLabel('Search in trace').fill('step 49999 ');
  await page.getByLabel('Search in trace').fill('step 49999');
  await until(async () => (await page.locator('.tl-match-count').innerText()).includes('of 1'), 'search in 50,000 spans');
  await page.getByLabel('Search in trace').press('Enter');
  await until(async () => (await selectedRowName(page)) === 'step 49999 tool', 'the match selected');
  assert.deepEqual(panel.errors, []);
  await panel.close();
});
