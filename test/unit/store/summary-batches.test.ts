/**
 * Trace summaries, `calls` rows and the cost report when the spans of several traces arrive mixed
 * in small batches (as a batch processor mixes the traces of concurrent runs), some batches sent
 * twice (an exporter's retry), with one trace big enough for the summary memo and with retention
 * evicting a trace meanwhile. A batch's summary rows are written together after its last trace is
 * refreshed (summary-writes.ts): whatever the mixing, each trace must read as its calls say.
 *
 * Expected usage and cost come from the generator's declared tokens and the user prices set here
 * (USD per million tokens); the tables are also compared with a store fed each trace whole.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, trace, type Span } from '@opentelemetry/api';
import initSqlJs from 'sql.js';
import { decodeTraces } from '../../../src/engine/otlp';
import type { DecodedSpan } from '../../../src/engine/model';
import { sqlWasmPath } from '../../../src/engine/store/sql-loader';
import type { TraceStore } from '../../../src/engine/store/trace-store';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { openStore } from './open-store';

const PRICES = { 'acme-small': { input: 1, output: 2 }, 'acme-large': { input: 10, output: 20 } };
const MINUTE = 60_000;
const T0 = 1_700_000_000_000;

interface PlannedCall { model: keyof typeof PRICES; input: number; output: number }
interface PlannedTrace { name: string; startMs: number; calls: PlannedCall[] }

/** Small runs (an agent and three calls) a minute apart, and before them one run of 300 calls (above the memo's threshold). */
function plan(): PlannedTrace[] {
  const traces: PlannedTrace[] = [];
  for (let t = 0; t < 6; t++) {
    traces.push({ name: `run ${t}`, startMs: T0 + t * MINUTE, calls: [0, 1, 2].map((k) => ({
      model: (t + k) % 2 ? 'acme-large' : 'acme-small', input: 1000 * (k + 1) + t, output: 100 + k,
    })) });
  }
  traces.push({ name: 'long run', startMs: T0 - MINUTE, calls: Array.from({ length: 300 }, (_, k) => ({ model: 'acme-small', input: 500 + k, output: 50 })) });
  return traces;
}

