/** "Inspect retrieval" in the trace panel: shown while the inspector's handler is registered, routed to it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TracePanelActionRegistry } from '../../../src/host/panels/trace-panel-actions';
import { parseFromTracePanel } from '../../../src/protocol/trace-panel-guards';
import { parseFromRetrievalPanel, parseRetrievalPanelState } from '../../../src/protocol/retrieval-panel-guards';

test('the inspect action appears with its handler, is called with the span, and goes with it', () => {
  const calls: string[] = [];
  const actions = new TracePanelActionRegistry(() => undefined);
  assert.equal(actions.available().inspectRetrieval, undefined);
  const inspect = actions.register('inspectRetrieval', (t, s) => void calls.push(`${t} ${s}`));
  assert.equal(actions.available().inspectRetrieval, true);
  actions.inspectRetrieval('t1', 's1');
  inspect.dispose();
  assert.equal(actions.available().inspectRetrieval, undefined);
  assert.deepEqual(calls, ['t1 s1']);
});

test('guards: inspectRetrieval and focus take a span id and nothing else; the state needs a trace id', () => {
  const SPAN = '00f067aa0ba902b7';
  const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  assert.deepEqual(parseFromTracePanel({ type: 'inspectRetrieval', spanId: SPAN }), { ok: true, value: { type: 'inspectRetrieval', spanId: SPAN } });
  assert.equal(parseFromTracePanel({ type: 'inspectRetrieval', spanId: 'x' }).ok, false);
  assert.equal(parseFromTracePanel({ type: 'inspectRetrieval', spanId: SPAN, extra: 1 }).ok, false);
  assert.deepEqual(parseFromRetrievalPanel({ type: 'focus', spanId: SPAN }), { ok: true, value: { type: 'focus', spanId: SPAN } });
  assert.equal(parseFromRetrievalPanel({ type: 'focus', spanId: TRACE }).ok, false);
  assert.equal(parseFromRetrievalPanel({ type: 'openSpan', spanId: SPAN }).ok, false, 'unknown types are rejected');
  assert.deepEqual(parseRetrievalPanelState({ traceId: TRACE, spanId: SPAN, selected: 'id:kb-1', expanded: ['id:kb-1', 3], junk: true }), { traceId: TRACE, spanId: SPAN, selected: 'id:kb-1', expanded: ['id:kb-1'] });
  assert.equal(parseRetrievalPanelState({ spanId: SPAN }), undefined);
});
