/**
 * The synthetic agent runs (test/factories/warm-up) must read as the telemetry they imitate, or a
 * warm-up measured with them would warm V8 on paths real spans never take: every convention's model calls, tools and retrieval steps are
 * recognized as such, with the tokens, tool failures and documents the generator declares, and the
 * protobuf encoding carries exactly what the JSON one does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTraces } from '../../../src/engine/otlp';
import { prepareTraces } from '../../../src/engine/prepare/prepare-traces';
import type { WarmUpConvention } from '../../factories/warm-up/warm-up-conventions';
import { warmUpProtobuf } from '../../factories/warm-up/warm-up-protobuf';
import { warmUpRequest } from '../../factories/warm-up/warm-up-spans';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { openStore } from '../store/open-store';

const CONVENTIONS: WarmUpConvention[] = ['genai', 'openinference', 'openllmetry', 'vercel'];
const STEPS = 10;
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

for (const convention of CONVENTIONS) {
  test(`${convention}: model calls, tools and retrieval steps read as what they are`, async () => {
    const opened = await openStore();
    try {
      opened.store.ingestPreparedSpans(prepareTraces(json(warmUpRequest(convention, 2, STEPS, 7, Date.UTC(2026, 0, 1))), 'json'));
      const { traces } = opened.queries.listTraces({ limit: 10 });
      assert.equal(traces.length, 2, 'one trace per agent run');
      for (const summary of traces) {
        const spans = opened.queries.getTraceJson([summary.traceId]).traces[0].spans ?? [];
        // Per step a model call and a tool call; a retrieval on steps 0, 3, 6 and 9; one root.
        const retrievalSteps = [0, 3, 6, 9];
        assert.equal(spans.length, 1 + 2 * STEPS + retrievalSteps.length);
        const ofKind = (kind: TraceJsonSpan['kind']): TraceJsonSpan[] => spans.filter((s) => s.kind === kind);
        assert.equal(ofKind('llm').length, STEPS, 'every model call');
        assert.equal(ofKind('tool').length, STEPS, 'every tool call');
        assert.equal(ofKind('retrieval').length, retrievalSteps.length, 'every retrieval step');
        const root = spans.find((s) => s.parentSpanId === null);
        assert.ok(root && (root.kind === 'agent' || root.kind === 'chain' || root.kind === 'llm'), `root kind ${root?.kind}`);
        // Input tokens 420 + step, output 36 + step % 7 (the generator's declared usage).
        const inputs = ofKind('llm').map((s) => s.usage?.inputTokens).sort((a, b) => (a ?? 0) - (b ?? 0));
        assert.deepEqual(inputs, Array.from({ length: STEPS }, (_, step) => 420 + step));
        for (const call of ofKind('llm')) {
          assert.ok(call.input?.messages.some((m) => m.role === 'system'), 'the system prompt is read as a message');
          assert.ok(call.output?.messages.length, 'the answer is read as a message');
        }
        // Steps 4 and 9 fail (every fifth tool call) with an exception.
        const failed = ofKind('tool').filter((s) => s.status === 'error');
        assert.equal(failed.length, 2);
        for (const tool of failed) assert.match(tool.statusMessage ?? '', /carrier API timed out/);
        for (const step of ofKind('retrieval')) assert.equal(step.retrieval?.documents?.length, 3, 'three documents per retrieval');
      }
    } finally {
      opened.store.close();
    }
  });
}

test('the protobuf encoding of a synthetic export decodes to the same spans as its JSON', () => {
  for (const convention of CONVENTIONS) {
    const request = warmUpRequest(convention, 2, STEPS, 11, Date.UTC(2026, 0, 1));
    const fromJson = decodeTraces(json(request), 'json');
    const fromProtobuf = decodeTraces(warmUpProtobuf(request), 'protobuf');
    assert.equal(fromJson.rejected, 0);
    assert.equal(fromProtobuf.rejected, 0);
    assert.equal(fromProtobuf.items.length, 2 * (1 + 2 * STEPS + 4));
    assert.deepEqual(fromProtobuf.items, fromJson.items, convention);
  }
});

test('each synthetic export has its own ids and texts (no trace id or content hash in common)', () => {
  const a = decodeTraces(json(warmUpRequest('genai', 1, 3, 1, 0)), 'json').items;
  const b = decodeTraces(json(warmUpRequest('genai', 1, 3, 2, 0)), 'json').items;
  assert.notEqual(a[0].traceId, b[0].traceId);
  const textsOf = (spans: typeof a): Set<string> => new Set(spans.flatMap((s) => Object.values(s.attributes).filter((v): v is string => typeof v === 'string' && v.length > 40)));
  const shared = [...textsOf(a)].filter((t) => textsOf(b).has(t));
  assert.deepEqual(shared, []);
});
