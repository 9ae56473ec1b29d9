/**
 * The readable text of a span for the diff editor (a line diff of two runs must show only what
 * changed), and the order of runs offered for a comparison.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { spanText } from '../../../src/analysis/compare/pair-text';
import { previousRun, similarRuns } from '../../../src/analysis/compare/similar-runs';
import type { TraceJsonTrace } from '../../../src/protocol/trace-json';
import { intent, loadPairTraces } from './compare-pair-fixtures';

let traces: Map<string, TraceJsonTrace>;
before(async () => {
  traces = await loadPairTraces();
});

const spanOf = (traceId: string, spanId: string) => traces.get(traceId)!.spans!.find((s) => s.spanId === spanId)!;

test('the two texts of an unchanged model call are equal, although call ids and times differ', () => {
  const pair = intent.pairs.find((p) => p.name === 'timing')!;
  const a = spanOf(pair.a.traceId, pair.a.steps.chat3);
  const b = spanOf(pair.b.traceId, pair.b.steps.chat3);
  assert.notEqual(a.durationMs, b.durationMs);
  assert.equal(spanText(a), spanText(b));
  // Role headers, the tool call as pretty JSON, the answer.
  const text = spanText(a);
  assert.match(text, /^## 0 · system$/m);
  assert.match(text, /^→ call lookup_order\n\{\n {2}"order_id": "1042"\n\}$/m);
  assert.match(text, /^# Output\n\n## 0 · assistant\n.*Kind regards, Lumen Lamps support\.$/m);
});

test('the system-prompt pair differs in the texts exactly on the changed sign-off and the token line', () => {
  const pair = intent.pairs.find((p) => p.name === 'system-prompt')!;
  const linesA = spanText(spanOf(pair.a.traceId, pair.a.steps.chat1)).split('\n');
  const linesB = spanText(spanOf(pair.b.traceId, pair.b.steps.chat1)).split('\n');
  assert.equal(linesA.length, linesB.length);
  const differing = linesA.map((line, i) => [line, linesB[i]]).filter(([x, y]) => x !== y);
  assert.deepEqual(differing.map(([x]) => x.split(':')[0].split(' ')[0]), ['tokens', 'Sign']);
  assert.match(differing[1][1], /Thanks for shopping with Lumen Lamps/);
});

test('a failing tool reads with its error; a retrieval with its ranked documents', () => {
  const pair = intent.pairs.find((p) => p.name === 'failing-tool')!;
  const failed = spanText(spanOf(pair.b.traceId, pair.b.steps['tool:track_shipment']));
  assert.match(failed, /^status: error/m);
  assert.match(failed, /^# Error\n.*track_shipment service unavailable \(HTTP 503\)/m);
  const kb = intent.pairs.find((p) => p.name === 'knowledge-base')!;
  const retrieval = spanText(spanOf(kb.b.traceId, kb.b.steps.retrieve));
  assert.match(retrieval, /^## 1\. shipping\.md {2}score 0\.6115$/m);
});

test('runs offered for a comparison: same flow and service first, newest first; the previous run of the flow', () => {
  const run = (traceId: string, name: string, service: string, startTimeUnixMs: number) => ({ traceId, name, service, startTimeUnixMs });
  const base = run('b', 'agent', 'shop', 500);
  const candidates = [
    run('old-same', 'agent', 'shop', 100), run('other-service', 'agent', 'bank', 450), run('other-flow', 'ingest', 'shop', 400),
    run('newer-same', 'agent', 'shop', 900), run('prev-same', 'agent', 'shop', 300), base, run('unrelated', 'x', 'y', 990),
  ];
  assert.deepEqual(similarRuns(base, candidates).map((r) => r.traceId), ['newer-same', 'prev-same', 'old-same', 'other-flow', 'other-service', 'unrelated']);
  assert.equal(previousRun(base, candidates)?.traceId, 'prev-same');
  assert.equal(previousRun(run('first', 'agent', 'shop', 50), candidates), null);
});
