/**
 * A big trace's summary refresh writes to `calls` only the rows that changed since the last one
 * (call-rows-memo.ts). Whatever the arrival, the table must end as a store fed the whole trace at
 * once holds it: checked on an agent whose root's usage covers its calls (so the root's part in
 * the cost flips as its calls arrive), arriving in slices both root first and root last, and with a
 * trace deleted and sent again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, trace, type Span } from '@opentelemetry/api';
import initSqlJs from 'sql.js';
import { decodeTraces } from '../../../src/engine/otlp';
import type { DecodedSpan } from '../../../src/engine/model';
import { sqlWasmPath } from '../../../src/engine/store/sql-loader';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { openStore } from './open-store';

const CALLS = 600;

/** An agent root reporting the sum of its calls' usage (as AI SDK v7 does), and its calls. */
function agentSpans(callStepMs = 1): DecodedSpan[] {
  const spans = recordSpans((tracer) => {
    const root = tracer.startSpan('invoke_agent summer', { startTime: 1_000, attributes: {
      'gen_ai.operation.name': 'invoke_agent', 'gen_ai.usage.input_tokens': CALLS * 100, 'gen_ai.usage.output_tokens': CALLS * 10,
    } });
    const ctx = trace.setSpan(context.active(), root);
    for (let i = 0; i < CALLS; i++) {
      const call: Span = tracer.startSpan(`chat ${i}`, { startTime: 1_001 + i * callStepMs, attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': i % 3 ? 'gpt-4o-mini' : 'gpt-4o',
        'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10,
      } }, ctx);
      call.end(1_002 + i * callStepMs);
    }
    root.end(1_000 + CALLS * callStepMs + 5);
  });
  return decodeTraces(tracesProtobuf(spans), 'protobuf').items;
}

/** The calls table of a store, read from its snapshot. */
async function callsTable(store: { export(): Uint8Array }): Promise<unknown[]> {
  const SQL = await initSqlJs({ locateFile: () => sqlWasmPath() });
  const db = new SQL.Database(store.export());
  try {
    return db.exec('SELECT * FROM calls ORDER BY trace_id, span_id')[0]?.values ?? [];
  } finally {
    db.close();
  }
}

/** The calls rows and the trace's summary (but its version) after storing the spans in slices. */
async function storedInSlices(spans: readonly DecodedSpan[], slice: number): Promise<unknown> {
  const { store } = await openStore();
  for (let i = 0; i < spans.length; i += slice) store.ingestSpans(spans.slice(i, i + slice));
  const rows = await callsTable(store);
  const { updatedSeq: _version, ...summary } = store.traceSummary(spans[0].traceId)!;
  store.close();
  return { rows, summary };
}

test('a big trace arriving in slices ends with the calls rows and summary of the whole trace stored at once', async () => {
  const spans = agentSpans();
  const root = spans.find((s) => s.parentSpanId === null)!;
  const calls = spans.filter((s) => s !== root);
  const whole = await storedInSlices([root, ...calls], spans.length);
  const { rows, summary } = whole as { rows: unknown[]; summary: { spanCount: number; usage: { inputTokens: number } } };
  assert.equal(rows.length, CALLS + 1, 'one row per span with tokens');
  // Ground truth: the root repeats its calls' usage, so the trace counts it once.
  assert.equal(summary.spanCount, CALLS + 1);
  assert.equal(summary.usage.inputTokens, CALLS * 100);
  assert.deepEqual(await storedInSlices([root, ...calls], 50), whole, 'root first');
  assert.deepEqual(await storedInSlices([...calls, root], 50), whole, 'root last');
});

test('a big trace deleted, the store cleared, and the trace sent again: the same rows again', async () => {
  const spans = agentSpans();
  const { store } = await openStore();
  for (let i = 0; i < spans.length; i += 100) store.ingestSpans(spans.slice(i, i + 100));
  const before = await callsTable(store);
  assert.ok(store.deleteTrace(spans[0].traceId));
  assert.deepEqual(await callsTable(store), []);
  store.clear(); // a deleted trace is dropped until the store is cleared
  for (let i = 0; i < spans.length; i += 100) store.ingestSpans(spans.slice(i, i + 100));
  assert.deepEqual(await callsTable(store), before);
  store.close();
});

/** The cost report of every call, with the rollup refreshed after every slice (so a minute the memo's writes fail to mark stays stale). */
function reportAfterSlices(spans: readonly DecodedSpan[], slice: number): Promise<unknown> {
  return openStore().then(({ store }) => {
    const nowUnixMs = 1_000 + CALLS * MINUTE_STEP + MINUTE;
    for (let i = 0; i < spans.length; i += slice) {
      store.ingestSpans(spans.slice(i, i + slice));
      store.costReport({ window: 'all', nowUnixMs });
    }
    const report = store.costReport({ window: 'all', nowUnixMs });
    store.close();
    return report;
  });
}

const MINUTE = 60_000;
/** Ten calls a minute: the trace's calls rows spread over 60 minutes of the rollup. */
const MINUTE_STEP = MINUTE / 10;

test('the cost rollup of a big trace arriving in slices, read between slices, ends as that of the whole trace stored at once', async () => {
  const spans = agentSpans(MINUTE_STEP);
  const root = spans.find((s) => s.parentSpanId === null)!;
  const calls = spans.filter((s) => s !== root);
  const whole = await reportAfterSlices([root, ...calls], spans.length);
  assert.deepEqual(await reportAfterSlices([root, ...calls], 50), whole, 'root first');
  assert.deepEqual(await reportAfterSlices([...calls, root], 50), whole, 'root last');
});
