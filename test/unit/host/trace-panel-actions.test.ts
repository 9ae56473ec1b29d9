/** The trace panel's extension points: buttons follow registered handlers; disposal removes them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TracePanelActionRegistry } from '../../../src/host/panels/trace-panel-actions';

test('a handler shows its button, is called, and disposing it hides the button again', () => {
  let changes = 0;
  const calls: string[] = [];
  const actions = new TracePanelActionRegistry(() => changes++);
  assert.deepEqual(actions.available(), { openPrompt: false, compare: false });
  actions.openPrompt('t', 's'); // no handler: nothing happens, nothing throws
  const prompt = actions.register('openPrompt', (t, s) => void calls.push(`prompt ${t} ${s}`));
  assert.deepEqual(actions.available(), { openPrompt: true, compare: false });
  assert.equal(changes, 1);
  actions.openPrompt('t1', 's1');
  const compare = actions.register('compareWith', (t) => void calls.push(`compare ${t}`));
  actions.compareWith('t2');
  assert.deepEqual(actions.available(), { openPrompt: true, compare: true });
  prompt.dispose();
  assert.deepEqual(actions.available(), { openPrompt: false, compare: true });
  compare.dispose();
  assert.equal(changes, 4);
  assert.deepEqual(calls, ['prompt t1 s1', 'compare t2']);
});

test('disposing a handler that was replaced keeps the newer one', () => {
  const calls: string[] = [];
  const actions = new TracePanelActionRegistry(() => undefined);
  const first = actions.register('compareWith', () => void calls.push('first'));
  actions.register('compareWith', () => void calls.push('second'));
  first.dispose();
  actions.compareWith('t');
  assert.deepEqual(calls, ['second']);
  assert.equal(actions.available().compare, true);
});
