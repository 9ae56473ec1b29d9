/**
 * A trace's Trace JSON as text (getTraceJsonBytes, UTF-8) is exactly JSON.stringify of the document the
 * engine builds, on the first read and on every repeat read, which reuses the kept text: checked on
 * every trace of every fixture, and across each change that can make a kept text stale (a new span,
 * a link's target arriving or going, a retrieval's answer arriving in another trace, deletion).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { TraceTextCache } from '../../../src/engine/store/trace-text-cache';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { normalizeSpan } from '../../../src/engine/semconv';
import { fixtureBody, FIXTURES, manifest } from '../../factories/fixture-payloads';
import { makeSpan, makeTrace } from '../../factories/spans';
import { openStore } from './open-store';


/** The text equals the document, and a repeat read of the unchanged traces serializes nothing again. */
function assertTextIsDocument(queries: TraceQueries, ids: string[], label: string): void {
  const first = queries.getTraceJsonText(ids);
  assert.equal(first, JSON.stringify(queries.getTraceJson(ids)), `${label}: first read`);
  const misses = queries.texts.misses;
  assert.equal(queries.getTraceJsonText(ids), first, `${label}: repeat read`);
  assert.equal(queries.texts.misses, misses, `${label}: the repeat read reuses the kept text`);
  if (ids.length === 1) assert.equal(queries.getTraceJsonBytes(ids), queries.getTraceJsonBytes(ids), `${label}: the very bytes kept`);
}

test('every fixture: each trace\'s text is JSON.stringify of its document, first and repeat read', async () => {
  const entries = manifest().filter((e) => !e.expectError);
  let traces = 0;
  for (const family of new Set(entries.map((e) => e.family))) {
    const { store, queries } = await openStore();
    for (const entry of entries.filter((e) => e.family === family)) {
      const body = fixtureBody(entry);
      if (!body) continue;
      if (entry.signal === 'traces') store.ingestSpans(decodeTraces(body, entry.encoding).items);
      if (entry.signal === 'logs') store.ingestLogs(decodeLogs(body, entry.encoding).items);
    }
    const ids = queries.listTraces({ limit: 100_000 }).traces.map((t) => t.traceId);
    for (const id of ids) assertTextIsDocument(queries, [id], `${family} trace ${id}`);
    // Several traces in one document (compare asks for two), and an id not in the store (left out).
    assertTextIsDocument(queries, [...ids.slice(0, 3), 'f'.repeat(32)], `${family}, several traces`);
    traces += ids.length;
    store.close();
  }
  assert.ok(traces > 50, `read ${traces} fixture traces`);
});

test('a kept text is not served past a new span, a link target arriving or leaving, or deletion', async () => {
  const { store, queries } = await openStore();
  const target = makeSpan({ name: 'send order' });
  const spans = makeTrace(3, {});
  const traceId = spans[0].traceId;
  const consumer = makeSpan({ traceId, parentSpanId: spans[0].spanId, name: 'process order', links: [{ traceId: target.traceId, spanId: target.spanId, attributes: {} }] });
  store.ingestSpans([...spans, consumer]);
  assertTextIsDocument(queries, [traceId], 'link target not stored');
  assert.match(queries.getTraceJsonText([traceId]), /"inStore":false/);

  store.ingestSpans([target]);
  assertTextIsDocument(queries, [traceId], 'link target stored since');
  assert.match(queries.getTraceJsonText([traceId]), /"inStore":true/);

  store.ingestSpans([makeSpan({ traceId, parentSpanId: spans[0].spanId, name: 'late child' })]);
  assertTextIsDocument(queries, [traceId], 'a span arrived');
  assert.match(queries.getTraceJsonText([traceId]), /late child/);

  assert.ok(store.deleteTrace(target.traceId));
  assertTextIsDocument(queries, [traceId], 'link target deleted');
  assert.match(queries.getTraceJsonText([traceId]), /"inStore":false/);

  assert.ok(store.deleteTrace(traceId));
  assert.equal(queries.getTraceJsonText([traceId]), '{"version":1,"traces":[]}');
  store.close();
});

