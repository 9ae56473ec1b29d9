/**
 * Selecting one span reads it with indexed lookups (tool-call keys, duplicate calls) instead of
 * building its whole trace. The answer must be the whole-trace answer, field for field and in the
 * same key order: checked on every span of every fixture, stored both ways the engine stores them
 * (decoded on the store's thread, and prepared as on the prepare thread, log records after their
 * spans), and on the tool spans of the hostile agent trace.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { wideAgentTrace } from '../../factories/hostile-traces';
import { openStore, type OpenedStore } from './open-store';


/** Every span of every trace: getSpan on a cold cache against the whole trace's Trace JSON. */
function compareEverySpan(opened: OpenedStore, label: string): { spans: number; byKind: Map<string, number> } {
  const byKind = new Map<string, number>();
  let spans = 0;
  const ids = opened.queries.listTraces({ limit: 100_000 }).traces.map((t) => t.traceId);
  for (const traceId of ids) {
    const whole = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!;
    for (const expected of whole) {
      // A fresh reader each time: nothing cached, so the lookups answer.
      const alone = new TraceQueries(opened.store).getSpan(traceId, expected.spanId);
      assert.equal(JSON.stringify(alone), JSON.stringify(expected), `${label}: span ${expected.spanId} (${expected.kind} '${expected.name}') of trace ${traceId}`);
      byKind.set(expected.kind, (byKind.get(expected.kind) ?? 0) + 1);
      spans++;
    }
  }
  return { spans, byKind };
}

test('every fixture: a span read alone equals the same span in its whole trace (tool links, duplicate calls, costs)', async () => {
  const entries = manifest().filter((e) => !e.expectError);
  const families = [...new Set(entries.map((e) => e.family))];
  let spans = 0;
  let toolLinks = 0;
  let duplicates = 0;
  for (const family of families) {
    const decoded = await openStore();
    const prepared = await openStore();
    const logs = entries.filter((e) => e.family === family && e.signal === 'logs').flatMap((e) => {
      const body = fixtureBody(e);
      return body ? decodeLogs(body, e.encoding).items : [];
    });
    for (const entry of entries.filter((e) => e.family === family && e.signal === 'traces')) {
      const body = fixtureBody(entry);
      if (!body) continue;
      const items = decodeTraces(body, entry.encoding).items;
      decoded.store.ingestSpans(items);
      prepared.store.ingestPreparedSpans(prepareDecodedSpans(items));
    }
    // Logs after their spans: the spans are normalized again, and their keys with them.
    decoded.store.ingestLogs(logs);
    prepared.store.ingestLogs(logs);
    for (const [label, opened] of [['decoded', decoded], ['prepared', prepared]] as const) {
      const counted = compareEverySpan(opened, `${family} (${label})`);
      spans += counted.spans;
      for (const id of opened.queries.listTraces({ limit: 100_000 }).traces.map((t) => t.traceId)) {
        const whole = opened.queries.getTraceJson([id]).traces[0].spans!;
        toolLinks += whole.filter((s) => s.toolLink).length;
        duplicates += whole.filter((s) => s.duplicateOf).length;
      }
      opened.store.close();
    }
  }
  // The comparison must have covered what the lookups answer, not only plain spans.
  assert.ok(spans > 500, `${spans} spans compared`);
  assert.ok(toolLinks >= 20, `${toolLinks} tool links compared`);
  assert.ok(duplicates >= 4, `${duplicates} duplicate calls compared`);
});

test('the hostile agent trace (5,000 spans, tools with call ids): every tenth tool span read alone has the link the whole trace gives it', async () => {
  const opened = await openStore();
  const items = decodeTraces(wideAgentTrace(5_000), 'protobuf').items;
  for (let i = 0; i < items.length; i += 1000) opened.store.ingestPreparedSpans(prepareDecodedSpans(items.slice(i, i + 1000)));
  const traceId = items[0].traceId;
  const whole = new TraceQueries(opened.store).getTraceJson([traceId]).traces[0].spans!;
  const tools = whole.filter((s) => s.kind === 'tool');
  // A root, then model call and tool span in turn: 4,999 spans after the root, 2,499 of them tools.
  assert.equal(tools.length, 2_499);
  const byId = new Map<string, TraceJsonSpan>(whole.map((s) => [s.spanId, s]));
  for (const tool of tools.filter((_, i) => i % 10 === 0)) {
    const alone = new TraceQueries(opened.store).getSpan(traceId, tool.spanId)!;
    assert.equal(JSON.stringify(alone), JSON.stringify(tool));
    // Ground truth of the generator: step i's model call asks for call_i, its tool runs next.
    const requester = byId.get(alone.toolLink!.requestedBySpanId!)!;
    assert.equal(requester.kind, 'llm');
    assert.equal(requester.output?.messages[0].parts[0].type === 'tool_call' && requester.output.messages[0].parts[0].id, alone.tool!.callId);
  }
  opened.store.close();
});
