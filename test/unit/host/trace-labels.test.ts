import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceSummary } from '../../../src/protocol/engine-api';
import { groupTraces } from '../../../src/host/traces/trace-groups';
import { formatAge, SPAN_KIND_ICONS, spanDescription, traceDescription, traceLabel } from '../../../src/host/traces/trace-labels';

function summary(extra: Partial<TraceSummary> = {}): TraceSummary {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c', name: 'agent run', service: 'demo', startTimeUnixMs: 1_000_000,
    durationMs: 1234, status: 'ok', spanCount: 7, errorCount: 0,
    usage: { inputTokens: 1200, outputTokens: 340, totalTokens: 1540 }, costUsd: 0.0021, unpricedCalls: 0, hasRoot: true, updatedSeq: 1, ...extra,
  };
}

test('ages read naturally', () => {
  assert.equal(formatAge(0, 2000), 'just now');
  assert.equal(formatAge(0, 42_000), '42 s ago');
  assert.equal(formatAge(0, 5 * 60_000), '5 min ago');
  assert.equal(formatAge(10_000, 0), 'just now', 'a start in the future (clock skew) is not negative');
});

test('a trace description has service, age, duration, spans, tokens and cost; unknown cost is left out', () => {
  const now = 1_000_000 + 90_000;
  assert.equal(traceDescription(summary(), now, { showService: true }), 'demo · 1 min ago · 1.23 s · 7 spans · 1.54k tok · $0.0021');
  assert.equal(traceDescription(summary({ costUsd: null, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, errorCount: 2 }), now, { showService: false }),
    '1 min ago · 1.23 s · 7 spans · 2 errors');
});

test('a span description: duration, model, tokens (input + output when no total) and cost', () => {
  const row = { spanId: 'a', parentSpanId: null, name: 'chat', kind: 'llm' as const, status: 'ok' as const, startTimeUnixMs: 0, service: 's' };
  assert.equal(spanDescription({ ...row, durationMs: 0.5, model: 'gpt-4o', usage: { inputTokens: 800, outputTokens: 450 }, costUsd: 150 }),
    '500 µs · gpt-4o · 1.25k tok · $150.00');
  assert.equal(spanDescription({ ...row, durationMs: 95.1 }), '95.1 ms');
});

test('a trace without its root span says so', () => {
  assert.equal(traceLabel(summary({ hasRoot: false })), 'agent run (root span missing)');
  assert.equal(traceLabel(summary({ name: '' })), 'trace 0af76519');
});

test('every span kind has the codicon the view promises', () => {
  assert.deepEqual(SPAN_KIND_ICONS, {
    llm: 'sparkle', tool: 'tools', retrieval: 'search', agent: 'robot', embedding: 'symbol-array', chain: 'link',
    rerank: 'list-ordered', guardrail: 'shield', evaluator: 'checklist', other: 'circle-outline',
  });
});

test('grouping keeps newest-first order of groups and traces', () => {
  const traces = [
    summary({ traceId: '1', service: 'b', sessionId: 's1' }),
    summary({ traceId: '2', service: 'a' }),
    summary({ traceId: '3', service: 'b', sessionId: 's1' }),
  ];
  const byService = groupTraces(traces, 'service');
  assert.deepEqual(byService.map((g) => [g.label, g.traces.map((t) => t.traceId)]), [['b', ['1', '3']], ['a', ['2']]]);
  const bySession = groupTraces(traces, 'session');
  assert.deepEqual(bySession.map((g) => [g.label, g.traces.length]), [['s1', 2], ['(no session)', 1]]);
});
