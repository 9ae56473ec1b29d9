/**
 * The retrieval analysis is kept per trace and reused on repeat reads, but never past a change to
 * what it read: the trace itself, or the other traces it searched for the model call that consumed
 * the documents. Scenario: the captured LangChain run whose retriever and model were invoked
 * separately (test/fixtures/retrieval/008: two traces; the generator declares the answer is in the
 * other trace), its two traces arriving one after the other.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeTraces } from '../../../src/engine/otlp';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { FIXTURES } from '../../webview/fixture-engine';
import { openStore } from './open-store';

const truth = JSON.parse(readFileSync(join(FIXTURES, 'retrieval', 'truth.json'), 'utf8')) as { scenarios: { key: string; files: string[]; answerInOtherTrace: boolean }[] };
const crossTrace = truth.scenarios.find((s) => s.key === 'langchain-cross-trace')!;

function spansOfFixture() {
  const decoded = decodeTraces(readFileSync(join(FIXTURES, 'retrieval', crossTrace.files[0])), 'protobuf').items;
  const byTrace = new Map<string, typeof decoded>();
  for (const span of decoded) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  return byTrace;
}

const retrievalOf = (spans: readonly TraceJsonSpan[] | undefined) => spans?.find((s) => s.kind === 'retrieval')?.retrieval;

test('an unchanged trace is analyzed once; later reads reuse the result', async () => {
  const { store, queries } = await openStore();
  const traces = spansOfFixture();
  for (const spans of traces.values()) store.ingestSpans(spans);
  const ids = [...traces.keys()];
  const first = queries.getTraceJson(ids);
  const misses = queries.retrievals.misses;
  const again = queries.getTraceJson(ids);
  assert.equal(queries.retrievals.misses, misses, 'no new analysis for unchanged traces');
  assert.ok(queries.retrievals.hits >= ids.length);
  assert.deepEqual(again, first);
  store.close();
});

test('a consuming model call that arrives in another trace later is found on the next read', async () => {
  assert.equal(crossTrace.answerInOtherTrace, true, 'the generator declares the answer in a second trace');
  const { store, queries } = await openStore();
  const traces = [...spansOfFixture().entries()];
  const [retrieverTrace, modelTrace] = traces.sort(([, a]) => (a.some((s) => /retriev/i.test(s.name)) ? -1 : 1));
  store.ingestSpans(retrieverTrace[1]);
  const alone = retrievalOf(queries.getTraceJson([retrieverTrace[0]]).traces[0].spans);
  assert.ok(alone, 'the retriever trace has a retrieval step');
  assert.equal(alone.answerSpanId, undefined, 'no model call anywhere yet');
  assert.equal(queries.getTraceJson([retrieverTrace[0]]).traces.length, 1);

  store.ingestSpans(modelTrace[1]);
  const found = retrievalOf(queries.getTraceJson([retrieverTrace[0]]).traces[0].spans);
  assert.equal(found?.answerTraceId, modelTrace[0], 'the answer is in the trace that arrived later');
  assert.ok(found?.answerSpanId && modelTrace[1].some((s) => s.spanId === found.answerSpanId));
  assert.ok(found.documents.some((d) => d.used !== undefined), 'documents judged against that answer');
  store.close();
});
