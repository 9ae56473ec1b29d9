/**
 * A trace's log records are read for its build a page at a time, pausing between pages, and give
 * what the read in one statement gives: every record, under its span, in time order (ties by
 * arrival), pages crossing spans and records arriving out of order. The sliced build of such a
 * trace (GenAI events arrive as log records) is the build at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AT_ONCE, toEnd } from '../../../src/analysis/sliced-work';
import { buildTraceSpans } from '../../../src/engine/store/trace-spans-build';
import { makeLog, makeTrace } from '../../factories/spans';
import { openStore } from './open-store';

test('1,300 log records over 40 spans: read in pages with pauses, the same records in the same order as in one statement', async () => {
  const { store, queries } = await openStore();
  const spans = makeTrace(39, {});
  store.ingestSpans(spans);
  const traceId = spans[0].traceId;
  // Times out of arrival order, several records per millisecond (ties broken by arrival).
  const logs = Array.from({ length: 1300 }, (_, i) => makeLog({
    traceId, spanId: spans[(i * 7) % spans.length].spanId, timeUnixMs: 1_700_000_000_000 + ((i * 37) % 400),
    body: `event ${i}`, attributes: { 'event.index': i },
  }));
  store.ingestLogs(logs);
  const atOnce = store.logsOfTraceBySpan(traceId);
  let pauses = 0;
  const steps = store.logsOfTraceBySpanSteps(traceId, { due: () => true, restart: () => undefined });
  let step = steps.next();
  for (; !step.done; step = steps.next()) pauses++;
  assert.deepEqual([...step.value.entries()], [...atOnce.entries()], 'the same records, spans in the same order');
  assert.equal([...step.value.values()].reduce((n, list) => n + list.length, 0), 1300, 'every record');
  assert.ok(pauses >= 2, `${pauses} pauses for 1,300 records in pages of 500`);
  // Ground truth for one span: its records by time, then by arrival.
  const first = spans[0].spanId;
  const expected = logs.map((l, i) => ({ l, i })).filter(({ l }) => l.spanId === first)
    .sort((a, b) => a.l.timeUnixMs - b.l.timeUnixMs || a.i - b.i).map(({ l }) => l.body);
  assert.deepEqual(step.value.get(first)!.map((l) => l.body), expected);
  // The build paused at every chance is the build at once, and the read is the same document.
  const sliced = toEnd(buildTraceSpans(store, traceId, { due: () => true, restart: () => undefined }));
  assert.equal(JSON.stringify(sliced.spans), JSON.stringify(toEnd(buildTraceSpans(store, traceId, AT_ONCE)).spans));
  // Log records read as the span's events: 1,300 in all.
  assert.equal(sliced.spans.reduce((n, s) => n + (s.events?.length ?? 0), 0), 1300, 'the records are the spans\' events');
  const bytes = await queries.getTraceJsonBytesInSlices([traceId], () => new Promise((resolve) => setImmediate(resolve)));
  assert.equal(Buffer.from(bytes).toString('utf8'), JSON.stringify(queries.getTraceJson([traceId])));
  store.close();
});
