import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetLevel, BudgetNotifier } from '../../../src/analysis/budget';

test('budget levels: warning from 80% of the budget, error from 100%; no budget never warns', () => {
  assert.equal(budgetLevel(0.79, 1), 'ok');
  assert.equal(budgetLevel(0.8, 1), 'warning');
  assert.equal(budgetLevel(1, 1), 'error');
  assert.equal(budgetLevel(5, 0), 'ok');
});

test('one notification per crossing, again after falling back under', () => {
  const n = new BudgetNotifier();
  assert.deepEqual(['ok', 'warning', 'warning', 'error', 'error', 'ok', 'error'].map((l) => n.shouldNotify(l as 'ok' | 'warning' | 'error')),
    [false, true, false, true, false, false, true]);
});
