import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLog, makeSpan, newTraceId } from '../../factories/spans';
import type { NormalizedFields } from '../../../src/protocol/trace-json';
import { openStore } from './open-store';

test('listTraces pages newest first and filters by service, status, session and text', async () => {
  const sessions = new Map<string, string>();
  const { store, queries } = await openStore({ normalize: (s) => (sessions.has(s.spanId) ? { kind: 'other', sessionId: sessions.get(s.spanId) } : { kind: 'other' }) });
  const roots = [];
  for (let i = 0; i < 25; i++) {
    const root = makeSpan({
      name: i === 7 ? 'Summarize_Report' : `run ${i}`,
      service: i % 2 ? 'svc-odd' : 'svc-even',
      status: i % 5 === 0 ? 'error' : 'ok',
      startTimeUnixMs: 5_000_000 + i * 10,
      ...(i === 3 ? { traceId: 'c0ffee00'.padEnd(32, '1') } : {}),
    });
    if (i % 3 === 0) sessions.set(root.spanId, `session-${i % 6}`);
    roots.push(root);
  }
  store.ingestSpans(roots);

  const page1 = queries.listTraces({ limit: 10 });
  assert.equal(page1.total, 25);
  assert.deepEqual(page1.traces.map((t) => t.name), Array.from({ length: 10 }, (_, k) => (24 - k === 7 ? 'Summarize_Report' : `run ${24 - k}`)));
  const page3 = queries.listTraces({ limit: 10, offset: 20 });
  assert.deepEqual(page3.traces.map((t) => t.name), ['run 4', 'run 3', 'run 2', 'run 1', 'run 0']);

  const odd = queries.listTraces({ service: 'svc-odd' });
  assert.equal(odd.total, 12);
  assert.ok(odd.traces.every((t) => t.service === 'svc-odd'));

  const errors = queries.listTraces({ status: 'error' });
  assert.deepEqual(errors.traces.map((t) => t.name).sort(), ['run 0', 'run 10', 'run 15', 'run 20', 'run 5']);
  assert.ok(errors.traces.every((t) => t.status === 'error' && t.errorCount === 1));
  assert.equal(queries.listTraces({ status: 'ok' }).total, 20);

  const session = queries.listTraces({ sessionId: 'session-0' });
  assert.deepEqual(session.traces.map((t) => t.name), ['run 24', 'run 18', 'run 12', 'run 6', 'run 0']);
  assert.equal(session.traces[0].sessionId, 'session-0');

  assert.deepEqual(queries.listTraces({ text: 'summarize_' }).traces.map((t) => t.name), ['Summarize_Report'], 'case-insensitive');
  assert.equal(queries.listTraces({ text: 'run_' }).total, 0, '_ is literal, not a wildcard');
  assert.equal(queries.listTraces({ text: 'SVC-ODD', status: 'error' }).total, 2, 'filters combine');
  assert.deepEqual(queries.listTraces({ text: 'C0FFEE' }).traces.map((t) => t.name), ['run 3'], 'trace ids match too');
  assert.equal(queries.listTraces({ text: 'session-3' }).total, 4, 'session ids match too (runs 3, 9, 15, 21)');
  store.close();
});

