/**
 * The prepare thread changes where the work runs, not what is stored: for every fixture, a store
 * fed exports prepared on the thread holds exactly what a store fed the decoded spans holds
 * (traces, spans, content, sizes), with each family's log records stored first, so spans whose
 * logs came before them take the store's own re-normalizing path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import type { PreparedTraces } from '../../../src/engine/prepare/prepare-traces';
import { InProcessPreparer } from '../../../src/engine/prepare/preparer';
import { WorkerPreparer } from '../../../src/engine/prepare/worker-preparer';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { openStore, type OpenedStore } from '../store/open-store';
import { PREPARE_WORKER_PATH } from './prepare-worker-path';

type Outcome = { prepared: PreparedTraces } | { refused: string; message: string };

function outcomeOf(preparing: Promise<PreparedTraces>): Promise<Outcome> {
  return preparing.then((prepared) => ({ prepared }), (error: Error) => ({ refused: error.constructor.name, message: error.message }));
}


/** Everything a user can see of a store. */
function contentsOf({ store, queries }: OpenedStore): unknown {
  const { traces, total } = queries.listTraces({ limit: 100_000 });
  const ids = traces.map((t) => t.traceId).sort();
  return {
    total,
    traces: [...traces].sort((a, b) => a.traceId.localeCompare(b.traceId)),
    rows: ids.map((id) => queries.getSpanRows(id)),
    json: queries.getTraceJson(ids),
    spanCount: store.spanCount,
    logCount: store.logCount,
    bytes: store.bytes,
    contentCount: store.contentCount,
    contentBytes: store.contentBytes,
    databaseLogs: ids.map((id) => [...store.logsOfTraceBySpan(id).entries()]),
  };
}

test('every fixture: the prepare thread and the in-process path prepare the same rows, and stores fed either hold the same', async () => {
  const worker = new WorkerPreparer(() => new Worker(PREPARE_WORKER_PATH), () => undefined);
  const inProcess = new InProcessPreparer();
  const entries = manifest();
  const families = [...new Set(entries.map((e) => e.family))];
  let comparedSpans = 0;
  let joinedToLogs = 0;
  let refused = 0;
  try {
    for (const family of families) {
      const decoded = await openStore();
      const prepared = await openStore();
      for (const entry of entries.filter((e) => e.family === family && e.signal === 'logs')) {
        const body = fixtureBody(entry);
        if (!body) continue;
        const logs = decodeLogs(body, entry.encoding).items;
        decoded.store.ingestLogs(logs);
        prepared.store.ingestLogs(logs);
      }
      for (const entry of entries.filter((e) => e.family === family && e.signal === 'traces')) {
        const body = fixtureBody(entry);
        if (!body) continue;
        const viaThread = await outcomeOf(worker.prepareTraces(body, entry.encoding));
        assert.deepEqual(viaThread, await outcomeOf(inProcess.prepareTraces(body, entry.encoding)), entry.path);
        if (!('prepared' in viaThread)) {
          refused++;
          continue;
        }
        const spans = decodeTraces(body, entry.encoding).items;
        assert.equal(viaThread.prepared.spans.length, spans.length, entry.path);
        joinedToLogs += spans.filter((s) => prepared.store.logsOfSpan(s.traceId, s.spanId).length > 0).length;
        decoded.store.ingestSpans(spans);
        prepared.store.ingestPreparedSpans(viaThread.prepared);
        comparedSpans += spans.length;
      }
      assert.deepEqual(contentsOf(prepared), contentsOf(decoded), family);
      assert.deepEqual(prepared.logs, decoded.logs, `${family}: the same log lines`);
      decoded.store.close();
      prepared.store.close();
    }
  } finally {
    await worker.close();
  }
  assert.ok(comparedSpans > 100, `compared ${comparedSpans} spans`);
  assert.ok(joinedToLogs > 0, 'some spans arrived after their log records');
  assert.ok(refused > 0, 'some bodies were refused (OtlpDecodeError), the same way on both paths');
  assert.equal(worker.threaded, false, 'closed');
});

test('prepared twice (a retried export): the copy is a duplicate and its content references are taken back', async () => {
  const entry = manifest().find((e) => e.family === 'otel-genai-manual' && e.signal === 'traces' && e.compression === 'none');
  assert.ok(entry);
  const body = fixtureBody(entry)!;
  const inProcess = new InProcessPreparer();
  const once = await openStore();
  once.store.ingestPreparedSpans(await inProcess.prepareTraces(body, entry.encoding));
  const twice = await openStore();
  twice.store.ingestPreparedSpans(await inProcess.prepareTraces(body, entry.encoding));
  const result = twice.store.ingestPreparedSpans(await inProcess.prepareTraces(body, entry.encoding));
  assert.equal(result.stored, 0);
  assert.ok(result.duplicates > 0);
  assert.deepEqual(contentsOf(twice), contentsOf(once));
});

test('a span whose log records came first is decoded back from its prepared row and normalized by the store with them', async () => {
  const entry = manifest().find((e) => e.family === 'otel-genai-manual' && e.signal === 'traces' && e.encoding === 'protobuf' && e.compression === 'none');
  assert.ok(entry);
  const body = fixtureBody(entry)!;
  const spans = decodeTraces(body, entry.encoding).items;
  assert.ok(spans.length >= 2);
  const [joined] = spans;
  const seen: Array<{ span: unknown; logs: number }> = [];
  const opened = await openStore({
    normalize: (span, logs) => {
      seen.push({ span, logs: logs.length });
      return { kind: logs.length > 0 ? 'tool' : 'other' };
    },
  });
  opened.store.ingestLogs([{
    traceId: joined.traceId, spanId: joined.spanId, timeUnixMs: joined.startTimeUnixMs, body: 'arrived first',
    attributes: {}, resource: {}, scope: { name: 'test' },
  }]);
  opened.store.ingestPreparedSpans(await new InProcessPreparer().prepareTraces(body, entry.encoding));
  // Only the joined span is normalized on the store's thread, and it is the span as it was sent.
  assert.equal(seen.length, 1);
  assert.equal(seen[0].logs, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(seen[0].span)), JSON.parse(JSON.stringify(joined)));
  const rows = opened.queries.getSpanRows(joined.traceId);
  assert.equal(rows.find((r) => r.spanId === joined.spanId)?.kind, 'tool');
  assert.ok(rows.some((r) => r.spanId !== joined.spanId && r.kind !== 'tool'), 'the others keep the prepared (real) normalization');
});
