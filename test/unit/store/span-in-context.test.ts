/**
 * Selecting one span reads it with indexed lookups (tool-call keys, duplicate calls) instead of
 * building its whole trace. The answer must be the whole-trace answer, field for field and in the
 * same key order: checked on every span of every fixture, stored both ways the engine stores them
 * (decoded on the store's thread, and prepared as on the prepare thread, log records after their
 * spans), on the tool spans of the hostile agent trace, and on the retrieval and rerank steps of its
 * RAG variant, whose analysis reads the steps and the model calls after them instead of the trace.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { ragAgentTrace, ragDocuments, wideAgentTrace } from '../../factories/hostile-traces';
import { openStore, type OpenedStore } from './open-store';

/** Every span of every trace: getSpan on a cold cache against the whole trace's Trace JSON. */
function compareEverySpan(opened: OpenedStore, label: string): { spans: number; byKind: Map<string, number>; answered: number } {
  const byKind = new Map<string, number>();
  let spans = 0;
  let answered = 0;
  const ids = opened.queries.listTraces({ limit: 100_000 }).traces.map((t) => t.traceId);
  for (const traceId of ids) {
    const whole = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!;
    // A reader holding the trace's built spans but not their retrieval analysis (forgotten, or
    // stale since a nearby trace changed): a step is analyzed alone over those spans.
    const built = new TraceQueries(opened.store);
    built.getTraceJson([traceId]);
    built.retrievals.forget(traceId);
    const analyses = built.retrievals.misses;
    for (const expected of whole) {
      // A fresh reader each time: nothing cached, so the lookups answer.
      const alone = new TraceQueries(opened.store).getSpan(traceId, expected.spanId);
      assert.equal(JSON.stringify(alone), JSON.stringify(expected), `${label}: span ${expected.spanId} (${expected.kind} '${expected.name}') of trace ${traceId}`);
      const fromBuilt = built.getSpan(traceId, expected.spanId);
      assert.equal(JSON.stringify(fromBuilt), JSON.stringify(expected), `${label}: span ${expected.spanId} from the built spans`);
      byKind.set(expected.kind, (byKind.get(expected.kind) ?? 0) + 1);
      if (expected.retrieval?.answerSpanId) answered++;
      spans++;
    }
    assert.equal(built.retrievals.misses, analyses, `${label}: no whole-trace analysis to select a step of trace ${traceId}`);
  }
  return { spans, byKind, answered };
}

test('every fixture: a span read alone equals the same span in its whole trace (tool links, duplicate calls, costs)', async () => {
  const entries = manifest().filter((e) => !e.expectError);
  const families = [...new Set(entries.map((e) => e.family))];
  let spans = 0;
  let toolLinks = 0;
  let duplicates = 0;
  const steps = { retrieval: 0, rerank: 0, answered: 0 };
  for (const family of families) {
    const decoded = await openStore();
    const prepared = await openStore();
    const logs = entries.filter((e) => e.family === family && e.signal === 'logs').flatMap((e) => {
      const body = fixtureBody(e);
      return body ? decodeLogs(body, e.encoding).items : [];
    });
    for (const entry of entries.filter((e) => e.family === family && e.signal === 'traces')) {
      const body = fixtureBody(entry);
      if (!body) continue;
      const items = decodeTraces(body, entry.encoding).items;
      decoded.store.ingestSpans(items);
      prepared.store.ingestPreparedSpans(prepareDecodedSpans(items));
    }
    // Logs after their spans: the spans are normalized again, and their keys with them.
    decoded.store.ingestLogs(logs);
    prepared.store.ingestLogs(logs);
    for (const [label, opened] of [['decoded', decoded], ['prepared', prepared]] as const) {
      const counted = compareEverySpan(opened, `${family} (${label})`);
      spans += counted.spans;
      steps.retrieval += counted.byKind.get('retrieval') ?? 0;
      steps.rerank += counted.byKind.get('rerank') ?? 0;
      steps.answered += counted.answered;
      for (const id of opened.queries.listTraces({ limit: 100_000 }).traces.map((t) => t.traceId)) {
        const whole = opened.queries.getTraceJson([id]).traces[0].spans!;
        toolLinks += whole.filter((s) => s.toolLink).length;
        duplicates += whole.filter((s) => s.duplicateOf).length;
      }
      opened.store.close();
    }
  }
  // The comparison must have covered what the lookups answer, not only plain spans.
  assert.ok(spans > 500, `${spans} spans compared`);
  // Retrieval and rerank steps are read from their trace's steps and model calls, not the whole trace.
  assert.ok(steps.retrieval >= 40 && steps.rerank >= 2 && steps.answered >= 40, JSON.stringify(steps));
  assert.ok(toolLinks >= 20, `${toolLinks} tool links compared`);
  assert.ok(duplicates >= 4, `${duplicates} duplicate calls compared`);
});