test('Trace JSON: version 1, trace fields, spans in start order with content resolved', async () => {
  const fieldsBySpan = new Map<string, NormalizedFields>();
  const { store, queries } = await openStore({ normalize: (s) => fieldsBySpan.get(s.spanId) ?? { kind: 'chain' } });
  const traceId = newTraceId();
  const root = makeSpan({ traceId, name: 'agent', service: 'shop-agent', startTimeUnixMs: 1000, durationMs: 500, spanKind: 'server' });
  const longAnswer = 'The order ships tomorrow. '.repeat(30);
  const llm = makeSpan({
    traceId, parentSpanId: root.spanId, name: 'chat gpt-4o-mini', startTimeUnixMs: 1100, durationMs: 95.5, spanKind: 'client',
    status: { code: 'error', message: 'rate limited' },
    events: [{ name: 'exception', timeUnixMs: 1190, attributes: { 'exception.message': 'rate limited' } }],
    attributes: { 'gen_ai.request.model': 'gpt-4o-mini' },
  });
  const tool = makeSpan({ traceId, parentSpanId: root.spanId, name: 'execute_tool lookup', startTimeUnixMs: 1050 });
  fieldsBySpan.set(llm.spanId, {
    kind: 'llm', provider: 'openai', requestModel: 'gpt-4o-mini', model: 'gpt-4o-mini-2024-07-18',
    usage: { inputTokens: 1200, outputTokens: 340 }, costUsd: 0.0021,
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', text: longAnswer }] }] },
    error: { message: 'rate limited' },
  });
  store.ingestSpans([llm, tool, root]);

  const doc = queries.getTraceJson([traceId, 'ff'.repeat(16)]);
  assert.equal(doc.version, 1);
  assert.equal(doc.traces.length, 1, 'unknown ids are skipped');
  const trace = doc.traces[0];
  assert.deepEqual(
    { ...trace, spans: undefined },
    {
      traceId, name: 'agent', service: 'shop-agent', startTimeUnixMs: 1000, durationMs: 500, status: 'error', spanCount: 3,
      usage: { inputTokens: 1200, outputTokens: 340, totalTokens: 1540 }, costUsd: 0.0021, unpricedCalls: 0, spans: undefined,
    },
  );
  assert.deepEqual(trace.spans!.map((s) => s.name), ['agent', 'execute_tool lookup', 'chat gpt-4o-mini']);
  const span = trace.spans![2];
  assert.equal(span.spanId, llm.spanId);
  assert.equal(span.parentSpanId, root.spanId);
  assert.equal(span.kind, 'llm');
  assert.equal(span.status, 'error');
  assert.equal(span.statusMessage, 'rate limited');
  assert.equal(span.durationMs, 95.5);
  assert.equal(span.model, 'gpt-4o-mini-2024-07-18');
  assert.deepEqual(span.usage, { inputTokens: 1200, outputTokens: 340 });
  assert.equal(span.costUsd, 0.0021);
  assert.deepEqual(span.cost, { input: null, output: null, cacheRead: null, cacheWrite: null, source: 'ingested', priceModel: null }, 'the recorded cost, shown as such');
  assert.equal((span.output!.messages[0].parts[0] as { text: string }).text, longAnswer);
  assert.deepEqual(span.events, [{ name: 'exception', timeUnixMs: 1190, attributes: { 'exception.message': 'rate limited' } }]);
  assert.deepEqual(span.attributes, { 'gen_ai.request.model': 'gpt-4o-mini' });
  assert.equal(span.spanKind, 'client');
  assert.equal(trace.spans![0].parentSpanId, null);
  assert.equal(trace.spans![0].events, undefined, 'no events: the key is omitted');
  assert.equal(trace.spans![0].statusMessage, undefined);
  assert.equal(trace.spans![0].usage, undefined, 'absent usage is omitted, not zero');
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc, 'plain JSON');
  store.close();
});

test('span rows carry what a tree and a waterfall need, in start order', async () => {
  const { store, queries } = await openStore({ normalize: (s) => (s.name === 'llm' ? { kind: 'llm', model: 'm1', usage: { inputTokens: 5 }, costUsd: null } : { kind: 'tool' }) });
  const traceId = newTraceId();
  const a = makeSpan({ traceId, name: 'llm', startTimeUnixMs: 20, durationMs: 5, service: 's' });
  const b = makeSpan({ traceId, name: 'tool', startTimeUnixMs: 10, endTimeUnixMs: 5 });
  store.ingestSpans([a, b]);
  assert.deepEqual(queries.getSpanRows(traceId), [
    { spanId: b.spanId, parentSpanId: null, name: 'tool', kind: 'tool', status: 'unset', startTimeUnixMs: 10, durationMs: 0, service: 'test-service' },
    { spanId: a.spanId, parentSpanId: null, name: 'llm', kind: 'llm', status: 'unset', startTimeUnixMs: 20, durationMs: 5, service: 's', model: 'm1', usage: { inputTokens: 5 } },
  ]);
  assert.deepEqual(queries.getSpanRows('00'.repeat(16)), []);
  assert.equal(queries.getSpan(traceId, 'ffffffffffffffff'), null);
  store.close();
});

