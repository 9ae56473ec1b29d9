import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLog, makeSpan, newTraceId } from '../../factories/spans';
import type { DecodedLogRecord, DecodedSpan } from '../../../src/engine/model';
import type { NormalizedFields } from '../../../src/protocol/trace-json';
import { openStore } from './open-store';

test('a child that arrives before its parent is stored, and the trace gains its root later', async () => {
  const { store, queries } = await openStore();
  const traceId = newTraceId();
  const root = makeSpan({ traceId, name: 'agent run', service: 'agent-app', durationMs: 100 });
  const child = makeSpan({ traceId, parentSpanId: root.spanId, name: 'chat', startTimeUnixMs: root.startTimeUnixMs + 5, durationMs: 20 });

  store.ingestSpans([child]);
  let summary = queries.getTraceSummary(traceId)!;
  assert.equal(summary.hasRoot, false);
  assert.equal(summary.spanCount, 1);
  assert.equal(summary.name, 'chat', 'the top-most span present stands in for the missing root');

  store.ingestSpans([root]);
  summary = queries.getTraceSummary(traceId)!;
  assert.equal(summary.hasRoot, true);
  assert.equal(summary.name, 'agent run');
  assert.equal(summary.service, 'agent-app');
  assert.equal(summary.spanCount, 2);
  assert.equal(summary.startTimeUnixMs, root.startTimeUnixMs);
  assert.equal(summary.durationMs, 100);
  assert.deepEqual(queries.getSpanRows(traceId).map((r) => r.name), ['agent run', 'chat']);
  store.close();
});

test('a duplicate span (retried export) is stored once; the first copy wins', async () => {
  const { store, queries } = await openStore();
  const span = makeSpan({ name: 'first copy' });
  const retry = { ...span, name: 'second copy' };
  assert.deepEqual(store.ingestSpans([span, span]), { stored: 1, duplicates: 1, dropped: 0, superseded: 0 });
  assert.deepEqual(store.ingestSpans([retry]), { stored: 0, duplicates: 1, dropped: 0, superseded: 0 });
  assert.equal(store.spanCount, 1);
  assert.equal(queries.getTraceSummary(span.traceId)!.spanCount, 1);
  assert.equal(queries.getSpan(span.traceId, span.spanId)!.name, 'first copy');
  store.close();
});

test('a trace split over many batches is summarized over all of them', async () => {
  const { store, queries } = await openStore();
  const traceId = newTraceId();
  const root = makeSpan({ traceId, name: 'root', durationMs: 1000 });
  const children: DecodedSpan[] = [];
  for (let i = 0; i < 30; i++) {
    children.push(makeSpan({ traceId, parentSpanId: root.spanId, name: `step ${i}`, status: i % 10 === 3 ? 'error' : 'ok' }));
  }
  for (let i = 0; i < children.length; i += 7) store.ingestSpans(children.slice(i, i + 7));
  store.ingestSpans([root]);
  const summary = queries.getTraceSummary(traceId)!;
  assert.equal(summary.spanCount, 31);
  assert.equal(summary.errorCount, 3);
  assert.equal(summary.status, 'error');
  assert.equal(queries.getSpanRows(traceId).length, 31);
  assert.ok(summary.updatedSeq > 0);
  store.close();
});

test('usage and cost roll up without double counting a wrapper that repeats its children', async () => {
  const usageBySpan = new Map<string, NormalizedFields>();
  const { store, queries } = await openStore({ normalize: (span) => usageBySpan.get(span.spanId) ?? { kind: 'other' } });
  const traceId = newTraceId();
  const root = makeSpan({ traceId, name: 'agent' });
  const a = makeSpan({ traceId, parentSpanId: root.spanId, name: 'chat a' });
  const b = makeSpan({ traceId, parentSpanId: root.spanId, name: 'chat b' });
  const inner = makeSpan({ traceId, parentSpanId: b.spanId, name: 'doGenerate' });
  usageBySpan.set(a.spanId, { kind: 'llm', model: 'm', usage: { inputTokens: 100, outputTokens: 10 }, costUsd: 0.5 });
  usageBySpan.set(b.spanId, { kind: 'llm', model: 'm', usage: { inputTokens: 200, outputTokens: 20 }, costUsd: 1 });
  usageBySpan.set(inner.spanId, { kind: 'llm', model: 'm', usage: { inputTokens: 200, outputTokens: 20 }, costUsd: 1 });
  store.ingestSpans([inner, a, b, root]);
  const summary = queries.getTraceSummary(traceId)!;
  assert.deepEqual(summary.usage, { inputTokens: 300, outputTokens: 30, totalTokens: 330 });
  assert.equal(summary.costUsd, 1.5);
  const rowA = queries.getSpanRows(traceId).find((r) => r.spanId === a.spanId)!;
  assert.deepEqual(rowA.usage, { inputTokens: 100, outputTokens: 10 });
  assert.equal(rowA.model, 'm');
  assert.equal(rowA.kind, 'llm');
  store.close();
});

/** A normalizer that shows which log records it was given: their bodies become input messages. */
function logAwareNormalizer(span: DecodedSpan, logs: readonly DecodedLogRecord[]): NormalizedFields {
  if (logs.length === 0) return { kind: 'other' };
  return {
    kind: 'llm',
    input: { messages: logs.map((l) => ({ role: String(l.eventName), parts: [{ type: 'text', text: String(l.body) }] })) },
  };
}