function spansOf(planned: PlannedTrace): DecodedSpan[] {
  const recorded = recordSpans((tracer) => {
    const root = tracer.startSpan(`invoke_agent ${planned.name}`, { startTime: planned.startMs, attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    const ctx = trace.setSpan(context.active(), root);
    planned.calls.forEach((c, k) => {
      const call: Span = tracer.startSpan(`chat ${c.model}`, { startTime: planned.startMs + 1 + k * 50, attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'acme', 'gen_ai.request.model': c.model,
        'gen_ai.usage.input_tokens': c.input, 'gen_ai.usage.output_tokens': c.output,
      } }, ctx);
      call.end(planned.startMs + 40 + k * 50);
    });
    root.end(planned.startMs + 50 * planned.calls.length + 10);
  });
  return decodeTraces(tracesProtobuf(recorded), 'protobuf').items;
}

const costOf = (c: PlannedCall): number => (c.input * PRICES[c.model].input + c.output * PRICES[c.model].output) / 1e6;
const near = (actual: number | null, expected: number, what: string): void =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} against ${expected}`);

/** One span of each trace in turn, cut into batches of `size`. */
function mixed(traces: readonly DecodedSpan[][], size: number): DecodedSpan[][] {
  const order: DecodedSpan[] = [];
  for (let i = 0; order.length < traces.reduce((n, t) => n + t.length, 0); i++) for (const t of traces) if (t[i]) order.push(t[i]);
  const batches: DecodedSpan[][] = [];
  for (let i = 0; i < order.length; i += size) batches.push(order.slice(i, i + size));
  return batches;
}

async function tables(store: TraceStore): Promise<unknown> {
  const SQL = await initSqlJs({ locateFile: () => sqlWasmPath() });
  const db = new SQL.Database(store.export());
  try {
    const read = (sql: string) => db.exec(sql)[0]?.values ?? [];
    // The version (updated_seq) counts refreshes, which differ with the batching by design.
    return {
      traces: read('SELECT trace_id, name, service, start_ms, end_ms, span_count, error_count, input_tokens, output_tokens, total_tokens, cost_usd, session_id, has_root, bytes, unpriced_calls FROM traces ORDER BY trace_id'),
      calls: read('SELECT * FROM calls ORDER BY trace_id, span_id'),
      duplicates: read('SELECT * FROM call_duplicates ORDER BY trace_id, span_id'),
    };
  } finally {
    db.close();
  }
}

const NOW = T0 + 10 * MINUTE;

test('traces mixed in small batches, some sent twice: each summary, the calls rows and the cost report as the calls say', async () => {
  const planned = plan();
  const traces = planned.map(spansOf);
  const { store } = await openStore();
  store.setPrices(PRICES);
  mixed(traces, 5).forEach((batch, i) => {
    store.ingestSpans(batch);
    if (i % 3 === 0) assert.equal(store.ingestSpans(batch).duplicates, batch.length, 'a resent batch stores nothing');
    if (i % 7 === 0) store.costReport({ window: 'all', nowUnixMs: NOW }); // the rollup is read while runs still arrive
  });
  planned.forEach((p, t) => {
    const summary = store.traceSummary(traces[t][0].traceId)!;
    assert.equal(summary.name, `invoke_agent ${p.name}`);
    assert.equal(summary.spanCount, p.calls.length + 1);
    assert.equal(summary.usage.inputTokens, p.calls.reduce((n, c) => n + c.input, 0), `${p.name} input tokens`);
    assert.equal(summary.usage.outputTokens, p.calls.reduce((n, c) => n + c.output, 0), `${p.name} output tokens`);
    near(summary.costUsd, p.calls.reduce((n, c) => n + costOf(c), 0), `${p.name} cost`);
    assert.equal(summary.unpricedCalls, 0);
  });
  const report = store.costReport({ window: 'all', nowUnixMs: NOW });
  const allCalls = planned.flatMap((p) => p.calls);
  assert.equal(report.totals.calls, allCalls.length);
  assert.equal(report.totals.traces, planned.length);
  assert.equal(report.totals.inputTokens, allCalls.reduce((n, c) => n + c.input, 0));
  near(report.totals.costUsd, allCalls.reduce((n, c) => n + costOf(c), 0), 'total cost');

  const whole = (await openStore()).store;
  whole.setPrices(PRICES);
  for (const t of traces) whole.ingestSpans(t);
  assert.deepEqual(await tables(store), await tables(whole), 'the same rows as each trace stored whole');
  assert.deepEqual(report, whole.costReport({ window: 'all', nowUnixMs: NOW }));
  store.close();
  whole.close();
});

test('retention evicting the oldest run, a big one, while the runs arrive mixed: its summary and calls are gone, the others count in full', async () => {
  const planned = plan();
  const traces = planned.map(spansOf);
  const longRun = traces[planned.length - 1];
  const total = traces.reduce((n, t) => n + t.length, 0);
  // One span over the cap when the last spans arrive: retention evicts the oldest runs until 90% of
  // the cap is left (retention.ts), which the long run alone (301 spans) gives; its later spans are dropped.
  const { store } = await openStore({ limits: { maxSpans: total - 5, maxBytes: 1024 ** 3 } });
  store.setPrices(PRICES);
  for (const batch of mixed(traces, 5)) store.ingestSpans(batch);
  assert.equal(store.evictedTraces, 1);
  assert.equal(store.evictedSpans, longRun.length, 'every span of the long run evicted or dropped');
  assert.equal(store.traceSummary(longRun[0].traceId), null, 'the oldest run is evicted');
  const kept = planned.slice(0, -1);
  const report = store.costReport({ window: 'all', nowUnixMs: NOW });
  const keptCalls = kept.flatMap((p) => p.calls);
  assert.equal(report.totals.calls, keptCalls.length);
  assert.equal(report.totals.traces, kept.length);
  near(report.totals.costUsd, keptCalls.reduce((n, c) => n + costOf(c), 0), 'cost of the runs kept');
  const { calls } = (await tables(store)) as { calls: unknown[][] };
  assert.equal(calls.filter((r) => r[0] === longRun[0].traceId).length, 0, 'no calls rows of the evicted run');
  assert.equal(calls.length, keptCalls.length, 'one row per call kept (the agent roots report no usage)');
  store.close();
});