test('a retrieval whose answer arrives later in another trace: the next text has it', async () => {
  const truth = JSON.parse(readFileSync(join(FIXTURES, 'retrieval', 'truth.json'), 'utf8')) as { scenarios: { key: string; files: string[]; answerInOtherTrace: boolean }[] };
  const crossTrace = truth.scenarios.find((s) => s.key === 'langchain-cross-trace')!;
  assert.equal(crossTrace.answerInOtherTrace, true, 'the generator declares the answer in a second trace');
  const decoded = decodeTraces(readFileSync(join(FIXTURES, 'retrieval', crossTrace.files[0])), 'protobuf').items;
  const byTrace = new Map<string, typeof decoded>();
  for (const span of decoded) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const [retriever, model] = [...byTrace.entries()].sort(([, a]) => (a.some((s) => /retriev/i.test(s.name)) ? -1 : 1));
  const { store, queries } = await openStore();
  store.ingestSpans(retriever[1]);
  assertTextIsDocument(queries, [retriever[0]], 'retriever alone');
  assert.doesNotMatch(queries.getTraceJsonText([retriever[0]]), new RegExp(`"answerTraceId":"${model[0]}"`));
  store.ingestSpans(model[1]);
  assertTextIsDocument(queries, [retriever[0]], 'answer arrived in the other trace');
  assert.match(queries.getTraceJsonText([retriever[0]]), new RegExp(`"answerTraceId":"${model[0]}"`));
  store.close();
});

test('the kept texts are at most their bound in bytes, least recently read first out, and never a trace larger than it', async () => {
  const { store, queries } = await openStore();
  const traces = [0, 1, 2].map(() => makeTrace(2, { attributes: { note: 'x'.repeat(400) } }));
  for (const spans of traces) store.ingestSpans(spans);
  const texts = traces.map((spans) => queries.getTraceJsonText([spans[0].traceId]));
  const small = new TraceTextCache(texts[0].length * 2 + 100);
  const read = (i: number) => {
    const trace = queries.getTraceJson([traces[i][0].traceId]).traces[0];
    return small.documentOf(trace, queries.cache.get(trace.traceId, queries.getTraceSummary(trace.traceId)!.updatedSeq)!);
  };
  read(0);
  read(1);
  read(2);
  assert.ok(small.bytes <= texts[0].length * 2 + 100, `holds ${small.bytes} bytes`);
  const misses = small.misses;
  read(2);
  assert.equal(small.misses, misses, 'the most recent is kept');
  read(0);
  assert.equal(small.misses, misses + 1, 'the oldest went first');
  const tiny = new TraceTextCache(10);
  const trace = queries.getTraceJson([traces[0][0].traceId]).traces[0];
  const bytes = tiny.documentOf(trace, queries.cache.get(trace.traceId, queries.getTraceSummary(trace.traceId)!.updatedSeq)!);
  assert.equal(Buffer.from(bytes).toString('utf8'), JSON.stringify({ version: 1, traces: [trace] }));
  assert.equal(tiny.bytes, 0, 'a text over the bound is served but not kept');
  store.close();
});

