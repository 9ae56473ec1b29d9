import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTraces } from '../../../src/engine/otlp';
import type { DecodedSpan } from '../../../src/engine/model';
import { makeSpan } from '../../factories/spans';
import { FIXTURES } from '../semconv/fixture-loader';
import { openStore } from './open-store';

function fixtureSpans(name: string): DecodedSpan[] {
  const decoded = decodeTraces(readFileSync(join(FIXTURES, 'handwritten', name)), 'json');
  assert.deepEqual(decoded.errors, []);
  return decoded.items;
}

const isPending = (s: DecodedSpan): boolean => s.attributes['logfire.span_type'] === 'pending_span';

/** The Logfire pair, plus a child of the real span (children end, and are exported, first). */
function pairWithChild(): { pending: DecodedSpan; real: DecodedSpan; child: DecodedSpan } {
  const spans = fixtureSpans('logfire-pending-pair.json');
  const pending = spans.find(isPending)!;
  const real = spans.find((s) => !isPending(s))!;
  assert.equal(pending.parentSpanId, real.spanId, 'the fixture: the placeholder is parented to the real span');
  const child = makeSpan({ traceId: real.traceId, parentSpanId: real.spanId, name: 'HTTP POST', startTimeUnixMs: real.startTimeUnixMs + 1, endTimeUnixMs: real.startTimeUnixMs + 600 });
  return { pending, real, child };
}

test('a pending span alone is shown in its real span\'s place, marked pending, with the children attached', async () => {
  const { store, queries } = await openStore();
  const { pending, real, child } = pairWithChild();
  store.ingestSpans([child]);
  store.ingestSpans([pending]);
  const rows = queries.getSpanRows(real.traceId);
  assert.deepEqual(rows.map((r) => [r.spanId, r.parentSpanId, r.pending ?? false]), [[real.spanId, null, true], [child.spanId, real.spanId, false]]);
  // Logfire names the placeholder by its message template; the name shown is the filled-in message.
  assert.equal(rows[0].name, pending.attributes['logfire.msg']);
  assert.equal(rows[0].status, 'unset');
  assert.equal(rows[0].durationMs, 0);
  const summary = queries.getTraceSummary(real.traceId)!;
  assert.equal(summary.spanCount, 2);
  assert.equal(summary.hasRoot, true);
  const json = queries.getTraceJson([real.traceId]).traces[0].spans!;
  assert.deepEqual(json.map((s) => [s.spanId, s.parentSpanId, s.pending ?? false]), [[real.spanId, null, true], [child.spanId, real.spanId, false]]);
  store.close();
});

for (const order of ['pending first', 'real first', 'same batch'] as const) {
  test(`a pending span and its real span (${order}): only the real span is stored and counted`, async () => {
    const { store, queries } = await openStore();
    const { pending, real, child } = pairWithChild();
    store.ingestSpans([child]);
    if (order === 'pending first') {
      store.ingestSpans([pending]);
      assert.equal(store.spanCount, 2);
      store.ingestSpans([real]);
    } else if (order === 'real first') {
      store.ingestSpans([real]);
      assert.equal(store.ingestSpans([pending]).superseded, 1);
    } else {
      store.ingestSpans([pending, real]);
    }
    assert.equal(store.spanCount, 2);
    const rows = queries.getSpanRows(real.traceId);
    assert.deepEqual(rows.map((r) => [r.spanId, r.pending ?? false]), [[real.spanId, false], [child.spanId, false]]);
    assert.equal(rows[0].durationMs, real.endTimeUnixMs - real.startTimeUnixMs);
    const summary = queries.getTraceSummary(real.traceId)!;
    assert.equal(summary.spanCount, 2);
    assert.equal(summary.durationMs, real.endTimeUnixMs - real.startTimeUnixMs);
    const json = queries.getTraceJson([real.traceId]).traces[0];
    assert.equal(json.spanCount, 2);
    assert.deepEqual(json.spans!.map((s) => [s.spanId, s.pending ?? false]), [[real.spanId, false], [child.spanId, false]]);
    assert.equal(json.spans![0].attributes!['logfire.span_type'], 'span', 'the real span\'s own detail, not the placeholder\'s');
    // The placeholder's content references were given back: the same bytes as storing the real span alone.
    const alone = await openStore();
    alone.store.ingestSpans([child, real]);
    assert.equal(store.bytes, alone.store.bytes);
    alone.store.close();
    store.close();
  });
}

test('the fixture with only a pending span: stored under its real span\'s id, its parent missing, and deletable', async () => {
  const { store, queries } = await openStore();
  const [pending] = fixtureSpans('logfire-pending-only.json');
  store.ingestSpans([pending]);
  const [row] = queries.getSpanRows(pending.traceId);
  assert.equal(row.spanId, pending.parentSpanId);
  assert.equal(row.parentSpanId, pending.attributes['logfire.pending_parent_id']);
  assert.equal(row.pending, true);
  assert.equal(queries.getTraceSummary(pending.traceId)!.hasRoot, false);
  // The Trace JSON can be exported and imported again: the placeholder keeps its place.
  const exported = queries.getSpan(pending.traceId, row.spanId)!;
  assert.equal(exported.pending, true);
  const again = await openStore();
  again.store.ingestSpans(store.spansOfTraceAsArrived(pending.traceId).map((s) => s.span));
  assert.deepEqual(again.queries.getSpanRows(pending.traceId), queries.getSpanRows(pending.traceId));
  again.store.close();
  assert.equal(store.deleteTrace(pending.traceId), true);
  assert.equal(store.spanCount, 0);
  store.close();
});

test('pending placeholders survive a snapshot and are still replaced by their real span afterwards', async () => {
  const first = await openStore();
  const { pending, real } = pairWithChild();
  first.store.ingestSpans([pending]);
  const second = await openStore({ snapshot: first.store.export() });
  first.store.close();
  assert.equal(second.queries.getSpanRows(real.traceId)[0].pending, true);
  second.store.ingestSpans([real]);
  assert.equal(second.store.spanCount, 1);
  assert.equal(second.queries.getSpanRows(real.traceId)[0].pending, undefined);
  second.store.close();
});
