import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkToolCalls, type ToolLinkSpan } from '../../../src/engine/semconv/tool-links';
import type { Message } from '../../../src/protocol/trace-json';

let clock = 0;
function llm(id: string, opts: { calls?: { id?: string; name: string }[]; results?: (string | undefined)[]; parent?: string } = {}): ToolLinkSpan {
  const output: Message[] = opts.calls ? [{ role: 'assistant', parts: opts.calls.map((c) => ({ type: 'tool_call' as const, id: c.id, name: c.name, arguments: '{}' })) }] : [];
  const input: Message[] = (opts.results ?? []).map((r) => ({ role: 'tool', parts: [{ type: 'tool_result' as const, id: r, result: 'x' }] }));
  return { spanId: id, parentSpanId: opts.parent ?? 'root', kind: 'llm', startTimeUnixMs: ++clock, input: { messages: input }, output: { messages: output } };
}
function tool(id: string, name: string, callId?: string, parent = 'root'): ToolLinkSpan {
  return { spanId: id, parentSpanId: parent, kind: 'tool', startTimeUnixMs: ++clock, tool: { name, callId } };
}

test('by call id: requested by the LLM whose output has the call, consumed by the first LLM whose input has the result', () => {
  const spans = [llm('L1', { calls: [{ id: 'c1', name: 'search' }] }), tool('T1', 'search', 'c1'), llm('L2', { results: ['c1'] }), llm('L3', { results: ['c1'] })];
  assert.deepEqual(linkToolCalls(spans).get('T1'), { requestedBySpanId: 'L1', consumedBySpanId: 'L2' });
});

test('by call id, input order does not matter (parents and children arrive in any order)', () => {
  const spans = [llm('L1', { calls: [{ id: 'c1', name: 'search' }] }), tool('T1', 'search', 'c1'), llm('L2', { results: ['c1'] })];
  assert.deepEqual(linkToolCalls([...spans].reverse()).get('T1'), { requestedBySpanId: 'L1', consumedBySpanId: 'L2' });
});

test('by name and order: two calls of the same tool are matched to two tool spans in order; parallel different tools', () => {
  const spans = [
    llm('L1', { calls: [{ name: 'search' }, { name: 'search' }, { name: 'fetch' }] }),
    tool('T1', 'search'), tool('T2', 'search'), tool('T3', 'fetch'), tool('T4', 'search'),
    llm('L2', { results: [undefined] }),
  ];
  const links = linkToolCalls(spans);
  assert.equal(links.get('T1')!.requestedBySpanId, 'L1');
  assert.equal(links.get('T2')!.requestedBySpanId, 'L1');
  assert.equal(links.get('T3')!.requestedBySpanId, 'L1');
  assert.equal(links.get('T4')?.requestedBySpanId, undefined, 'a third search was never requested');
  assert.equal(links.get('T1')!.consumedBySpanId, 'L2');
});

test('content capture off: no messages, consumed by the next LLM step under the same parent as the requester', () => {
  const spans = [
    { ...llm('L1'), output: { messages: [{ role: 'assistant', parts: [{ type: 'tool_call' as const, name: 'search' }] }] } },
    tool('T1', 'search', 'c9'),
    llm('other', { parent: 'elsewhere' }),
    llm('L2'),
  ];
  spans[2].startTimeUnixMs = spans[1].startTimeUnixMs + 0.5;
  assert.deepEqual(linkToolCalls(spans).get('T1'), { requestedBySpanId: 'L1', consumedBySpanId: 'L2' });
});

test('a tool span nothing asked for and nothing read gets no entry', () => {
  const spans = [tool('T1', 'lonely'), llm('L1', { calls: [{ id: 'zz', name: 'other' }] })];
  assert.equal(linkToolCalls(spans).has('T1'), false);
});
