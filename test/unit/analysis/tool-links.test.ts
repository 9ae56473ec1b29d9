import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkToolCalls, type ToolLinkSpan } from '../../../src/analysis/tool-links';
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

test('an agent resends its history: the result is consumed by the first call that read it, not every later one', () => {
  // a asks for call_1 and call_2 (parallel), b and c run them, d reads both results and e resends
  // the same history. The call whose answer the results shaped is d.
  const ask: Message = { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'search', arguments: '{}' }, { type: 'tool_call', id: 'call_2', name: 'search', arguments: '{}' }] };
  const history: Message[] = [ask, { role: 'tool', parts: [{ type: 'tool_result', id: 'call_1', result: 'r1' }] }, { role: 'tool', parts: [{ type: 'tool_result', id: 'call_2', result: 'r2' }] }];
  const at = (spanId: string, kind: 'llm' | 'tool', start: number, extra: Partial<ToolLinkSpan> = {}): ToolLinkSpan => ({ spanId, parentSpanId: 'agent', kind, startTimeUnixMs: start, ...extra });
  const spans = [
    at('a', 'llm', 0, { input: { messages: [] }, output: { messages: [ask] } }),
    at('b', 'tool', 20, { tool: { name: 'search', callId: 'call_1' } }),
    at('c', 'tool', 20, { tool: { name: 'search', callId: 'call_2' } }), // same millisecond as b: parallel
    at('d', 'llm', 40, { input: { messages: history }, output: { messages: [] } }),
    at('e', 'llm', 60, { input: { messages: [...history, { role: 'assistant', parts: [{ type: 'text', text: 'next' }] }] }, output: { messages: [] } }),
  ];
  const links = linkToolCalls(spans);
  assert.deepEqual(links.get('b'), { requestedBySpanId: 'a', consumedBySpanId: 'd' });
  assert.deepEqual(links.get('c'), { requestedBySpanId: 'a', consumedBySpanId: 'd' });
  assert.equal(links.size, 2, 'only tool spans get links');
});

test('parallel calls read back in different steps: each result links to the step that first read it', () => {
  const ask: Message = { role: 'assistant', parts: [{ type: 'tool_call', id: 'p1', name: 'weather', arguments: '{"city":"Oslo"}' }, { type: 'tool_call', id: 'p2', name: 'weather', arguments: '{"city":"Rome"}' }] };
  const result = (id: string): Message => ({ role: 'tool', parts: [{ type: 'tool_result', id, result: 'sunny' }] });
  const at = (spanId: string, kind: 'llm' | 'tool', start: number, extra: Partial<ToolLinkSpan> = {}): ToolLinkSpan => ({ spanId, parentSpanId: 'agent', kind, startTimeUnixMs: start, ...extra });
  const spans = [
    at('L1', 'llm', 0, { output: { messages: [ask] } }),
    at('T-rome', 'tool', 10, { tool: { name: 'weather', callId: 'p2' } }),
    at('T-oslo', 'tool', 10, { tool: { name: 'weather', callId: 'p1' } }),
    at('L2', 'llm', 30, { input: { messages: [ask, result('p1')] } }), // Oslo came back first
    at('L3', 'llm', 50, { input: { messages: [ask, result('p1'), result('p2')] } }),
  ];
  const links = linkToolCalls(spans);
  assert.deepEqual(links.get('T-oslo'), { requestedBySpanId: 'L1', consumedBySpanId: 'L2' });
  assert.deepEqual(links.get('T-rome'), { requestedBySpanId: 'L1', consumedBySpanId: 'L3' });
});
