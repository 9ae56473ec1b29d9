/**
 * Selecting a retrieval or rerank step reads at most a bounded number of model calls after it. A
 * search that stops there without settling the consuming call must say so (`answerSearch`) and
 * claim nothing; wherever it claims an answer (or none), the step must be the whole trace's step.
 * Checked on every fixture's steps with bounds small enough to cut most searches, and on the RAG
 * agent trace with a step whose documents no model call was given (made with the real SDK).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tracer } from '@opentelemetry/api';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { MODEL_CALLS_READ } from '../../../src/engine/store/retrieval-step-read';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { ragAgentTrace } from '../../factories/hostile-traces';
import { recordSpans, tracesProtobuf, withIds } from '../../factories/otlp-payloads';
import { openStore, type OpenedStore } from './open-store';

const isStep = (s: TraceJsonSpan): boolean => s.kind === 'retrieval' || s.kind === 'rerank';

/** The step without what only its consuming call gives (the answer, used, evidence, text listed in the prompt). */
function withoutAnswer(span: TraceJsonSpan): string {
  const copy = structuredClone(span);
  const r = copy.retrieval!;
  delete r.answerSpanId;
  delete r.answerTraceId;
  delete r.answerSearch;
  for (const doc of [...r.documents, ...(r.inputDocuments ?? [])]) {
    delete doc.used;
    delete doc.evidence;
    if (doc.contentSource === 'prompt') {
      delete doc.content;
      delete doc.contentSource;
      delete doc.findings;
    }
  }
  return JSON.stringify(copy);
}

/** A reader that reads at most `calls` model calls to select a step. */
function boundedReader(opened: OpenedStore, calls: number): TraceQueries {
  const queries = new TraceQueries(opened.store);
  queries.stepCallsRead = calls;
  return queries;
}

test('every fixture: a step read with its consumer search cut short claims nothing the whole trace does not', async () => {
  const entries = manifest().filter((e) => !e.expectError);
  const counts = { claimed: 0, cut: 0, cutWithAnswerInWhole: 0 };
  for (const family of new Set(entries.map((e) => e.family))) {
    const opened = await openStore();
    for (const entry of entries.filter((e) => e.family === family && e.signal === 'traces')) {
      const body = fixtureBody(entry);
      if (body) opened.store.ingestPreparedSpans(prepareDecodedSpans(decodeTraces(body, entry.encoding).items));
    }
    opened.store.ingestLogs(entries.filter((e) => e.family === family && e.signal === 'logs').flatMap((e) => {
      const body = fixtureBody(e);
      return body ? decodeLogs(body, e.encoding).items : [];
    }));
    for (const { traceId } of opened.queries.listTraces({ limit: 100_000 }).traces) {
      const steps = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!.filter(isStep);
      for (const whole of steps) {
        assert.equal(whole.retrieval?.answerSearch, undefined, 'the whole trace is searched whole');
        for (const calls of [0, 1, 2, 3]) {
          const alone = boundedReader(opened, calls).getSpan(traceId, whole.spanId)!;
          const label = `${family}: ${whole.kind} ${whole.spanId} of trace ${traceId}, ${calls} calls read`;
          const cut = alone.retrieval?.answerSearch;
          if (!cut) {
            assert.equal(JSON.stringify(alone), JSON.stringify(whole), label);
            counts.claimed++;
            continue;
          }
          counts.cut++;
          if (whole.retrieval?.answerSpanId) counts.cutWithAnswerInWhole++;
          assert.ok(cut.stoppedAfterCalls <= calls, `${label}: stopped after ${cut.stoppedAfterCalls}`);
          assert.equal(alone.retrieval!.answerSpanId, undefined, `${label}: a cut search names no answer`);
          assert.ok(alone.retrieval!.documents.every((d) => d.used === undefined && d.evidence === undefined), `${label}: nor which documents it used`);
          assert.equal(withoutAnswer(alone), withoutAnswer(whole), label);
        }
      }
    }
    opened.store.close();
  }
  // Both outcomes were exercised, and cuts hid answers the whole trace has (so they are not "no answer").
  assert.ok(counts.claimed >= 60 && counts.cut >= 25 && counts.cutWithAnswerInWhole >= 20, JSON.stringify(counts));
});

/** Spans recorded by the SDK into an existing trace (as more spans of the RAG agent). */
function intoTrace(traceId: string, build: (tracer: Tracer) => void): Uint8Array {
  return tracesProtobuf(recordSpans(build, 'hostile-rag-agent').map((s) => withIds(s, { traceId })));
}

const archiveDocuments = (name: string, count: number): Array<{ id: string; score: number; content: string }> =>
  Array.from({ length: count }, (_, k) => ({ id: `arch-${name}-${k + 1}`, score: 0.4 - k / 10, content: `Archive memo ${k + 1} (${name}): the ${['warehouse ledger', 'badge reader', 'loading dock'][k]} of site ${name} was moved in March.` }));

