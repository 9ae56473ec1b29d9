import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkToolCall } from '../../../src/protocol/trace-panel-links';
import type { Message, TraceJsonSpan } from '../../../src/protocol/trace-json';

const call = (id: string | undefined, name: string): Message => ({ role: 'assistant', parts: [{ type: 'tool_call', ...(id ? { id } : {}), name, arguments: '{}' }] });
const result = (id: string): Message => ({ role: 'tool', parts: [{ type: 'tool_result', id, result: 'ok' }] });

function llm(spanId: string, start: number, input: Message[], output: Message[]): TraceJsonSpan {
  return { spanId, parentSpanId: null, name: `chat ${spanId}`, kind: 'llm', status: 'ok', startTimeUnixMs: start, durationMs: 10, input: { messages: input }, output: { messages: output } };
}
function tool(spanId: string, start: number, name: string, callId?: string): TraceJsonSpan {
  return { spanId, parentSpanId: null, name, kind: 'tool', status: 'ok', startTimeUnixMs: start, durationMs: 5, tool: { name, ...(callId ? { callId } : {}) } };
}

test('links by call id: requester from output tool_call, consumers from input tool_result', () => {
  const spans = [
    llm('000000000000000a', 0, [], [call('call_1', 'search'), call('call_2', 'search')]),
    tool('000000000000000b', 20, 'search', 'call_1'),
    tool('000000000000000c', 30, 'search', 'call_2'),
    llm('000000000000000d', 40, [call('call_1', 'search'), result('call_1'), result('call_2')], []),
    llm('000000000000000e', 60, [call('call_1', 'search'), result('call_1'), result('call_2')], []),
  ];
  const links = linkToolCall(spans[1], spans);
  assert.deepEqual(links.requestedBy, { spanId: '000000000000000a', name: 'chat 000000000000000a' });
  assert.deepEqual(links.consumedBy.map((s) => s.spanId), ['000000000000000d', '000000000000000e']);
});

test('without a call id, falls back to the name and time order', () => {
  const spans = [
    llm('0000000000000001', 0, [], [call(undefined, 'lookup')]),
    llm('0000000000000002', 100, [], [call(undefined, 'lookup')]),
    tool('0000000000000003', 120, 'lookup'),
    llm('0000000000000004', 130, [call(undefined, 'other')], []),
    llm('0000000000000005', 140, [call(undefined, 'lookup')], []),
  ];
  const links = linkToolCall(spans[2], spans);
  assert.equal(links.requestedBy?.spanId, '0000000000000002', 'the latest requester before the tool');
  assert.deepEqual(links.consumedBy.map((s) => s.spanId), ['0000000000000005']);
});

test('no links when nothing matches', () => {
  const spans = [llm('0000000000000001', 0, [], []), tool('0000000000000002', 20, 'x', 'call_9')];
  assert.deepEqual(linkToolCall(spans[1], spans), { consumedBy: [] });
});
