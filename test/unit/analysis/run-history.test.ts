/**
 * The incremental run history answers as findCostSpikes (the rule written out, tested on hand
 * examples in cost-spikes.test.ts) over the same runs, whatever order runs arrive, change and go in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCostSpikes, type RunCost } from '../../../src/analysis/cost-spikes';
import { RunHistory } from '../../../src/analysis/run-history';

function random(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function assertSame(history: RunHistory, runs: Map<string, RunCost>, step: string): void {
  const expected = findCostSpikes([...runs.values()]);
  for (const run of runs.values()) assert.deepEqual(history.spikeOf(run.id), expected.get(run.id), `${step}: run ${run.id}`);
}

test('a spike by hand: the fourth run costs more than three times the median of the three before it', () => {
  const history = new RunHistory();
  [1, 2, 3, 7].forEach((cost, i) => history.set({ id: `r${i}`, flow: 'f', startTimeUnixMs: i * 1000, costUsd: cost }));
  assert.deepEqual(history.spikeOf('r0'), { earlierMedianUsd: null, spike: false });
  assert.deepEqual(history.spikeOf('r3'), { earlierMedianUsd: 2, spike: true });
  // An earlier expensive run arrives late: the median before r3 becomes (2 + 3) / 2, and 7 ≤ 7.5.
  history.set({ id: 'late', flow: 'f', startTimeUnixMs: 500, costUsd: 100 });
  assert.deepEqual(history.spikeOf('r3'), { earlierMedianUsd: 2.5, spike: false });
  history.remove('late');
  assert.deepEqual(history.spikeOf('r3'), { earlierMedianUsd: 2, spike: true });
  history.set({ id: 'r1', flow: 'f', startTimeUnixMs: 1000, costUsd: null });
  assert.equal(history.spikeOf('r1'), undefined, 'a run without a cost is neither compared nor counted');
  assert.deepEqual(history.spikeOf('r3'), { earlierMedianUsd: 2, spike: true }, 'median of 1 and 3');
});

test('runs arriving in any order, changing cost and flow, and evicted oldest first give findCostSpikes\'s answers', () => {
  const rnd = random(11);
  const history = new RunHistory();
  const runs = new Map<string, RunCost>();
  // One run in ten costs ten times as much (spikes), with ties among the rest.
  const cost = (): number => (rnd() < 0.1 ? 10 : 1) * Math.round(rnd() * 100) / 10;
  for (let step = 0; step < 1500; step++) {
    const action = rnd();
    if (action < 0.6 || runs.size < 5) {
      // Mostly after the others, sometimes earlier; equal start times too.
      const start = rnd() < 0.8 ? step * 10 : Math.floor(rnd() * step) * 10;
      const run: RunCost = { id: `t${step}`, flow: `flow${Math.floor(rnd() * 3)}`, startTimeUnixMs: start, costUsd: rnd() < 0.05 ? null : cost() };
      runs.set(run.id, run);
      history.set(run);
    } else if (action < 0.93) {
      const ids = [...runs.keys()];
      const changed = { ...runs.get(ids[Math.floor(rnd() * ids.length)])!, costUsd: cost() };
      if (rnd() < 0.2) changed.flow = 'flow9';
      runs.set(changed.id, changed);
      history.set(changed);
    } else {
      // Retention: the oldest runs go.
      const oldest = [...runs.values()].sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs).slice(0, 1 + Math.floor(rnd() * 5));
      for (const r of oldest) {
        runs.delete(r.id);
        history.remove(r.id);
      }
    }
    if (step % 97 === 0) assertSame(history, runs, `step ${step}`);
  }
  assertSame(history, runs, 'end');
  assert.ok([...findCostSpikes([...runs.values()]).values()].some((s) => s.spike), 'the sequence has spikes to compare');
});