/** A retrieval step of the RAG agent at `startMs` retrieving `docs`. */
function retrieval(tracer: Tracer, name: string, startMs: number, docs: readonly object[]): void {
  tracer.startSpan(name, { startTime: startMs, attributes: {
    'gen_ai.operation.name': 'retrieval', 'gen_ai.retrieval.query.text': `archive lookup ${name}`, 'gen_ai.retrieval.documents': JSON.stringify(docs),
  } }).end(startMs + 1);
}

/** A model call at `startMs` given `context` in its prompt. */
function chat(tracer: Tracer, name: string, startMs: number, context: string): void {
  tracer.startSpan(name, { startTime: startMs, attributes: {
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Context:\n${context}\n\nQuestion: where did the archive go?` }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'It was moved in March.' }] }]),
  } }).end(startMs + 2);
}

test('the RAG agent trace: a step no model call consumed is searched within the bound and says where the search stopped', async () => {
  const opened = await openStore();
  const items = decodeTraces(ragAgentTrace(3_000), 'protobuf').items;
  opened.store.ingestPreparedSpans(prepareDecodedSpans(items));
  const traceId = items[0].traceId;
  const root = items.find((s) => s.parentSpanId === null)!;
  const calls = items.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
  const lastCallStart = Math.max(...calls.map((s) => s.startTimeUnixMs));
  const partialDocs = archiveDocuments('partial', 3);
  const added = intoTrace(traceId, (tracer) => {
    // Unread: one early in the trace (every model call starts after it), one after its last model call.
    retrieval(tracer, 'early', root.startTimeUnixMs + 5, archiveDocuments('early', 2));
    retrieval(tracer, 'late', lastCallStart + 10, archiveDocuments('late', 2));
    // Read twice: the next call is given one of its three documents, a call after all others two.
    retrieval(tracer, 'partial', root.startTimeUnixMs + 6, partialDocs);
    chat(tracer, 'chat given one', root.startTimeUnixMs + 7, partialDocs[0].content);
    chat(tracer, 'chat given two', lastCallStart + 20, `${partialDocs[0].content}\n${partialDocs[1].content}`);
  });
  opened.store.ingestPreparedSpans(prepareDecodedSpans(decodeTraces(added, 'protobuf').items));
  const whole = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!;
  const named = (name: string): TraceJsonSpan => whole.find((s) => s.name === name)!;
  const [early, late, partial] = [named('early'), named('late'), named('partial')];
  // Ground truth of the generator: no call holds either step's documents.
  for (const step of [early, late]) {
    assert.equal(step.retrieval!.answerSpanId, undefined, `${step.name}: no consumer in the whole trace`);
    assert.deepEqual(step.retrieval!.documents.map((d) => d.id), [`arch-${step.name}-1`, `arch-${step.name}-2`]);
  }
  assert.ok(calls.length > MODEL_CALLS_READ + 100, `${calls.length} model calls after the early step, more than the bound`);

  const earlyAlone = new TraceQueries(opened.store).getSpan(traceId, early.spanId)!;
  assert.deepEqual(earlyAlone.retrieval!.answerSearch, { stoppedAfterCalls: MODEL_CALLS_READ });
  assert.equal(withoutAnswer(earlyAlone), withoutAnswer(early));
  // After the trace's last model call the search reaches the end: "no consumer" is claimed, as the whole trace says.
  assert.equal(JSON.stringify(new TraceQueries(opened.store).getSpan(traceId, late.spanId)), JSON.stringify(late));
  // A bound past every call: the step read alone is the whole trace's step.
  assert.equal(JSON.stringify(boundedReader(opened, calls.length + 1).getSpan(traceId, early.spanId)), JSON.stringify(early));
  // The first call holding half the documents answers, however late: one holding a third does not.
  assert.equal(partial.retrieval!.answerSpanId, named('chat given two').spanId);
  const partialAlone = new TraceQueries(opened.store).getSpan(traceId, partial.spanId)!;
  assert.deepEqual(partialAlone.retrieval!.answerSearch, { stoppedAfterCalls: MODEL_CALLS_READ }, 'the call holding a third is no answer yet');
  assert.equal(withoutAnswer(partialAlone), withoutAnswer(partial));
  assert.equal(JSON.stringify(boundedReader(opened, calls.length + 2).getSpan(traceId, partial.spanId)), JSON.stringify(partial));
  // The trace's own steps are still answered by their next call within the bound.
  for (const step of whole.filter((s) => isStep(s) && !['early', 'late', 'partial'].includes(s.name))) {
    assert.equal(JSON.stringify(new TraceQueries(opened.store).getSpan(traceId, step.spanId)), JSON.stringify(step), `${step.kind} ${step.spanId}`);
  }
  opened.store.close();
});