test('log records that arrive after their span re-normalize it', async () => {
  const { store, queries } = await openStore({ normalize: logAwareNormalizer });
  const span = makeSpan({ name: 'chat' });
  store.ingestSpans([span]);
  assert.equal(queries.getSpan(span.traceId, span.spanId)!.kind, 'other');
  store.takeChanges();

  const long = 'You are a helpful assistant. '.repeat(20);
  store.ingestLogs([
    makeLog({ traceId: span.traceId, spanId: span.spanId, eventName: 'gen_ai.system.message', body: long }),
    makeLog({ traceId: span.traceId, spanId: span.spanId, eventName: 'gen_ai.user.message', body: 'hi' }),
  ]);
  const json = queries.getSpan(span.traceId, span.spanId)!;
  assert.equal(json.kind, 'llm');
  assert.deepEqual(json.input!.messages.map((m) => m.role), ['gen_ai.system.message', 'gen_ai.user.message']);
  assert.deepEqual(json.input!.messages[0].parts, [{ type: 'text', text: long }]);
  assert.equal(queries.getSpanRows(span.traceId)[0].kind, 'llm', 'the row is updated too');
  assert.deepEqual(store.takeChanges()?.traceIds, [span.traceId], 'the update is a change of the trace');
  assert.equal(store.logCount, 2);
  store.close();
});

test('log records that arrive before their span are joined when the span arrives', async () => {
  const { store, queries } = await openStore({ normalize: logAwareNormalizer });
  const span = makeSpan({ name: 'chat' });
  store.ingestLogs([makeLog({ traceId: span.traceId, spanId: span.spanId, eventName: 'gen_ai.user.message', body: 'question' })]);
  assert.equal(queries.getTraceSummary(span.traceId), null, 'logs alone make no trace');
  store.ingestSpans([span]);
  const json = queries.getSpan(span.traceId, span.spanId)!;
  assert.deepEqual(json.input, { messages: [{ role: 'gen_ai.user.message', parts: [{ type: 'text', text: 'question' }] }] });
  store.close();
});

test('a log record without a trace id is stored apart, with no trace', async () => {
  const { store } = await openStore();
  assert.deepEqual(store.ingestLogs([makeLog({ body: 'stray', spanId: 'a'.repeat(16) })]), { stored: 0, untraced: 1, dropped: 0 });
  assert.equal(store.logCount, 1);
  assert.equal(store.untracedLogCount, 1);
  assert.equal(store.traceCount(), 0);
  store.close();
});

test('a normalizer failure keeps the span (raw) and logs a warning', async () => {
  const { store, queries, logs } = await openStore({ normalize: () => { throw new Error('boom'); } });
  const span = makeSpan({ name: 'weird', attributes: { a: 1 } });
  store.ingestSpans([span]);
  const json = queries.getSpan(span.traceId, span.spanId)!;
  assert.equal(json.kind, 'other');
  assert.deepEqual(json.attributes, { a: 1 });
  assert.ok(logs.some((l) => l.level === 'warn' && /boom/.test(l.message)));
  store.close();
});

test('takeChanges reports each touched trace once and then nothing', async () => {
  const { store } = await openStore();
  const a = makeSpan();
  const b = makeSpan();
  store.ingestSpans([a]);
  store.ingestSpans([b, { ...a, spanId: 'c000000000000001' }]);
  const changes = store.takeChanges()!;
  assert.deepEqual(new Set(changes.traceIds), new Set([a.traceId, b.traceId]));
  assert.equal(changes.traceIds.length, 2);
  assert.equal(store.takeChanges(), null);
  assert.equal(store.deleteTrace(a.traceId), true);
  assert.deepEqual(store.takeChanges(), { traceIds: [], evictedTraceIds: [a.traceId] });
  store.close();
});

test('a span that names itself as its parent is stored as a root', async () => {
  const { store, queries } = await openStore();
  const span = makeSpan({ spanId: 'abcabcabcabcabc1', parentSpanId: 'abcabcabcabcabc1', name: 'self' });
  store.ingestSpans([span]);
  assert.equal(queries.getSpanRows(span.traceId)[0].parentSpanId, null);
  assert.equal(queries.getTraceJson([span.traceId]).traces[0].spans![0].parentSpanId, null);
  assert.equal(queries.getTraceSummary(span.traceId)!.hasRoot, true);
  store.close();
});

test('a batch that fails half-way is rolled back as a whole and the store stays usable', async () => {
  const { store, queries } = await openStore();
  const good = makeSpan({ name: 'good', attributes: { long: 'x'.repeat(1000) } });
  const broken = { ...makeSpan(), name: null as unknown as string };
  assert.throws(() => store.ingestSpans([good, broken]));
  assert.equal(store.spanCount, 0);
  assert.equal(store.bytes, 0, 'counters and content accounting rolled back too');
  assert.equal(queries.getTraceSummary(good.traceId), null);
  assert.equal(store.takeChanges(), null);
  store.ingestSpans([good]);
  assert.equal(queries.getSpan(good.traceId, good.spanId)!.attributes!.long, 'x'.repeat(1000));
  assert.equal(store.contentCount, 1);
  store.close();
});

test('stored text comes back whole: NUL characters, non-ASCII and long values, in the row detail and in content', async () => {
  const { store, queries } = await openStore();
  const long = `start\u0000middle ${'é漢🙂'.repeat(120)}\u0000end`;
  const short = 'a\u0000b é';
  const span = makeSpan({ attributes: { long, short, nested: JSON.stringify([{ role: 'user', content: long }, { role: 'assistant', content: `${long}!` }]) } });
  store.ingestSpans([span]);
  const attributes = queries.getSpan(span.traceId, span.spanId)!.attributes!;
  assert.equal(attributes.long, long);
  assert.equal(attributes.short, short);
  assert.equal(attributes.nested, span.attributes.nested);
  store.close();
});
