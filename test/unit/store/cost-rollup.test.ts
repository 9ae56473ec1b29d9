/**
 * The cost report read from the per-minute rollup: windows whose edges fall inside a minute, calls
 * arriving after a report, deleted and evicted traces, a run that began before the window, and
 * prices changed. Expected figures are computed here from the tokens each call declares and the
 * published gpt-4o-mini prices.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSpan, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';
import { PUBLISHED } from '../analysis/published-prices';

const M = 1e6;
const MINUTE = 60_000;
/** Not on a minute boundary, so that a window's start and end fall inside minutes. */
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0) + 37_250;
const mini = PUBLISHED['gpt-4o-mini'];

interface Call { at: number; input: number; output: number }

function run(calls: readonly Call[], flow = 'answer') {
  const traceId = newTraceId();
  const first = Math.min(...calls.map((c) => c.at));
  const root = makeSpan({ traceId, name: flow, startTimeUnixMs: first - 5, durationMs: Math.max(...calls.map((c) => c.at)) - first + 200, service: 'shop' });
  const spans = [root, ...calls.map((c) => makeSpan({
    traceId, parentSpanId: root.spanId, name: 'chat gpt-4o-mini', startTimeUnixMs: c.at, durationMs: 100, service: 'shop',
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': c.input, 'gen_ai.usage.output_tokens': c.output },
  }))];
  return { traceId, spans, calls };
}

const costOf = (calls: readonly Call[]): number => calls.reduce((s, c) => s + (c.input * mini.input + c.output * mini.output) / M, 0);
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

test('a window starting and ending inside minutes counts exactly the calls inside it, also calls arriving after a report', async () => {
  const { store } = await openStore();
  const hourAgo = NOW - 60 * MINUTE;
  // Calls on both sides of the window's start, inside the same minute; one call after `now`.
  const before = run([{ at: hourAgo - 2_000, input: 1000, output: 10 }]);
  const inside = [
    run([{ at: hourAgo + 1_000, input: 2000, output: 20 }]),
    run([{ at: NOW - 30 * MINUTE, input: 3000, output: 30 }, { at: NOW - 30 * MINUTE + 61_000, input: 500, output: 5 }]),
    run([{ at: NOW - 1_000, input: 4000, output: 40 }]),
  ];
  const after = run([{ at: NOW + 1_000, input: 9000, output: 90 }]);
  for (const r of [before, ...inside, after]) store.ingestSpans(r.spans);
  const expectedCalls = inside.flatMap((r) => r.calls);
  let report = store.costReport({ window: '1h', nowUnixMs: NOW });
  assert.equal(report.totals.calls, 4);
  assert.equal(report.totals.traces, 3);
  assert.equal(report.totals.inputTokens, 2000 + 3000 + 500 + 4000);
  close(report.totals.costUsd, costOf(expectedCalls), 'window total');
  close(report.series.costs.flat().reduce((a, b) => a + b, 0), costOf(expectedCalls), 'series total');
  assert.deepEqual(report.costliest.map((c) => c.costUsd), [4000, 3000, 2000, 500].map((i) => (i * mini.input + (i / 100) * mini.output) / M));

  // A call in the window's last minute, after the report: the next report has it.
  const late = run([{ at: NOW - 500, input: 100, output: 1 }]);
  store.ingestSpans(late.spans);
  report = store.costReport({ window: '1h', nowUnixMs: NOW });
  assert.equal(report.totals.calls, 5);
  close(report.totals.costUsd, costOf([...expectedCalls, ...late.calls]), 'with the late call');

  const all = store.costReport({ window: 'all', nowUnixMs: NOW + 5_000 });
  assert.equal(all.totals.calls, 7);
  assert.equal(all.totals.traces, 6);
  close(all.totals.costUsd, costOf([before, ...inside, after, late].flatMap((r) => r.calls)), 'everything');
  store.close();
});

test('a run that began before the window counts among its traces; deleting a run takes its calls out of the next report', async () => {
  const { store } = await openStore();
  const start = NOW - 15 * MINUTE;
  const straddling = run([{ at: start - 90_000, input: 1000, output: 10 }, { at: start + 30_000, input: 2000, output: 20 }]);
  const other = run([{ at: NOW - 5 * MINUTE, input: 3000, output: 30 }]);
  store.ingestSpans([...straddling.spans, ...other.spans]);
  let report = store.costReport({ window: '15m', nowUnixMs: NOW });
  assert.deepEqual([report.totals.calls, report.totals.traces], [2, 2]);
  close(report.totals.costUsd, costOf([straddling.calls[1], ...other.calls]), 'only the calls inside');
  assert.equal(store.deleteTrace(other.traceId), true);
  report = store.costReport({ window: '15m', nowUnixMs: NOW });
  assert.deepEqual([report.totals.calls, report.totals.traces], [1, 1]);
  close(report.totals.costUsd, costOf([straddling.calls[1]]), 'after the delete');
  store.close();
});

test('evicted runs leave the report; changed prices re-price it', async () => {
  const { store } = await openStore({ limits: { maxSpans: 10, maxBytes: 1024 ** 3 } });
  const runs = Array.from({ length: 6 }, (_, i) => run([{ at: NOW - (30 - i) * MINUTE, input: 1000 * (i + 1), output: 10 }]));
  for (const r of runs) {
    store.ingestSpans(r.spans);
    store.costReport({ window: 'all', nowUnixMs: NOW });
  }
  // Two spans a run and at most 10 spans: retention evicted the oldest runs down to 90 % (9 spans).
  const kept = runs.filter((r) => store.traceSummary(r.traceId) !== null);
  assert.ok(kept.length < runs.length && kept.length > 0);
  let report = store.costReport({ window: 'all', nowUnixMs: NOW });
  assert.equal(report.totals.calls, kept.length);
  close(report.totals.costUsd, costOf(kept.flatMap((r) => r.calls)), 'what is kept');
  store.setPrices({ 'gpt-4o-mini': { input: 1, output: 2 } });
  report = store.costReport({ window: 'all', nowUnixMs: NOW });
  close(report.totals.costUsd, kept.flatMap((r) => r.calls).reduce((s, c) => s + (c.input * 1 + c.output * 2) / M, 0), 'at the new prices');
  assert.equal(report.breakdowns.model[0].detail, 'gpt-4o-mini', 'the price used: the user price named by its pattern');
  store.close();
});

test('a snapshot carries the rollup: the reopened store reports the same figures', async () => {
  const { store } = await openStore();
  const runs = [run([{ at: NOW - 3 * MINUTE, input: 1200, output: 12 }]), run([{ at: NOW - 2 * MINUTE, input: 800, output: 8 }])];
  for (const r of runs) store.ingestSpans(r.spans);
  const snapshot = store.export();
  store.close();
  const { store: reopened } = await openStore({ snapshot });
  const report = reopened.costReport({ window: 'all', nowUnixMs: NOW });
  assert.equal(report.totals.calls, 2);
  close(report.totals.costUsd, costOf(runs.flatMap((r) => r.calls)), 'after reopening');
  reopened.close();
});
