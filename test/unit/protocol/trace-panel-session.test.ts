/**
 * The trace panel session (host side, no VS Code) against the real engine in process: snapshot on
 * `ready`, details with tool links, search, incremental updates from `changed` events, removal,
 * and routing of editor actions. Payloads are captured fixtures and spans from the test builders.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FixtureEngine } from '../../webview/fixture-engine';
import { TracePanelSession, type TracePanelEditor } from '../../../src/host/panels/trace-panel-session';
import type { ToTracePanel } from '../../../src/protocol/trace-panel';
import { makeSpan } from '../../factories/spans';

let engine: FixtureEngine;

beforeEach(async () => {
  engine = await FixtureEngine.create();
  await engine.importFixtures('otel-genai-manual/001-traces.pb', 'otel-genai-manual/005-traces.pb');
});
afterEach(async () => {
  await engine.dispose();
});

function recordingEditor(ready = true) {
  const posted: ToTracePanel[] = [];
  const calls: string[] = [];
  const editor: TracePanelEditor & { ready: boolean } = {
    ready,
    post: (m) => void posted.push(m),
    isReady: () => editor.ready,
    openPrompt: (traceId, spanId) => void calls.push(`prompt ${traceId} ${spanId}`),
    compareWith: (traceId) => void calls.push(`compare ${traceId}`),
    log: { warn: (m: string) => void calls.push(`warn ${m}`), error: (m: string) => void calls.push(`error ${m}`) },
  };
  return { editor, posted, calls };
}

const actions = () => ({ openPrompt: true, compare: false });

async function nextPost(posted: ToTracePanel[], type: ToTracePanel['type']): Promise<ToTracePanel> {
  for (let i = 0; i < 200; i++) {
    const found = posted.find((m) => m.type === type);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${type} posted`);
}

test('ready: a snapshot with the rows, the summary, the actions and the span to select', async () => {
  const traceId = await engine.traceIdByName('invoke_agent weather-agent');
  const rows = await engine.call('getSpanRows', { traceId });
  const { editor, posted } = recordingEditor();
  const session = new TracePanelSession(traceId, engine, editor, actions, rows[2].spanId);
  await session.onReady();
  const snapshot = posted[0];
  assert.ok(snapshot.type === 'snapshot');
  assert.equal(snapshot.rows.length, 4);
  assert.equal(snapshot.summary?.name, 'invoke_agent weather-agent');
  assert.deepEqual(snapshot.actions, { openPrompt: true, compare: false });
  assert.equal(snapshot.selectSpanId, rows[2].spanId);
  // A second ready (the webview was hidden and shown again) starts over without the old request.
  await session.onReady();
  assert.ok(posted[1].type === 'snapshot' && posted[1].selectSpanId === undefined);
});

test('span details: the span with content; tool spans with links from the trace', async () => {
  const traceId = await engine.traceIdByName('invoke_agent weather-agent');
  const rows = await engine.call('getSpanRows', { traceId });
  const { editor, posted } = recordingEditor();
  const session = new TracePanelSession(traceId, engine, editor, actions);
  const tool = rows.find((r) => r.kind === 'tool')!;
  await session.handle({ type: 'requestSpan', requestId: 7, spanId: tool.spanId });
  const detail = posted[0];
  assert.ok(detail.type === 'spanDetail' && detail.requestId === 7 && detail.span?.tool?.name === 'get_weather');
  const llms = rows.filter((r) => r.kind === 'llm').sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
  assert.equal(detail.toolLinks?.requestedBy?.spanId, llms[0].spanId);
  assert.equal(detail.toolLinks?.consumedBy?.spanId, llms[1].spanId);
  assert.deepEqual(detail.toolLinks, {
    requestedBy: { spanId: llms[0].spanId, name: llms[0].name },
    consumedBy: { spanId: llms[1].spanId, name: llms[1].name },
  }, 'the links are the span\'s own toolLink, named');
  assert.deepEqual(detail.span?.toolLink, { requestedBySpanId: llms[0].spanId, consumedBySpanId: llms[1].spanId });
  await session.handle({ type: 'requestSpan', requestId: 8, spanId: 'ffffffffffffffff' });
  assert.ok(posted[1].type === 'spanDetail' && posted[1].span === null, 'an unknown span answers null');
});

test('search: content and attributes of the whole trace', async () => {
  const traceId = await engine.traceIdByName('invoke_workflow answer-question');
  const { editor, posted } = recordingEditor();
  const session = new TracePanelSession(traceId, engine, editor, actions);
  await session.handle({ type: 'search', requestId: 3, query: 'docs/storage.md' });
  const result = posted[0];
  assert.ok(result.type === 'searchResult' && result.requestId === 3);
  const spans = (await engine.call('getTraceJson', { traceIds: [traceId] })).traces[0].spans!;
  const retrieval = spans.find((s) => s.kind === 'retrieval')!;
  assert.ok(result.spanIds.includes(retrieval.spanId), 'document metadata is searched');
  assert.ok(result.spanIds.length < spans.length);
  await session.handle({ type: 'search', requestId: 4, query: '  ' });
  assert.ok(posted[1].type === 'searchResult' && posted[1].spanIds.length === 0);
});

test('changes: only new or changed rows are sent; nothing while not loaded; removal is told', async () => {
  const traceId = await engine.traceIdByName('invoke_agent weather-agent');
  const rows = await engine.call('getSpanRows', { traceId });
  const { editor, posted } = recordingEditor();
  const session = new TracePanelSession(traceId, engine, editor, actions);
  const subscription = engine.onEvent((e) => session.onEngineEvent(e));
  await session.onReady();
  const root = rows.find((r) => r.parentSpanId === null)!;
  engine.engine.ingestSpans([makeSpan({ traceId, parentSpanId: root.spanId, name: 'late span', service: 'genai-manual-demo' })]);
  const update = await nextPost(posted, 'spansChanged');
  assert.ok(update.type === 'spansChanged');
  assert.deepEqual(update.upserted.map((r) => r.name), ['late span']);
  assert.equal(update.summary?.spanCount, 5);
  // Changes to other traces are not this panel's business.
  const other = await engine.traceIdByName('invoke_workflow answer-question');
  const before = posted.length;
  engine.engine.ingestSpans([makeSpan({ traceId: other, name: 'elsewhere' })]);
  engine.engine.flushChanged();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(posted.length, before);
  // Not loaded (hidden): no update is posted; the next ready sends a full snapshot instead.
  editor.ready = false;
  engine.engine.ingestSpans([makeSpan({ traceId, parentSpanId: root.spanId, name: 'while hidden' })]);
  engine.engine.flushChanged();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(posted.length, before);
  editor.ready = true;
  await session.onReady();
  const snapshot = posted[posted.length - 1];
  assert.ok(snapshot.type === 'snapshot' && snapshot.rows.length === 6);
  // Deleted from the store: the panel is told.
  await engine.call('deleteTrace', { traceId });
  engine.engine.flushChanged();
  await nextPost(posted, 'traceRemoved');
  subscription.dispose();
  session.dispose();
});

test('the trace panel\'s own actions are routed to the registered handlers', async () => {
  const traceId = await engine.traceIdByName('invoke_agent weather-agent');
  const { editor, calls } = recordingEditor();
  const session = new TracePanelSession(traceId, engine, editor, actions);
  await session.handle({ type: 'openPrompt', spanId: '00f067aa0ba902b7' });
  await session.handle({ type: 'compareWith', traceId });
  assert.deepEqual(calls, [`prompt ${traceId} 00f067aa0ba902b7`, `compare ${traceId}`]);
});

test('select: posted at once when loaded, kept for the next snapshot when not', async () => {
  const traceId = await engine.traceIdByName('invoke_agent weather-agent');
  const { editor, posted } = recordingEditor(false);
  const session = new TracePanelSession(traceId, engine, editor, actions);
  session.select('00f067aa0ba902b7');
  assert.equal(posted.length, 0);
  editor.ready = true;
  await session.onReady();
  assert.ok(posted[0].type === 'snapshot' && posted[0].selectSpanId === '00f067aa0ba902b7');
  session.select('00f067aa0ba902b8');
  assert.deepEqual(posted[1], { type: 'selectSpan', spanId: '00f067aa0ba902b8' });
});

test('a span\'s detail carries its links named and the spans linking to it; a span with neither carries no spanLinks', async () => {
  const linked = makeSpan({ name: 'publish order' });
  const consumer = makeSpan({ name: 'consume order', links: [{ traceId: linked.traceId, spanId: linked.spanId, attributes: {} }, { traceId: 'e'.repeat(32), spanId: 'e'.repeat(16), attributes: {} }] });
  engine.engine.store.ingestSpans([linked, consumer]);
  const { editor, posted } = recordingEditor();
  const session = new TracePanelSession(consumer.traceId, engine, editor, actions);
  await session.handle({ type: 'requestSpan', requestId: 1, spanId: consumer.spanId });
  const detail = await nextPost(posted, 'spanDetail');
  assert.ok(detail.type === 'spanDetail');
  assert.deepEqual(detail.spanLinks, { targets: [{ name: 'publish order', traceName: 'publish order' }, null], linkedFrom: [], linkedFromTotal: 0 });
  assert.deepEqual(detail.span?.links?.map((l) => l.inStore), [true, false]);

  const other = recordingEditor();
  const producerSession = new TracePanelSession(linked.traceId, engine, other.editor, actions);
  await producerSession.handle({ type: 'requestSpan', requestId: 2, spanId: linked.spanId });
  const reverse = await nextPost(other.posted, 'spanDetail');
  assert.ok(reverse.type === 'spanDetail');
  assert.deepEqual(reverse.spanLinks?.linkedFrom.map((s) => [s.traceId, s.spanId, s.name, s.linkIndex]), [[consumer.traceId, consumer.spanId, 'consume order', 0]]);

  const plainTrace = await engine.traceIdByName('invoke_agent weather-agent');
  const plain = recordingEditor();
  const rows = await engine.call('getSpanRows', { traceId: plainTrace });
  await new TracePanelSession(plainTrace, engine, plain.editor, actions).handle({ type: 'requestSpan', requestId: 3, spanId: rows[0].spanId });
  const none = await nextPost(plain.posted, 'spanDetail');
  assert.ok(none.type === 'spanDetail' && !('spanLinks' in none));
});
