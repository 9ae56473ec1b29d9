/**
 * An app whose clock runs ahead of the machine running the store: its calls are stamped after
 * "now". "Everything" (the `all` window, also the status bar's "in store") counts every stored call,
 * those too; the windows that end now (last 15 minutes, hour, today) do not. Spans come from the
 * real OTel SDK; expected figures from the token counts and gpt-4o-mini's published price.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTraces } from '../../../src/engine/otlp';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { PUBLISHED } from '../analysis/published-prices';
import { openStore } from './open-store';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const MINUTE = 60_000;

/** One run of `calls` gpt-4o-mini calls of 1,000 input and 100 output tokens, starting at `at` (epoch ms). */
function run(at: number, calls: number) {
  const spans = recordSpans((tracer) => {
    for (let i = 0; i < calls; i++) {
      tracer.startSpan('chat gpt-4o-mini', { startTime: at + i * 1000, attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100,
      } }).end(at + i * 1000 + 500);
    }
  });
  return decodeTraces(tracesProtobuf(spans), 'protobuf').items;
}

const CALL_USD = (1000 * PUBLISHED['gpt-4o-mini'].input + 100 * PUBLISHED['gpt-4o-mini'].output) / 1e6;

test('everything counts calls stamped after now (a clock running ahead); windows ending now do not', async () => {
  const { store } = await openStore();
  store.ingestSpans(run(NOW - 5 * MINUTE, 2));
  store.ingestSpans(run(NOW + 2 * MINUTE, 3));
  const all = store.costReport({ window: 'all', nowUnixMs: NOW });
  assert.equal(all.totals.calls, 5);
  assert.equal(all.totals.inputTokens, 5000);
  assert.ok(Math.abs(all.totals.costUsd - 5 * CALL_USD) < 1e-12, `${all.totals.costUsd} USD`);
  assert.equal(all.totals.traces, 5);
  assert.ok(all.toUnixMs >= NOW + 2 * MINUTE + 2000, 'the window reaches the last call');
  assert.equal(all.series.costs.flat().reduce((a, b) => a + b, 0).toFixed(12), (5 * CALL_USD).toFixed(12), 'every call is in the chart');
  const quarter = store.costReport({ window: '15m', nowUnixMs: NOW });
  assert.equal(quarter.totals.calls, 2);
  const whatIf = store.whatIfCost({ window: 'all', nowUnixMs: NOW, model: 'gpt-4o-mini', provider: 'openai' });
  assert.equal(whatIf.calls, 5);
  assert.ok(Math.abs(whatIf.actualUsd - 5 * CALL_USD) < 1e-12);
  store.close();
});
