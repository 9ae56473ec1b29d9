/**
 * The trace panel renders each span kind from the host's messages: the real bundle in Chromium,
 * the real host session and guard on the other side (see harness.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPanel, rowNames, type Browser, type PanelPage } from './harness';
import { MemoryEngine } from './memory-engine';
import { agentTrace, errorTrace, ragTrace } from './sample-traces';
import { clickRow, detailText, selectedRowName, until, waitForDetail } from './page-helpers';

let browser: Browser;
const engine = new MemoryEngine();
const agent = agentTrace();
const rag = ragTrace();
const failing = errorTrace();
engine.add(agent);
engine.add(rag);
engine.add(failing);

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function open(traceId: string, extra: Partial<Parameters<typeof openPanel>[1]> = {}): Promise<PanelPage> {
  const panel = await openPanel(browser, { engine, traceId, ...extra });
  await panel.page.waitForSelector('.tl-row');
  return panel;
}

async function assertClean(panel: PanelPage): Promise<void> {
  assert.deepEqual(panel.errors, [], 'no page errors');
  assert.deepEqual(panel.rejected, [], 'the host guard accepted every message');
  assert.deepEqual(await panel.cspViolations(), [], 'nothing was blocked by the CSP');
}

test('header and tree: pre-order rows, trace facts, first span selected', async () => {
  const panel = await open(agent.traceId);
  const { page } = panel;
  assert.deepEqual(await rowNames(page), ['invoke_agent weather-agent', 'chat o4-mini', 'execute_tool get_weather', 'GET api.weather.example/v1/current', 'chat o4-mini']);
  const header = (await page.locator('.tl-header').innerText()).replace(/\s+/g, ' ');
  assert.match(header, /invoke_agent weather-agent/);
  assert.match(header, /service support-bot/);
  assert.match(header, /spans 5/);
  assert.match(header, /tokens 1,069/);
  assert.match(header, /cost \$0\.0016/);
  assert.match(header, /duration 2\.40 s/);
  await waitForDetail(page, 'invoke_agent weather-agent');
  assert.equal(await selectedRowName(page), 'invoke_agent weather-agent');
  // The tree carries ARIA roles and levels for screen readers.
  assert.equal(await page.getAttribute('.tl-rows', 'role'), 'tree');
  const levels = await page.$$eval('.tl-row', (rows) => rows.map((r) => r.getAttribute('aria-level')));
  assert.deepEqual([...levels].sort(), ['1', '2', '2', '2', '3']);
  // Waterfall: the axis has ticks, and each bar is coloured by kind.
  assert.ok((await page.locator('.tl-tick').count()) >= 3);
  assert.equal(await page.locator('.tl-bar.kind-llm').count(), 2);
  assert.equal(await page.locator('.tl-bar.kind-tool').count(), 1);
  await assertClean(panel);
  await panel.close();
});

test('LLM span: model, parameters, token breakdown, conversation, reasoning, tool call; raw/rendered toggle', async () => {
  const panel = await open(agent.traceId);
  const { page } = panel;
  await clickRow(page, 'chat o4-mini');
  await waitForDetail(page, 'chat o4-mini');
  const text = await detailText(page);
  for (const expected of ['o4-mini-2025-04-16', 'temperature 0.2', 'max_tokens 512', 'cache read 256', 'reasoning 64', 'total 498', 'finish reasons tool_calls', 'You are a helpful assistant', 'What should I wear in Paris today?', 'The user asks about clothing', 'tool call get_weather', '"city": "Paris"']) {
    assert.ok(text.includes(expected), `detail shows "${expected}"`);
  }
  // Rendered: the Markdown heading is an element; raw: the exact characters, '## Rules' included.
  await page.getByRole('button', { name: 'Rendered' }).click();
  assert.equal(await page.locator('.tl-message.role-system .tl-md-heading', { hasText: 'Rules' }).count(), 1);
  assert.ok(!(await detailText(page)).includes('## Rules'));
  await page.getByRole('button', { name: 'Raw' }).click();
  assert.ok((await detailText(page)).includes('## Rules'));
  assert.equal(await page.locator('.tl-message.role-system .tl-md-heading').count(), 0);
  // Tool definitions are there, collapsed.
  assert.ok(!(await detailText(page)).includes('Current weather for a city'), 'closed sections render nothing yet');
  await page.locator('summary', { hasText: 'Tool definitions' }).click();
  await until(async () => (await detailText(page)).includes('Current weather for a city'), 'the opened section');
  await assertClean(panel);
  await panel.close();
});

test('tool span: arguments and result as pretty JSON, links to the requesting and consuming model calls', async () => {
  const panel = await open(agent.traceId);
  const { page } = panel;
  await clickRow(page, 'execute_tool get_weather');
  await waitForDetail(page, 'execute_tool get_weather');
  await page.locator('.tl-span-link').first().waitFor();
  const text = await detailText(page);
  assert.ok(text.includes('"temperature_c": 18'), 'the result is pretty-printed');
  assert.ok(text.includes('call id call_7Qx'));
  assert.ok(text.includes('requested by chat o4-mini'));
  assert.ok(text.includes('result used by chat o4-mini'));
  // Following the "result used by" link selects the second model call (the answer).
  await page.locator('tr', { hasText: 'result used by' }).locator('.tl-span-link').click();
  await until(async () => (await detailText(page)).includes('light jacket'), 'the consuming LLM span to show');
  assert.equal(await page.locator('.tl-row[aria-selected="true"]').getAttribute('id'), `span-row-${agent.spans![4].spanId}`);
  await assertClean(panel);
  await panel.close();
});

test('retrieval and rerank: query, ranked documents with id, score and first lines', async () => {
  const panel = await open(rag.traceId);
  const { page } = panel;
  await clickRow(page, 'retrieval docs-index');
  await waitForDetail(page, 'retrieval docs-index');
  const docs = await page.locator('.tl-doc summary').allInnerTexts();
  assert.equal(docs.length, 3);
  assert.match(docs[0], /#1\s+kb\/security\/api-keys\.md#rotate\s+0\.8712\s+Rotating an API key/);
  assert.match(docs[2], /#3\s+kb\/billing\/limits\.md\s+0\.6120/);
  assert.ok((await detailText(page)).includes('How do I rotate an API key?'));
  // A document opens to its full content and metadata.
  await page.locator('.tl-doc summary').first().click();
  assert.ok((await detailText(page)).includes('The old key keeps working for 24 hours'));
  await clickRow(page, 'rerank cohere');
  await waitForDetail(page, 'rerank cohere');
  const rerank = await detailText(page);
  assert.ok(rerank.includes('Documents · 2') && rerank.includes('Input documents · 3'), rerank);
  assert.match(rerank, /#1 kb\/security\/api-keys\.md#rotate 0\.9700/);
  await clickRow(page, 'invoke_workflow answer-question');
  await waitForDetail(page, 'invoke_workflow answer-question');
  const chain = await detailText(page);
  assert.ok(chain.includes('Children · 4'), 'chain spans summarize their children');
  assert.ok(chain.includes('1 embedding · 1 retrieval · 1 rerank · 1 llm') || chain.includes('1 embedding'), chain);
  await assertClean(panel);
  await panel.close();
});

test('error span: type, message, clickable stack frames sent to the host; content-capture notice', async () => {
  const panel = await open(failing.traceId);
  const { page } = panel;
  assert.match(await page.locator('.tl-header').innerText(), /error/);
  assert.equal(await page.locator('.tl-row.error').count(), 2);
  await clickRow(page, 'chat gpt-error');
  await waitForDetail(page, 'chat gpt-error');
  const text = await detailText(page);
  assert.ok(text.includes('ProviderError: 500 upstream overloaded'));
  assert.ok(text.includes('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true'), 'names the switch that enables content capture');
  const frames = page.locator('.tl-frame-link');
  assert.equal(await frames.count(), 2);
  await frames.first().click();
  await until(() => panel.opened.length === 1, 'openLocation to reach the host');
  assert.deepEqual(panel.opened[0], { file: '/workspace/app/agent.py', line: 42 });
  // Events and attributes are there too.
  await page.locator('summary', { hasText: 'Events' }).click();
  await until(async () => (await detailText(page)).includes('exception'), 'the events section');
  await assertClean(panel);
  await panel.close();
});

test('attributes: filter and copy through the host; raw JSON of the span', async () => {
  const panel = await open(agent.traceId);
  const { page } = panel;
  await clickRow(page, 'GET api.weather.example/v1/current');
  await waitForDetail(page, 'GET api.weather.example/v1/current');
  const table = page.locator('.tl-attr-table').first();
  assert.equal(await table.locator('tr').count(), 3);
  await page.getByLabel('Filter attributes', { exact: true }).fill('status');
  assert.equal(await table.locator('tr').count(), 1);
  assert.match(await table.innerText(), /http\.response\.status_code\s+200/);
  await table.locator('.tl-copy').click();
  await until(() => panel.copied.length === 1, 'copy to reach the host');
  assert.equal(panel.copied[0], '200');
  await page.locator('summary', { hasText: 'Raw JSON' }).click();
  await page.locator('.tl-section', { hasText: 'Raw JSON' }).locator('pre').waitFor();
  const raw = await page.locator('.tl-section', { hasText: 'Raw JSON' }).locator('pre').innerText();
  assert.equal(JSON.parse(raw).spanId, agent.spans![3].spanId);
  await assertClean(panel);
  await panel.close();
});

test('light and high-contrast themes render with the same structure and no CSP violation', async () => {
  for (const theme of ['light', 'high-contrast'] as const) {
    const panel = await open(agent.traceId, { theme });
    assert.equal(await panel.page.locator('.tl-row').count(), 5);
    const bg = (await panel.page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
    assert.equal(bg, theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(0, 0, 0)', 'the body takes the theme background');
    await assertClean(panel);
    await panel.close();
  }
});

test('"Open prompt" and "Compare with…" appear only when their handlers exist, and send their requests', async () => {
  const panel = await open(agent.traceId);
  const { page } = panel;
  await clickRow(page, 'chat o4-mini');
  await waitForDetail(page, 'chat o4-mini');
  assert.equal(await page.getByRole('button', { name: 'Open prompt' }).count(), 0, 'no handler: no button');
  assert.equal(await page.getByRole('button', { name: 'Compare with…' }).count(), 0);
  // The extension registers handlers later: the host pushes the new actions.
  await panel.send({ type: 'actions', actions: { openPrompt: true, compare: true } });
  await page.getByRole('button', { name: 'Open prompt' }).click();
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await until(() => panel.fromWebview.some((m) => m.type === 'compareWith'), 'compareWith sent');
  assert.ok(panel.fromWebview.some((m) => m.type === 'openPrompt' && m.spanId === agent.spans![1].spanId));
  assert.ok(panel.fromWebview.some((m) => m.type === 'compareWith' && m.traceId === agent.traceId));
  // A span without a prompt offers no "Open prompt".
  await clickRow(page, 'execute_tool get_weather');
  await waitForDetail(page, 'execute_tool get_weather');
  assert.equal(await page.getByRole('button', { name: 'Open prompt' }).count(), 0);
  await assertClean(panel);
  await panel.close();
});

test('a trace that is no longer in the store says so', async () => {
  const panel = await openPanel(browser, { engine, traceId: 'ffffffff4bf92f3577b34da6a3ce929d' });
  await panel.page.locator('.tl-empty', { hasText: 'This trace is not in the store' }).waitFor();
  await assertClean(panel);
  await panel.close();
});
