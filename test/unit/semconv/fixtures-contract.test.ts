/**
 * Every span of every captured fixture (and the handwritten edge cases), normalized and wrapped in a
 * Trace JSON document, passes the Trace JSON v1 validator: fields only where they apply to the
 * kind, no undefined, counts non-negative integers, enums valid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTraceJson } from '../../support/trace-json-check';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { manifest } from '../../factories/fixture-payloads';
import { fixtureWhere, loadFamily, spanNamed, textOf, type NormalizedSpan } from './fixture-loader';

/** Every family the manifest lists; loadFamily fails on one whose captures are missing or empty. */
const families = [...new Set(manifest().map((entry) => entry.family))];

function asTraceJsonSpan({ span, ...n }: NormalizedSpan): TraceJsonSpan {
  return {
    ...n, spanId: span.spanId, parentSpanId: span.parentSpanId === span.spanId ? null : span.parentSpanId, name: span.name,
    status: span.status.code, startTimeUnixMs: span.startTimeUnixMs, durationMs: Math.max(0, span.endTimeUnixMs - span.startTimeUnixMs),
  };
}

test('every fixture span normalizes to a valid Trace JSON span', () => {
  assert.ok(families.length >= 10, `the manifest lists ${families.length} fixture families`);
  let checked = 0;
  for (const family of families) {
    for (const f of loadFamily(family)) {
      const seen = new Set<string>();
      for (const s of f.spans) {
        if (seen.has(s.span.spanId) || /^0+$/.test(s.span.traceId)) continue; // duplicates are the store's business
        seen.add(s.span.spanId);
        const doc = {
          version: 1, traces: [{
            traceId: '0af7651916cd43dd8448eb211c80319c', name: 'x', service: 'x', startTimeUnixMs: 0, durationMs: 0, status: 'ok',
            spanCount: 1, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, costUsd: null, spans: [asTraceJsonSpan(s)],
          }],
        };
        assert.deepEqual(checkTraceJson(doc), [], `${family}/${f.file} span "${s.span.name}"`);
        checked++;
      }
    }
  }
  assert.ok(checked > 100, `checked ${checked} spans`);
});

const hw = loadFamily('handwritten');

test('handwritten malformed content: raw text kept, bad counts dropped, a lone document object accepted', () => {
  const f = fixtureWhere(hw, 'content attributes with truncated JSON');
  const chat = spanNamed(f, 'chat gpt-4o-mini');
  assert.deepEqual(chat.usage, { inputTokens: 120 }, 'string count read, negative count dropped');
  assert.match(textOf(chat, 'input', 1), /^\[\{"role":"user"/);
  assert.equal(textOf(chat, 'output', 0), 'The report says revenue grew 12%.');
  assert.equal(chat.input!.messages[0].role, 'system', 'a single part object as system instructions');
  const retrieval = spanNamed(f, 'retrieval kb');
  assert.deepEqual(retrieval.retrieval!.documents, [{ id: 'doc-1', rank: 1 }]);
  const oi = spanNamed(f, 'OpenAI Chat Completions');
  assert.deepEqual(oi.input!.messages.map((m) => textOf({ kind: 'llm', input: { messages: [m] } }, 'input', 0)), ['no role on this message', 'third message, second one absent']);
});

test('handwritten pending pair and huge attribute: pending marked, 5 MB history parsed', () => {
  const pair = fixtureWhere(hw, 'Logfire-style pending span');
  const [pending, real] = [pair.spans.find((s) => s.pending), pair.spans.find((s) => !s.pending)];
  assert.ok(pending && real);
  assert.equal(pending.span.parentSpanId, real.span.spanId);
  assert.equal(real.usage!.inputTokens, 14);
  const huge = fixtureWhere(hw, 'one span whose gen_ai.input.messages').spans[0];
  assert.equal(huge.input!.messages[0].role, 'user');
  assert.match(textOf(huge, 'input', 0), /^Summarize this document:/);
});

test('a family the fixtures do not have fails loudly instead of yielding nothing', () => {
  assert.throws(() => loadFamily('no-such-family'), /fixture family 'no-such-family': .*captures\.json is missing/);
});
