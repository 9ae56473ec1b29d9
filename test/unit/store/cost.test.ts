/**
 * Costs through the real store: spans priced at summary refresh, Trace JSON and span rows showing
 * the priced cost and its source, user prices re-pricing what is stored without re-ingest, and the
 * cost report's SQL aggregation. Expected figures come from token counts and published prices.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSpan, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { TraceStore } from '../../../src/engine/store/trace-store';
import { PUBLISHED } from '../analysis/published-prices';

const M = 1e6;
const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const mini = PUBLISHED['gpt-4o-mini'];
const o4 = PUBLISHED['o4-mini'];

function llm(traceId: string, parentSpanId: string | null, at: number, model: string | undefined, input: number, output: number, extra: Record<string, string | number> = {}) {
  return makeSpan({
    traceId, parentSpanId, name: `chat ${model ?? '?'}`, startTimeUnixMs: at, durationMs: 100, service: 'shop',
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', ...(model ? { 'gen_ai.request.model': model } : {}),
      'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output, ...extra,
    },
  });
}

/** An agent run: a root repeating the usage of its two calls (o4-mini and gpt-4o-mini). */
function agentRun(at: number, flow = 'support agent') {
  const traceId = newTraceId();
  const root = makeSpan({
    traceId, name: flow, startTimeUnixMs: at, durationMs: 2000, service: 'shop',
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.request.model': 'o4-mini', 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 3000, 'gen_ai.usage.output_tokens': 300 },
  });
  const a = llm(traceId, root.spanId, at + 10, 'o4-mini', 1000, 100, { 'gen_ai.usage.cache_read.input_tokens': 400 });
  const b = llm(traceId, root.spanId, at + 500, 'gpt-4o-mini', 2000, 200);
  return { traceId, spans: [root, a, b], expected: (600 * o4.input + 400 * o4.cacheRead + 100 * o4.output + 2000 * mini.input + 200 * mini.output) / M };
}