test('read in slices (the query API): the same bytes, other work running between slices, one build for concurrent reads', async () => {
  const { store, queries } = await openStore();
  const spans = makeTrace(1199, { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } });
  const traceId = spans[0].traceId;
  store.ingestSpans(spans);
  let pauses = 0;
  const pause = async () => {
    pauses++;
    await new Promise((resolve) => setImmediate(resolve));
  };
  const builtBefore = queries.cache.misses;
  const [sliced, again] = await Promise.all([queries.getTraceJsonBytesInSlices([traceId], pause), queries.getTraceJsonBytesInSlices([traceId], pause)]);
  // 1,200 spans: a pause after reading them, after every 250 normalized, after every 1,000 serialized.
  assert.ok(pauses >= 1 + 4 + 1, `paused ${pauses} times`);
  assert.equal(queries.cache.misses, builtBefore, 'built once, by the slices, not by a whole read');
  assert.equal(Buffer.from(sliced).toString('utf8'), JSON.stringify(queries.getTraceJson([traceId])));
  assert.equal(Buffer.from(again).toString('utf8'), Buffer.from(sliced).toString('utf8'));
  assert.equal(queries.getTraceJsonBytes([traceId]), queries.getTraceJsonBytes([traceId]), 'kept: the next read is the same bytes');
  store.close();
});

test('read in slices while the trace changes: the answer is the trace as it is at the end', async () => {
  const { store, queries } = await openStore();
  const spans = makeTrace(600, {});
  const traceId = spans[0].traceId;
  store.ingestSpans(spans);
  let arrived = false;
  const pause = async () => {
    if (!arrived) store.ingestSpans([makeSpan({ traceId, parentSpanId: spans[0].spanId, name: 'arrived while reading' })]);
    arrived = true;
    await new Promise((resolve) => setImmediate(resolve));
  };
  const text = Buffer.from(await queries.getTraceJsonBytesInSlices([traceId, 'f'.repeat(32)], pause)).toString('utf8');
  assert.match(text, /arrived while reading/);
  assert.equal(text, JSON.stringify(queries.getTraceJson([traceId])));
  assert.equal(queries.getTraceJson([traceId]).traces[0].spans!.length, 602);
  store.close();
});

test('read in slices, a trace too big to keep: built once per read, the same bytes', async () => {
  let normalized = 0;
  const { store } = await openStore({
    normalize: (span, logs) => {
      normalized++;
      return normalizeSpan(span, logs);
    },
  });
  const queries = new TraceQueries(store, 1000);
  const spans = makeTrace(299, {});
  store.ingestSpans(spans);
  const before = normalized;
  const text = Buffer.from(await queries.getTraceJsonBytesInSlices([spans[0].traceId], () => new Promise((resolve) => setImmediate(resolve)))).toString('utf8');
  assert.equal(normalized - before, 300, 'each span normalized once');
  assert.equal(queries.cache.bytes, 0, 'too big to keep');
  assert.equal(text, JSON.stringify(queries.getTraceJson([spans[0].traceId])));
  store.close();
});

test('text of every width: multi-byte characters, surrogate pairs, lone surrogates and spans far larger than the first buffer', async () => {
  const { store, queries } = await openStore();
  const traceId = makeSpan().traceId;
  const root = makeSpan({ traceId, name: 'r\u00e9sum\u00e9 \u4f60\u597d \ud83d\ude80' });
  const wide = ['\u00e9', '\u4f60', '\ud83d\ude80', '\ud800', 'x'];
  const spans = [root, ...wide.map((unit, i) => makeSpan({
    traceId, parentSpanId: root.spanId, name: `width ${i}`,
    // 200,000 UTF-16 units each: one span's UTF-8 is up to 600 KB, past any small first buffer.
    attributes: { 'payload': unit.repeat(200_000 / unit.length), 'tail': `end ${unit}` },
  }))];
  store.ingestSpans(spans);
  const document = queries.getTraceJson([traceId]);
  assert.equal(document.traces[0].spans?.length, spans.length);
  // Ground truth: Node's own UTF-8 of the document's JSON (a lone surrogate is escaped by JSON.stringify).
  const expected = Buffer.from(JSON.stringify(document), 'utf8');
  assert.ok(Buffer.from(queries.getTraceJsonBytes([traceId])).equals(expected), 'whole read');
  const sliced = new TraceQueries(store);
  const inSlices = await sliced.getTraceJsonBytesInSlices([traceId], () => new Promise((resolve) => setImmediate(resolve)));
  assert.ok(Buffer.from(inSlices).equals(expected), 'read in slices');
  assert.ok(inSlices.buffer instanceof SharedArrayBuffer, 'shared memory');
  // Each write first makes room for 3 bytes per unit: a text of a few huge spans is left with more
  // spare room than a quarter of it, so it is copied into memory of its exact size.
  assert.equal(inSlices.buffer.byteLength, expected.byteLength, 'exactly the text, no spare room');
  store.close();
});