test('spans that start at the same time are ordered parent first', async () => {
  const { store, queries } = await openStore();
  const traceId = newTraceId();
  // Ids chosen so that id order would put the children first.
  const root = makeSpan({ traceId, spanId: 'ffff000000000001', name: 'root', startTimeUnixMs: 500 });
  const child = makeSpan({ traceId, spanId: '0000000000000002', parentSpanId: root.spanId, name: 'child', startTimeUnixMs: 500 });
  const grandchild = makeSpan({ traceId, spanId: '0000000000000001', parentSpanId: child.spanId, name: 'grandchild', startTimeUnixMs: 500 });
  const later = makeSpan({ traceId, spanId: '0000000000000003', parentSpanId: root.spanId, name: 'later', startTimeUnixMs: 501 });
  store.ingestSpans([later, grandchild, child, root]);
  assert.deepEqual(queries.getSpanRows(traceId).map((r) => r.name), ['root', 'child', 'grandchild', 'later']);
  assert.deepEqual(queries.getTraceJson([traceId]).traces[0].spans!.map((s) => s.name), ['root', 'child', 'grandchild', 'later']);
  store.close();
});

test('log records joined to a span are listed after its own events, as events', async () => {
  const { store, queries } = await openStore();
  const span = makeSpan({ name: 'chat', events: [{ name: 'started', timeUnixMs: 10, attributes: { n: 1 } }] });
  store.ingestSpans([span]);
  store.ingestLogs([
    makeLog({ traceId: span.traceId, spanId: span.spanId, timeUnixMs: 30, severityText: 'INFO', body: 'cache miss' }),
    makeLog({ traceId: span.traceId, spanId: span.spanId, timeUnixMs: 20, eventName: 'gen_ai.user.message', body: { content: 'hi' }, attributes: { 'gen_ai.system': 'openai' } }),
    makeLog({ traceId: span.traceId, spanId: span.spanId, timeUnixMs: 40, eventName: 'gen_ai.choice', body: 'plain answer' }),
  ]);
  const expected = [
    { name: 'started', timeUnixMs: 10, attributes: { n: 1 } },
    { name: 'gen_ai.user.message', timeUnixMs: 20, attributes: { 'gen_ai.system': 'openai', content: 'hi' } },
    { name: 'log', timeUnixMs: 30, attributes: { body: 'cache miss', 'log.severity': 'INFO' } },
    { name: 'gen_ai.choice', timeUnixMs: 40, attributes: { content: 'plain answer' } },
  ];
  assert.deepEqual(queries.getSpan(span.traceId, span.spanId)!.events, expected);
  assert.deepEqual(queries.getTraceJson([span.traceId]).traces[0].spans![0].events, expected);
  store.close();
});

test('spans that start in the same millisecond: parent first, then the one that ended first, then arrival; rows and Trace JSON agree', async () => {
  const { store, queries } = await openStore();
  const root = makeSpan({ name: 'root', startTimeUnixMs: 1000, endTimeUnixMs: 1100 });
  const child = (name: string, end: number) => makeSpan({ traceId: root.traceId, parentSpanId: root.spanId, name, startTimeUnixMs: 1000, endTimeUnixMs: end });
  const endsLate = child('ends late', 1090);
  const endsEarly = child('ends early', 1010);
  const sameEndFirst = child('same end, arrived first', 1050);
  const sameEndSecond = child('same end, arrived second', 1050);
  // Arrival order deliberately differs from the expected order, and span ids are random.
  store.ingestSpans([endsLate, sameEndFirst]);
  store.ingestSpans([sameEndSecond, endsEarly, root]);
  const expected = ['root', 'ends early', 'same end, arrived first', 'same end, arrived second', 'ends late'];
  assert.deepEqual(queries.getSpanRows(root.traceId).map((r) => r.name), expected);
  assert.deepEqual(queries.getTraceJson([root.traceId]).traces[0].spans!.map((s) => s.name), expected);
  store.close();
});