const close = (a: number | null | undefined, b: number, what: string) => assert.ok(typeof a === 'number' && Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

test('a trace costs its calls at their own prices once; Trace JSON and span rows show each cost and its source', async () => {
  const { store, queries } = await openStore();
  const run = agentRun(NOW - 5 * MINUTE);
  store.ingestSpans(run.spans);
  const trace = queries.getTraceJson([run.traceId]).traces[0];
  close(trace.costUsd, run.expected, 'trace cost: the calls, not the agent span priced as o4-mini');
  assert.equal(trace.unpricedCalls, 0);
  const [root, a, b] = [trace.spans!.find((s) => s.parentSpanId === null)!, ...trace.spans!.filter((s) => s.parentSpanId !== null)];
  close(a.costUsd, (600 * o4.input + 400 * o4.cacheRead + 100 * o4.output) / M, 'o4-mini call');
  assert.deepEqual({ source: a.cost?.source, priceModel: a.cost?.priceModel }, { source: 'computed', priceModel: 'openai/o4-mini' });
  close(a.cost?.cacheRead, (400 * o4.cacheRead) / M, 'cache read part');
  close(b.costUsd, (2000 * mini.input + 200 * mini.output) / M, 'gpt-4o-mini call');
  close(root.costUsd, (3000 * o4.input + 300 * o4.output) / M, 'the agent span keeps its own price, shown but not counted');
  const rows = queries.getSpanRows(run.traceId);
  close(rows.find((r) => r.spanId === b.spanId)?.costUsd, b.costUsd!, 'span row');
  store.close();
});

test('user prices re-price stored traces without re-ingest; an unknown model is unpriced until priced', async () => {
  const { store, queries } = await openStore();
  const traceId = newTraceId();
  store.ingestSpans([llm(traceId, null, NOW, 'gpt-4o-mini', 1000, 100), llm(traceId, null, NOW + 1, 'acme-llm-7b', 500, 50)]);
  let trace = queries.getTraceJson([traceId]).traces[0];
  close(trace.costUsd, (1000 * mini.input + 100 * mini.output) / M, 'the known part');
  assert.equal(trace.unpricedCalls, 1);
  const unknown = trace.spans!.find((s) => s.model === 'acme-llm-7b' || s.requestModel === 'acme-llm-7b')!;
  assert.equal(unknown.costUsd, null, 'unknown model: null, not $0');
  assert.equal(queries.getTraceSummary(traceId)?.unpricedCalls, 1);

  assert.equal(store.setPrices({ 'acme-*': { input: 2, output: 8 }, 'gpt-4o-mini': { input: 1, output: 1 } }), 1, 'one trace re-priced');
  trace = queries.getTraceJson([traceId]).traces[0];
  close(trace.costUsd, (1000 * 1 + 100 * 1 + 500 * 2 + 50 * 8) / M, 'both at user prices');
  assert.equal(trace.unpricedCalls, 0);
  assert.deepEqual(trace.spans!.map((s) => s.cost?.source), ['override', 'override']);
  assert.equal(store.setPrices({ 'acme-*': { input: 2, output: 8 }, 'gpt-4o-mini': { input: 1, output: 1 } }), 0, 'same prices: nothing to do');
  store.close();
});

test('a snapshot priced with other prices is re-priced when opened', async () => {
  const { store } = await openStore();
  const traceId = newTraceId();
  store.ingestSpans([llm(traceId, null, NOW, 'gpt-4o-mini', 1000, 100)]);
  store.setPrices({ 'gpt-4o-mini': { input: 10, output: 10 } });
  const snapshot = store.export();
  store.close();
  const reopened = TraceStore.open(await loadSqlJs(), { limits: { maxSpans: 1000, maxBytes: 1024 ** 3 }, log: () => undefined, snapshot });
  close(reopened.traceSummary(traceId)?.costUsd, (1100 * 10) / M, 'as saved');
  assert.equal(reopened.setPrices({}), 1);
  close(reopened.traceSummary(traceId)?.costUsd, (1000 * mini.input + 100 * mini.output) / M, 'list price again');
  reopened.close();
});

test('the cost report: totals, breakdowns, unpriced models, series, runs with spikes, costliest calls, what-if', async () => {
  const { store } = await openStore();
  const runs = [agentRun(NOW - 50 * MINUTE), agentRun(NOW - 40 * MINUTE), agentRun(NOW - 30 * MINUTE)];
  for (const r of runs) store.ingestSpans(r.spans);
  // A spike: the same flow calling gpt-4o-mini with ten times the tokens.
  const spikeId = newTraceId();
  const spikeRoot = makeSpan({ traceId: spikeId, name: 'support agent', startTimeUnixMs: NOW - 10 * MINUTE, service: 'shop' });
  store.ingestSpans([spikeRoot, llm(spikeId, spikeRoot.spanId, NOW - 10 * MINUTE + 5, 'gpt-4o-mini', 100_000, 2000)]);
  const spikeCost = (100_000 * mini.input + 2000 * mini.output) / M;
  // An unpriced call, and an old run outside the last hour.
  const otherId = newTraceId();
  store.ingestSpans([llm(otherId, null, NOW - 5 * MINUTE, 'acme-llm-7b', 700, 70)]);
  const old = agentRun(NOW - 3 * 3600_000, 'nightly batch');
  store.ingestSpans(old.spans);

  const report = store.costReport({ window: '1h', nowUnixMs: NOW });
  const expected = runs.reduce((s, r) => s + r.expected, 0) + spikeCost;
  close(report.totals.costUsd, expected, 'total');
  assert.equal(report.totals.calls, 3 * 2 + 1 + 1, 'each call once, the agent spans not again; the unpriced call counted');
  assert.equal(report.totals.inputTokens, 3 * 3000 + 100_000 + 700);
  assert.equal(report.totals.cacheReadTokens, 3 * 400);
  close(report.totals.cacheSavingsUsd, (3 * 400 * (o4.input - o4.cacheRead)) / M, 'cache savings');
  assert.equal(report.totals.unpricedCalls, 1);
  assert.deepEqual(report.unpriced, [{ provider: 'openai', model: 'acme-llm-7b', calls: 1, inputTokens: 700, outputTokens: 70 }]);
  assert.deepEqual(report.breakdowns.model.map((r) => r.key), ['gpt-4o-mini', 'o4-mini', 'acme-llm-7b'], 'by cost');
  close(report.breakdowns.model[0].costUsd, 3 * (2000 * mini.input + 200 * mini.output) / M + spikeCost, 'gpt-4o-mini row');
  assert.equal(report.breakdowns.model[0].detail, 'openai/gpt-4o-mini');
  assert.deepEqual(report.breakdowns.flow.map((r) => [r.key, r.calls]), [['support agent', 7], ['chat acme-llm-7b', 1]]);
  assert.deepEqual(report.breakdowns.kind.map((r) => r.key), ['llm']);
  close(report.series.costs.flat().reduce((a, b) => a + b, 0), expected, 'the series adds up to the total');
  assert.equal(report.series.bucketMs, MINUTE);
  assert.equal(report.series.bucketStarts.length, 61);
  const spike = report.runs.find((r) => r.traceId === spikeId)!;
  assert.equal(spike.spike, true);
  close(spike.earlierMedianUsd, runs[0].expected, 'median of the three earlier runs (equal costs)');
  assert.equal(report.runs.filter((r) => r.spike).length, 1);
  assert.equal(report.costliest[0].spanId !== undefined && report.costliest[0].traceId, spikeId);

  const all = store.costReport({ window: 'all', nowUnixMs: NOW });
  close(all.totals.costUsd, expected + old.expected, 'everything stored');

  const whatIf = store.whatIfCost({ window: '1h', nowUnixMs: NOW, model: 'gpt-4o-mini' });
  const sameTokens = (3 * (1000 * mini.input + 100 * mini.output - 400 * (mini.input - mini.cacheRead) + 2000 * mini.input + 200 * mini.output)
    + 100_000 * mini.input + 2000 * mini.output + 700 * mini.input + 70 * mini.output) / M;
  close(whatIf.whatIfUsd, sameTokens, 'every counted call at gpt-4o-mini prices, cache reads at its cache rate');
  close(whatIf.actualUsd, expected, 'actual');
  assert.equal(whatIf.priceModel, 'openai/gpt-4o-mini');
  assert.match(whatIf.caveat, /Same token counts/);
  const oneTrace = store.whatIfCost({ window: 'all', traceId: runs[0].traceId, model: 'acme-nothing' });
  assert.equal(oneTrace.whatIfUsd, null, 'a model without a price answers null');
  assert.equal(oneTrace.calls, 2);
  store.close();
});