test('a text of many spans is a view of the memory it was written into (grown in place, not copied), and the cache counts that memory', async () => {
  const { store, queries } = await openStore();
  const traceId = makeSpan().traceId;
  const root = makeSpan({ traceId, name: 'root' });
  // About 2 MB of text from 4,000 small spans: the memory grows many times, an eighth at a time.
  const children = Array.from({ length: 4000 }, (_, i) => makeSpan({
    traceId, parentSpanId: root.spanId, name: `step ${i} \u00e9`, startTimeUnixMs: root.startTimeUnixMs + i, attributes: { note: `note ${i} `.repeat(20) },
  }));
  store.ingestSpans([root, ...children]);
  const expected = Buffer.from(JSON.stringify(queries.getTraceJson([traceId])), 'utf8');
  const sliced = new TraceQueries(store);
  const bytes = await sliced.getTraceJsonBytesInSlices([traceId], () => new Promise((resolve) => setImmediate(resolve)));
  assert.ok(Buffer.from(bytes).equals(expected), 'the same bytes');
  const memory = bytes.buffer;
  assert.ok(memory instanceof SharedArrayBuffer, 'shared memory');
  assert.ok(memory.byteLength > bytes.byteLength, `a view of the written part (${bytes.byteLength} of ${memory.byteLength} bytes)`);
  assert.ok(memory.byteLength - bytes.byteLength <= bytes.byteLength / 4, `at most a quarter spare: ${memory.byteLength - bytes.byteLength} bytes`);
  assert.ok(sliced.texts.bytes >= memory.byteLength, `the kept text is counted as the memory it holds (${sliced.texts.bytes} bytes)`);
  // Posted to another thread, the view reads the same bytes (shared, not copied).
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<Uint8Array>((resolve) => port2.once('message', resolve));
  port1.postMessage(bytes);
  const other = await received;
  port1.close();
  port2.close();
  assert.ok(Buffer.from(other).equals(expected), 'the same bytes after a postMessage');
  assert.equal(other.byteLength, expected.byteLength);
  store.close();
});

test('spans serialized several at a time: every boundary between them reads as the document, whatever their width', async () => {
  const { store, queries } = await openStore();
  const traceId = makeSpan().traceId;
  const root = makeSpan({ traceId, name: 'root' });
  // 101 children: pieces of several spans each, a multi-byte character at each span's start and end.
  const wide = ['\u00e9', '\u4f60', '\ud83d\ude80', 'x'];
  const children = Array.from({ length: 101 }, (_, i) => makeSpan({
    traceId, parentSpanId: root.spanId, name: `${wide[i % 4]}child ${i}${wide[(i + 1) % 4]}`, startTimeUnixMs: root.startTimeUnixMs + i,
    // Every 40th span is larger than the first buffer: a piece that starts a new one.
    attributes: i % 40 === 39 ? { payload: wide[i % 4].repeat(30_000) } : { n: i },
  }));
  store.ingestSpans([root, ...children]);
  const document = queries.getTraceJson([traceId]);
  assert.equal(document.traces[0].spans?.length, 102);
  const expected = Buffer.from(JSON.stringify(document), 'utf8');
  assert.ok(Buffer.from(queries.getTraceJsonBytes([traceId])).equals(expected), 'whole read');
  const inSlices = await new TraceQueries(store).getTraceJsonBytesInSlices([traceId], () => new Promise((resolve) => setImmediate(resolve)));
  assert.ok(Buffer.from(inSlices).equals(expected), 'read in slices');
  store.close();
});
