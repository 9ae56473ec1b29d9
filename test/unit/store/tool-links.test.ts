import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTraces } from '../../../src/engine/otlp';
import { FIXTURES } from '../semconv/fixture-loader';
import { openStore } from './open-store';

test('Trace JSON links a tool span to the LLM call that requested it and the one that read its result (otel-genai-manual agent)', async () => {
  const decoded = decodeTraces(readFileSync(join(FIXTURES, 'otel-genai-manual', '002-traces.json')), 'json');
  assert.deepEqual(decoded.errors, []);
  const { store, queries } = await openStore();
  // Arrival order as the SDK exports: children first; the links must not depend on it.
  store.ingestSpans([...decoded.items].reverse());
  const traceId = decoded.items[0].traceId;
  const spans = queries.getTraceJson([traceId]).traces[0].spans!;
  const tools = spans.filter((s) => s.kind === 'tool');
  const chats = spans.filter((s) => s.kind === 'llm');
  assert.equal(tools.length, 1, 'the fixture has one tool run');
  assert.equal(chats.length, 2, 'between two chat calls');
  const [first, second] = chats.sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
  assert.ok(first.startTimeUnixMs <= tools[0].startTimeUnixMs && tools[0].startTimeUnixMs <= second.startTimeUnixMs);
  assert.deepEqual(tools[0].toolLink, { requestedBySpanId: first.spanId, consumedBySpanId: second.spanId });
  for (const s of spans.filter((x) => x.kind !== 'tool')) assert.equal(s.toolLink, undefined, `${s.name} is no tool span`);
  // The single-span view of the tool carries the same link; the field sits after `tool`.
  const one = queries.getSpan(traceId, tools[0].spanId)!;
  assert.deepEqual(one.toolLink, tools[0].toolLink);
  const keys = Object.keys(one);
  assert.equal(keys.indexOf('toolLink'), keys.indexOf('tool') + 1);
  store.close();
});
