import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoalescedRefresh } from '../../../src/host/coalesced-refresh';
import { SessionCost } from '../../../src/host/session-cost';
import type { EngineClientLike, TraceSummary } from '../../../src/protocol/engine-api';

test('a burst of requests becomes one run, and requests during a run one more', async () => {
  let active = 0;
  let maxActive = 0;
  let release!: () => void;
  const refresh = new CoalescedRefresh(async () => {
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((r) => (release = r));
    active--;
  }, 0);
  for (let i = 0; i < 1000; i++) refresh.request();
  for (let i = 0; i < 50 && refresh.runs === 0; i++) await sleep(5);
  assert.equal(refresh.runs, 1);
  for (let i = 0; i < 1000; i++) refresh.request(); // while running
  release();
  for (let i = 0; i < 50 && refresh.runs < 2; i++) await sleep(5);
  release();
  await sleep(30);
  assert.equal(refresh.runs, 2);
  assert.equal(maxActive, 1);
  refresh.dispose();
});

test('a failing refresh is reported and does not stop later ones', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const refresh = new CoalescedRefresh(async () => { calls++; throw new Error('boom'); }, 0, (e) => errors.push(e));
  refresh.request();
  for (let i = 0; i < 50 && calls < 1; i++) await sleep(5);
  refresh.request();
  for (let i = 0; i < 50 && calls < 2; i++) await sleep(5);
  assert.equal(calls, 2);
  assert.equal(errors.length, 2);
  refresh.dispose();
  refresh.request();
  await sleep(20);
  assert.equal(calls, 2, 'no runs after dispose');
});

test('session cost sums the latest known cost of each changed trace', async () => {
  const costs: Record<string, number | null> = { a: 0.5, b: null, c: 0.25 };
  const engine = {
    call: async (method: string, params: { traceId: string }) => {
      assert.equal(method, 'getTraceSummary');
      return params.traceId in costs ? ({ traceId: params.traceId, costUsd: costs[params.traceId] } as TraceSummary) : null;
    },
    onEvent: () => ({ dispose() {} }),
  } as unknown as EngineClientLike;
  const cost = new SessionCost(engine);
  await cost.update(['a', 'b']);
  assert.equal(cost.totalUsd, 0.5);
  costs.a = 0.75; // a late span added to trace a
  await cost.update(['a', 'c', 'gone']);
  assert.equal(cost.totalUsd, 1);
  assert.equal(cost.isLowerBound, false);
  cost.reset();
  assert.equal(cost.totalUsd, 0);
});
