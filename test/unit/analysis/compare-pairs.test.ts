/**
 * The comparison of every compare pair against what its generator declared: which steps match,
 * which are only in one run, what changed in each pair (messages by position, model, status,
 * documents), the token and call deltas (from the usage the fake model answered with), the cost
 * deltas (at the published prices, when the engine prices the runs), the kinds of difference and
 * whether the difference is semantic.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { compareTraces } from '../../../src/analysis/compare/compare-runs';
import type { CompareJson } from '../../../src/protocol/compare-json';
import type { TraceJsonTrace } from '../../../src/protocol/trace-json';
import { intent, loadPairTraces, type DeclaredComparison } from './compare-pair-fixtures';

let traces: Map<string, TraceJsonTrace>;
before(async () => {
  traces = await loadPairTraces();
});

const results = new Map<string, CompareJson>();
function compared(pair: DeclaredComparison): CompareJson {
  if (!results.has(pair.name)) {
    const a = traces.get(pair.a.traceId);
    const b = traces.get(pair.b.traceId);
    assert.ok(a && b, `${pair.name}: both traces imported`);
    results.set(pair.name, compareTraces(a, b).json);
  }
  return results.get(pair.name)!;
}

const countSteps = (steps: Record<string, string>, prefix: string) => Object.keys(steps).filter((l) => l.startsWith(prefix)).length;

assert.equal(intent.pairs.length, 6, 'six declared pairs');
for (const pair of intent.pairs) {
  describe(`compare pair "${pair.name}" (${pair.difference})`, () => {
    const span = (side: 'a' | 'b', label: string) => pair[side].steps[label];

    test('matches exactly the declared steps, and lists the others as only in A / only in B', () => {
      const json = compared(pair);
      const expected = pair.expect.pairs.map((p) => `${span('a', p.a)} ${span('b', p.b)}`).sort();
      assert.deepEqual(json.pairs.map((p) => `${p.a} ${p.b}`).sort(), expected);
      assert.deepEqual(json.onlyInA.map((s) => s.spanId).sort(), pair.expect.onlyInA.map((l) => span('a', l)).sort());
      assert.deepEqual(json.onlyInB.map((s) => s.spanId).sort(), pair.expect.onlyInB.map((l) => span('b', l)).sort());
    });

    test('finds the declared changes of every pair: messages, model, status, documents', () => {
      const json = compared(pair);
      for (const declared of pair.expect.pairs) {
        const found = json.pairs.find((p) => p.a === span('a', declared.a) && p.b === span('b', declared.b));
        assert.ok(found, `pair ${declared.a}/${declared.b}`);
        const where = `${declared.a}/${declared.b}`;
        assert.deepEqual([...found.changes].sort(), [...declared.changes].sort(), `${where} changes`);
        assert.deepEqual(found.messages, declared.messages ?? [], `${where} messages`);
        if (declared.model) assert.deepEqual(found.model, declared.model, `${where} model`);
        if (declared.status) assert.deepEqual(found.status, declared.status, `${where} status`);
        if (declared.documents) assert.deepEqual(found.documents, declared.documents, `${where} documents`);
      }
    });

    test('token deltas of the model and embedding calls and of the run are the fake model\'s usage, B minus A', () => {
      const json = compared(pair);
      for (const declared of pair.expect.pairs) {
        const usageA = pair.a.stepUsage[declared.a];
        const usageB = pair.b.stepUsage[declared.b];
        if (!usageA || !usageB) continue;
        const found = json.pairs.find((p) => p.a === span('a', declared.a))!;
        assert.equal(found.deltas.inputTokens, usageB.promptTokens - usageA.promptTokens, `${declared.a} input tokens`);
        if (declared.a.startsWith('chat')) {
          assert.equal(found.deltas.outputTokens, usageB.completionTokens - usageA.completionTokens, `${declared.a} output tokens`);
          assert.equal(found.deltas.totalTokens, usageB.promptTokens + usageB.completionTokens - usageA.promptTokens - usageA.completionTokens);
        }
      }
      assert.deepEqual(json.a.usage, pair.a.usage);
      assert.deepEqual(json.b.usage, pair.b.usage);
      assert.equal(json.deltas.inputTokens, pair.b.usage.inputTokens - pair.a.usage.inputTokens);
      assert.equal(json.deltas.outputTokens, pair.b.usage.outputTokens - pair.a.usage.outputTokens);
      assert.equal(json.deltas.totalTokens, pair.b.usage.totalTokens - pair.a.usage.totalTokens);
    });

    test('call counts and their deltas are the steps the agent ran', () => {
      const json = compared(pair);
      assert.equal(json.a.llmCalls, countSteps(pair.a.steps, 'chat'));
      assert.equal(json.b.llmCalls, countSteps(pair.b.steps, 'chat'));
      assert.equal(json.deltas.llmCalls, countSteps(pair.b.steps, 'chat') - countSteps(pair.a.steps, 'chat'));
      assert.equal(json.deltas.toolCalls, countSteps(pair.b.steps, 'tool:') - countSteps(pair.a.steps, 'tool:'));
    });

    test('cost delta is the published prices applied to the usage, or null while a run is unpriced', () => {
      const json = compared(pair);
      if (json.a.costUsd === null || json.b.costUsd === null) {
        assert.equal(json.deltas.costUsd, null);
        return;
      }
      assert.ok(Math.abs(json.a.costUsd - pair.a.costUsd) < 1e-12, `run A costs ${pair.a.costUsd}, got ${json.a.costUsd}`);
      assert.ok(Math.abs(json.deltas.costUsd! - (pair.b.costUsd - pair.a.costUsd)) < 1e-12);
    });

    test('reports the declared kinds of difference and semanticDifference', () => {
      const json = compared(pair);
      const priced = json.a.costUsd !== null && json.b.costUsd !== null;
      const expected = pair.expect.differences.filter((d) => priced || d !== 'cost');
      // Run durations vary between runs of any pair (first connections, scheduling); only the
      // timing pair declares a latency difference, and there it must be found.
      const actual = pair.name === 'timing' ? json.differences : json.differences.filter((d) => d !== 'latency');
      assert.deepEqual([...actual].sort(), [...expected].sort());
      assert.equal(json.semanticDifference, pair.expect.semanticDifference);
    });
  });
}

test('the timing-only pair reads "only timing differs" and the model pair names both models', () => {
  const timing = compared(intent.pairs.find((p) => p.name === 'timing')!);
  assert.match(timing.verdict, /^only timing differs \(\+/);
  const model = compared(intent.pairs.find((p) => p.name === 'model')!);
  assert.match(model.verdict, /model gpt-4o-mini-2024-07-18 → gpt-4o-2024-08-06 in 3 calls/);
});
