// UI e2e: the trace panel in a real VS Code. Real OTLP (a captured OTel SDK agent trace) arrives,
// the trace opens from the Traces view into the panel (a webview), the span tree, detail and search
// work inside it, a late span appears live, a stack frame opens the workspace file (and a frame
// outside the workspace does not), and after "Reload Window" the serializer restores the panel.
// Env: CS_URL, WS_DIR, TRACELIGHT_HTTP_PORT, ARTIFACTS, CHROME_PROFILE, REPO_DIR
const fs = require('node:fs');
const path = require('node:path');
const { runCommand, waitFor, request, screenshot, log, showTracesView, runUiSpec, webviewFrame } = require('./workbench');

const port = Number(process.env.TRACELIGHT_HTTP_PORT);
const REPO = process.env.REPO_DIR;
const WS = process.env.WS_DIR;
const { recordSpans, tracesProtobuf } = require(path.join(REPO, 'out/test/factories/otlp-payloads.js'));
const { context: otelContext, trace, SpanStatusCode, TraceFlags } = require(path.join(REPO, 'node_modules/@opentelemetry/api'));

/** A child span of an existing span, sent as the app would send a late span. */
function childOf(traceId, parentSpanId, name, build) {
  const parent = trace.setSpanContext(otelContext.active(), { traceId, spanId: parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  return tracesProtobuf(recordSpans((tracer) => build(tracer.startSpan(name, {}, parent)), 'genai-manual-demo'));
}

runUiSpec('trace-panel', async ({ page }) => {
  await waitFor('the receiver', async () => (await request(port, 'GET', '/api/traces?limit=1')).status === 200, 60000);
  const agent = fs.readFileSync(path.join(REPO, 'test/fixtures/otel-genai-manual/001-traces.pb'));
  const res = await request(port, 'POST', '/v1/traces', agent);
  if (res.status !== 200) throw new Error(`POST /v1/traces -> ${res.status} ${res.body}`);
  const list = JSON.parse((await request(port, 'GET', '/api/traces?limit=5')).body);
  const traceId = list.traces.find((t) => t.name === 'invoke_agent weather-agent').traceId;
  const full = JSON.parse((await request(port, 'GET', `/api/traces/${traceId}`)).body).traces[0];
  const root = full.spans.find((s) => s.parentSpanId === null);

  // Open it from the Traces view.
  const pane = await showTracesView(page);
  await pane.locator('.monaco-list-row', { hasText: 'invoke_agent weather-agent' }).first().click();
  await page.locator('.tab', { hasText: 'invoke_agent weather-agent' }).first().waitFor({ timeout: 15000 });
  let frame = await webviewFrame(page, '.tl-app', 'the trace panel webview');
  await waitFor('4 span rows', async () => (await frame.locator('.tl-row').count()) === 4, 20000);
  log('trace panel opened with its 4 spans');

  // The second model call: its conversation carries the tool call and the tool's result.
  await frame.locator('.tl-row', { hasText: 'chat o4-mini' }).nth(1).click();
  await frame.locator('.tl-detail', { hasText: 'tool result' }).waitFor({ timeout: 15000 });
  // The tool span links back to the model call that requested it.
  await frame.locator('.tl-row', { hasText: 'execute_tool get_weather' }).click();
  await frame.locator('.tl-span-link').first().waitFor({ timeout: 15000 });
  // Search reaches content: "temperatureC" appears in no span name, only in content (the tool's
  // result and the conversations that carry it); the count must match the trace's own JSON.
  const withText = full.spans.filter((s) => JSON.stringify(s).includes('temperatureC')).length;
  if (withText < 2) throw new Error(`expected content matches in the trace JSON, got ${withText}`);
  await frame.getByLabel('Search in trace').fill('temperatureC');
  await waitFor(`${withText} content search results`, async () => new RegExp(`of ${withText}$`).test(await frame.locator('.tl-match-count').innerText()), 15000);
  log('detail, tool links and content search work');
  await screenshot(page, 'trace-panel');

  // A late span (with an exception whose stack names a workspace file) appears live.
  fs.mkdirSync(path.join(WS, 'app'), { recursive: true });
  fs.writeFileSync(path.join(WS, 'app', 'weather.js'), '// weather client\nexport async function fetchWeather(city) {\n  throw new Error(`no weather for ${city}`);\n}\n');
  const late = childOf(traceId, root.spanId, 'post-process answer', (span) => {
    const error = new Error('no weather for Paris');
    error.stack = `Error: no weather for Paris\n    at fetchWeather (${path.join(WS, 'app', 'weather.js')}:3:9)\n    at main (${path.join(REPO, 'package.json')}:1:1)`;
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'no weather for Paris' });
    span.end();
  });
  if ((await request(port, 'POST', '/v1/traces', late)).status !== 200) throw new Error('late span rejected');
  await waitFor('the late span to appear', async () => (await frame.locator('.tl-row').count()) === 5, 20000);
  await frame.locator('.tl-row', { hasText: 'post-process answer' }).click();
  const frames = frame.locator('.tl-frame-link');
  await frames.first().waitFor({ timeout: 15000 });
  await frames.filter({ hasText: 'weather.js' }).first().click();
  await page.locator('.tab', { hasText: 'weather.js' }).first().waitFor({ timeout: 15000 });
  log('a late span appeared live; its stack frame opened the workspace file');
  // Back to the panel: hidden webviews are destroyed (no retained context), so this also checks
  // that it comes back from the store with its selection. A frame outside the workspace is
  // refused with a message, not opened.
  await page.locator('.tab', { hasText: 'invoke_agent weather-agent' }).first().click();
  frame = await webviewFrame(page, '.tl-app', 'the trace panel webview');
  await frame.locator('.tl-frame-link', { hasText: 'package.json' }).first().click({ timeout: 15000 });
  await page.locator('.notifications-toasts', { hasText: 'is not a file inside the workspace' }).first().waitFor({ timeout: 15000 });
  if (await page.locator('.tab', { hasText: 'package.json' }).count()) throw new Error('a file outside the workspace was opened');
  log('a frame outside the workspace was refused');

  // Reload the window: the serializer brings the panel back, rehydrated from the engine.
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.locator('.tab', { hasText: 'invoke_agent weather-agent' }).first().click({ timeout: 30000 });
  frame = await webviewFrame(page, '.tl-app', 'the trace panel webview');
  await waitFor('rows after reload', async () => (await frame.locator('.tl-row').count()) === 5, 30000);
  log('panel restored after Reload Window');
  await screenshot(page, 'trace-panel-restored');
});