test('the hostile agent trace (5,000 spans, tools with call ids): every tenth tool span read alone has the link the whole trace gives it', async () => {
  const opened = await openStore();
  const items = decodeTraces(wideAgentTrace(5_000), 'protobuf').items;
  for (let i = 0; i < items.length; i += 1000) opened.store.ingestPreparedSpans(prepareDecodedSpans(items.slice(i, i + 1000)));
  const traceId = items[0].traceId;
  const whole = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!;
  const tools = whole.filter((s) => s.kind === 'tool');
  // A root, then model call and tool span in turn: 4,999 spans after the root, 2,499 of them tools.
  assert.equal(tools.length, 2_499);
  const byId = new Map<string, TraceJsonSpan>(whole.map((s) => [s.spanId, s]));
  for (const tool of tools.filter((_, i) => i % 10 === 0)) {
    const alone = new TraceQueries(opened.store).getSpan(traceId, tool.spanId)!;
    assert.equal(JSON.stringify(alone), JSON.stringify(tool));
    // Ground truth of the generator: step i's model call asks for call_i, its tool runs next.
    const requester = byId.get(alone.toolLink!.requestedBySpanId!)!;
    assert.equal(requester.kind, 'llm');
    assert.equal(requester.output?.messages[0].parts[0].type === 'tool_call' && requester.output.messages[0].parts[0].id, alone.tool!.callId);
  }
  opened.store.close();
});

test('the RAG agent trace (5,000 spans): every retrieval and rerank step read alone is the step of the whole trace, answered by its own model call', async () => {
  const opened = await openStore();
  const items = decodeTraces(ragAgentTrace(5_000), 'protobuf').items;
  for (let i = 0; i < items.length; i += 1000) opened.store.ingestPreparedSpans(prepareDecodedSpans(items.slice(i, i + 1000)));
  const traceId = items[0].traceId;
  const whole = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!;
  const steps = whole.filter((s) => s.kind === 'retrieval' || s.kind === 'rerank');
  // Steps of 4 spans after the root (retrieval, then model call and tool; a rerank every fourth
  // retrieval): every 25th step retrieves, 3,499 spans hold ≈ 1,200 steps.
  const retrievals = steps.filter((s) => s.kind === 'retrieval');
  assert.ok(retrievals.length >= 45 && steps.length - retrievals.length >= 11, `${retrievals.length} retrievals, ${steps.length - retrievals.length} reranks`);
  // A panel reads the span rows when it opens; a reader may also select a step straight away.
  const panel = new TraceQueries(opened.store);
  panel.getSpanRows(traceId);
  // A reader that built the trace and then lost its analysis analyzes only the step selected.
  const built = new TraceQueries(opened.store);
  built.getTraceJson([traceId]);
  built.retrievals.forget(traceId);
  const analyses = built.retrievals.misses;
  const byId = new Map(whole.map((s) => [s.spanId, s]));
  for (const step of steps) {
    assert.equal(JSON.stringify(new TraceQueries(opened.store).getSpan(traceId, step.spanId)), JSON.stringify(step), `${step.kind} ${step.spanId}`);
    assert.equal(JSON.stringify(panel.getSpan(traceId, step.spanId)), JSON.stringify(step), `${step.kind} ${step.spanId}, rows read first`);
    assert.equal(JSON.stringify(built.getSpan(traceId, step.spanId)), JSON.stringify(step), `${step.kind} ${step.spanId}, from the built spans`);
    // Ground truth of the generator: step i's model call is given documents a and b and quotes a.
    const i = Number(/^refund for batch (\d+)$/.exec(step.retrieval!.query ?? '')?.[1] ?? (step.retrieval!.documents[0].id ?? '').split('-')[1]);
    const answer = byId.get(step.retrieval!.answerSpanId!)!;
    assert.equal(answer.kind, 'llm');
    assert.ok(answer.output?.messages[0].parts.some((p) => p.type === 'tool_call' && p.id === `call_${i}`), `step ${i} answered by its own call`);
    const docs = step.retrieval!.documents;
    assert.deepEqual(docs.map((d) => d.id), ragDocuments(i).map((d) => d.id).slice(0, step.kind === 'rerank' ? 2 : 3));
    assert.equal(docs[0].used, true, `step ${i}: the quoted document is used`);
    if (step.kind === 'retrieval') assert.equal(docs[2].used, false, `step ${i}: the document the call never saw is unused`);
  }
  assert.equal(built.retrievals.misses, analyses, 'no whole-trace analysis ran to select the steps');
  opened.store.close();
});
