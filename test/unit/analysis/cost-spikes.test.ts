import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCostSpikes } from '../../../src/analysis/cost-spikes';

const run = (id: string, flow: string, t: number, costUsd: number | null) => ({ id, flow, startTimeUnixMs: t, costUsd });

test('a run above three times the median of the flow\'s earlier runs is a spike', () => {
  // Earlier runs of "rag": 0.01, 0.031, 0.02 → median 0.02; 0.061 > 0.06 is a spike.
  const spikes = findCostSpikes([
    run('a', 'rag', 1, 0.01), run('b', 'rag', 2, 0.031), run('c', 'rag', 3, 0.02),
    run('d', 'rag', 4, 0.061), run('other', 'agent', 5, 5), run('e', 'rag', 6, 0.07),
  ]);
  assert.deepEqual(spikes.get('a'), { earlierMedianUsd: null, spike: false }, 'the first run has nothing to compare with');
  assert.equal(spikes.get('b')!.spike, true, '0.031 > 3 × 0.01');
  assert.equal(spikes.get('c')!.earlierMedianUsd, (0.01 + 0.031) / 2);
  assert.equal(findCostSpikes([run('x', 'f', 1, 0.01), run('y', 'f', 2, 0.01 * 3)]).get('y')!.spike, false, 'exactly three times is not more than three times');
  assert.equal(spikes.get('d')!.earlierMedianUsd, 0.02);
  assert.equal(spikes.get('d')!.spike, true);
  assert.equal(spikes.get('other')!.spike, false, 'flows are compared only with themselves');
  // Earlier: 0.01, 0.02, 0.031, 0.061 → median (0.02 + 0.031) / 2 = 0.0255; 0.07 < 0.0765.
  assert.equal(spikes.get('e')!.spike, false);
});

test('runs arriving out of order are compared with the runs that started before them; unknown costs are skipped', () => {
  const spikes = findCostSpikes([run('late', 'f', 30, 1), run('first', 'f', 10, 0.1), run('unknown', 'f', 20, null)]);
  assert.equal(spikes.get('late')!.earlierMedianUsd, 0.1);
  assert.equal(spikes.get('late')!.spike, true);
  assert.equal(spikes.has('unknown'), false);
});
