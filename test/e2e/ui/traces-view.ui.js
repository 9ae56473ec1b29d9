// UI e2e: open the Tracelight container, see the empty state (the real endpoint in the view's
// title, copied by the welcome's button), post a real OTLP trace, see it appear live in the Traces
// tree and expand its spans, run commands from the palette (filter, output log), check the status
// bar, and take screenshots. (traces-view-welcome.ui.js covers a busy port and the walkthrough.)
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const path = require('node:path');
const { runCommand, waitFor, request, screenshot, log, showTracesView, tracesTitle, allowClipboard, readClipboard, runUiSpec } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const { recordSpans, tracesProtobuf } = require(path.join(process.env.REPO_DIR, 'out/test/factories/otlp-payloads.js'));
const { context: otelContext, trace, SpanStatusCode } = require(path.join(process.env.REPO_DIR, 'node_modules/@opentelemetry/api'));

function agentTrace(name, { error = false } = {}) {
  const spans = recordSpans((tracer) => {
    const root = tracer.startSpan(name, { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent' } });
    const ctx = trace.setSpan(otelContext.active(), root);
    tracer.startSpan('retrieve refund policy', { attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': 'refund window' } }, ctx).end();
    const llm = tracer.startSpan('chat gpt-4o-mini', { attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 96 } }, ctx);
    if (error) llm.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    llm.end();
    tracer.startSpan('execute_tool lookup_order', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order' } }, ctx).end();
    root.end();
  }, 'support-bot');
  return tracesProtobuf(spans);
}

runUiSpec('traces-view', async ({ ctx, page }) => {
  // The receiver answers on the per-run port (the extension activates on startup).
  await waitFor('the receiver', async () => (await request(port, 'GET', '/api/traces?limit=1')).status === 200, 60000);
  log('receiver answers on', port);

  // Open the Tracelight view container from the activity bar.
  const pane = await showTracesView(page);
  // The empty state: a port-free welcome text, the live endpoint in the view's title (shown by
  // the side bar's header, as Traces is the only view in its container), and a button that
  // copies it.
  await pane.getByText("No traces yet. Tracelight is listening for OpenTelemetry (OTLP/HTTP) on this machine, at the port in this view's title.").first().waitFor({ timeout: 20000 });
  const title = await waitFor('the port in the title', async () => {
    const shown = await tracesTitle(page);
    return shown.text.endsWith(`:${port}`) && shown;
  }, 10000);
  if (title.text !== `Tracelight: Traces :${port}`) throw new Error(`title: ${title.text}`);
  if (title.cut) throw new Error(`the title is cut off: ${title.text}`);
  log('title:', title.text);
  await screenshot(page, 'traces-empty');
  await allowClipboard(ctx);
  await pane.locator('.monaco-button', { hasText: 'Copy OTLP Endpoint' }).first().click();
  await waitFor('the endpoint on the clipboard', async () => (await readClipboard(page)) === `http://127.0.0.1:${port}`, 10000);
  log('the welcome button copied', `http://127.0.0.1:${port}`);
  await runCommand(page, 'Notifications: Clear All Notifications');

  // A trace arrives over real OTLP/HTTP protobuf and appears live.
  for (const [name, error] of [['answer refund question', false], ['summarize ticket', true]]) {
    const res = await request(port, 'POST', '/v1/traces', agentTrace(name, { error }));
    if (res.status !== 200) throw new Error(`POST /v1/traces -> ${res.status} ${res.body}`);
  }
  const row = pane.locator('.monaco-list-row', { hasText: 'answer refund question' }).first();
  await row.waitFor({ timeout: 20000 });
  await pane.locator('.monaco-list-row', { hasText: 'summarize ticket' }).first().waitFor({ timeout: 20000 });
  const description = await row.locator('.label-description').innerText();
  if (!/4 spans/.test(description) || !/908 tok/.test(description)) {
    throw new Error(`unexpected trace description: ${description}`);
  }
  log('traces appeared:', description);

  // Expand it: the span tree with kind icons.
  await row.locator('.monaco-tl-twistie').click();
  const spanRow = pane.locator('.monaco-list-row', { hasText: 'chat gpt-4o-mini' }).first();
  await spanRow.waitFor({ timeout: 10000 });
  if (!(await spanRow.locator('.codicon-sparkle').count())) throw new Error('llm span has no sparkle icon');
  await pane.locator('.monaco-list-row', { hasText: 'execute_tool lookup_order' }).locator('.codicon-tools').first().waitFor({ timeout: 5000 });
  log('span tree expanded with kind icons');

  // The status bar shows the port and the span count.
  const status = page.locator('.statusbar-item', { hasText: `:${port}` }).first();
  await status.waitFor({ timeout: 10000 });
  const statusText = await status.innerText();
  if (!/8 spans/.test(statusText)) throw new Error(`status bar: ${statusText}`);
  log('status bar:', statusText.replace(/\s+/g, ' '));
  await screenshot(page, 'traces-view');

  // A command from the palette: filter to errors only, then back.
  await runCommand(page, 'Tracelight: Show Only Traces with Errors');
  await waitFor('only the failed trace listed', async () =>
    (await pane.locator('.monaco-list-row', { hasText: 'answer refund question' }).count()) === 0
    && (await pane.locator('.monaco-list-row', { hasText: 'summarize ticket' }).count()) === 1, 10000);
  await screenshot(page, 'traces-errors-only');
  await runCommand(page, 'Tracelight: Show All Traces');
  await row.waitFor({ timeout: 10000 });
  log('errors-only filter works from the palette');

  // The output log has the receiver line.
  await runCommand(page, 'Tracelight: Show Output Log');
  await page.locator('.output-view, .part.panel').getByText(`receiver listening: OTLP/HTTP http://127.0.0.1:${port}`).first().waitFor({ timeout: 15000 });
  log('output log shows the receiver');

  // Clicking the trace opens the trace panel.
  await row.click();
  await page.locator('.tab', { hasText: 'answer refund question' }).first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(3000);
  await screenshot(page, 'trace-opened');
});
