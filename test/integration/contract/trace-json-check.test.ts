/**
 * checkTraceJson: a full valid document passes (in memory and after a JSON round trip), and every
 * rule fires on a document broken in exactly that one way, naming the path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTraceJson } from '../../support/trace-json-check';

/** Loosely typed on purpose: the tests break documents in ways the real types forbid. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = { version: unknown; traces: any[] };

/** The design's example document, every field filled. */
function validDoc(): Doc {
  const usage = { inputTokens: 1200, outputTokens: 340, totalTokens: 1540, cacheReadTokens: 600, cacheWriteTokens: 0, reasoningTokens: 24 };
  return {
    version: 1,
    traces: [{
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736', name: 'invoke_agent weather', service: 'agent-app',
      startTimeUnixMs: 1764190000123.4, durationMs: 812.5, status: 'error', spanCount: 4,
      usage: { inputTokens: 1200, outputTokens: 340, totalTokens: 1540 }, costUsd: 0.0021, sessionId: 'conv-1',
      spans: [
        { spanId: '00f067aa0ba902b7', parentSpanId: null, name: 'invoke_agent weather', kind: 'agent', status: 'ok', startTimeUnixMs: 1764190000123.4, durationMs: 812.5,
          toolDefinitions: [{ name: 'get_weather', description: 'Weather by city', parameters: '{"type":"object"}' }], agentName: 'weather', sessionId: 'conv-1',
          events: [{ name: 'start', timeUnixMs: 1764190000123.4, attributes: { a: 1 } }], attributes: { 'raw.key': 'value', nested: [1, { b: null }] },
          resource: { 'service.name': 'agent-app' }, scope: { name: 'sdk', version: '1.0' }, spanKind: 'internal', conventions: ['genai'] },
        { spanId: '00f067aa0ba902b8', parentSpanId: '00f067aa0ba902b7', name: 'chat gpt-4o-mini', kind: 'llm', status: 'error', statusMessage: 'rate limited',
          startTimeUnixMs: 1764190000200, durationMs: 95.1, provider: 'openai', requestModel: 'gpt-4o-mini', model: 'gpt-4o-mini-2024-07-18', usage, costUsd: 0.0001,
          input: { messages: [
            { role: 'system', parts: [{ type: 'text', text: 'Be brief.' }] },
            { role: 'user', name: 'ann', parts: [{ type: 'text', text: 'Weather?' }, { type: 'media', modality: 'image', mimeType: 'image/png', uri: 'file:///a.png', dataLength: 12 }] },
            { role: 'tool', parts: [{ type: 'tool_result', id: 'call_1', result: '18C' }] },
          ] },
          output: { messages: [{ role: 'assistant', finishReason: 'tool_calls', parts: [{ type: 'reasoning', text: 'think' }, { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{}' }] }] },
          prompt: { name: 'weather', version: '3', template: 'Weather in {city}?', variables: { city: 'Paris' } }, code: { file: 'app/agent.py', line: 12, function: 'run' },
          error: { type: 'RateLimitError', message: 'slow down', stacktrace: 'at x' }, finishReasons: ['tool_calls'], requestParameters: { temperature: 0.2 },
          contentCaptured: true, retrieval: { documents: [{ id: 'd1', content: 'ctx' }] } },
        { spanId: '00f067aa0ba902b9', parentSpanId: '00f067aa0ba902b7', name: 'execute_tool get_weather', kind: 'tool', status: 'unset', startTimeUnixMs: 1764190000300, durationMs: 0,
          tool: { name: 'get_weather', callId: 'call_1', arguments: '{}', result: '18C' } },
        { spanId: '00f067aa0ba902ba', parentSpanId: 'ffffffffffffffff', name: 'rerank', kind: 'rerank', status: 'ok', startTimeUnixMs: 1764190000400, durationMs: 3, pending: true,
          retrieval: { query: 'paris', documents: [{ id: 'd2', content: 'Paris', score: 0.82, metadata: {}, rank: 1, rankBefore: 2 }], inputDocuments: [{ id: 'd2', rank: 2 }] } },
      ],
    }, {
      // A listing entry: no spans (the query API's list form).
      traceId: '4bf92f3577b34da6a3ce929d0e0e4737', name: 'other', service: 'agent-app', startTimeUnixMs: 1, durationMs: 0, status: 'ok', spanCount: 9,
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, costUsd: null,
    }],
  };
}

test('the full example document is valid, in memory and after a JSON round trip; an empty one too', () => {
  assert.deepEqual(checkTraceJson(validDoc()), []);
  assert.deepEqual(checkTraceJson(JSON.parse(JSON.stringify(validDoc()))), []);
  assert.deepEqual(checkTraceJson({ version: 1, traces: [] }), []);
});

const llm = (d: Doc) => d.traces[0].spans[1];
const BROKEN: [string, (d: Doc) => void, RegExp][] = [
  ['version 2', (d) => (d.version = 2), /^version: must be 1/],
  ['traces not an array', (d) => (d.traces = {} as never), /^traces: must be an array/],
  ['upper-case trace id', (d) => (d.traces[0].traceId = d.traces[0].traceId.toUpperCase()), /traces\[0\]\.traceId: must be 32 lowercase hex/],
  ['short trace id', (d) => (d.traces[0].traceId = 'abc'), /traces\[0\]\.traceId: must be 32/],
  ['all-zero trace id', (d) => (d.traces[0].traceId = '0'.repeat(32)), /traceId: must not be all zero/],
  ['17-digit span id', (d) => (llm(d).spanId = '00f067aa0ba902b80'), /spans\[1\]\.spanId: must be 16/],
  ['parent id missing (undefined)', (d) => delete llm(d).parentSpanId, /spans\[1\]\.parentSpanId: must be 16/],
  ['parent id empty', (d) => (llm(d).parentSpanId = ''), /spans\[1\]\.parentSpanId: must be 16/],
  ['own parent', (d) => (llm(d).parentSpanId = llm(d).spanId), /parentSpanId: must not be the span itself/],
  ['span id twice', (d) => (d.traces[0].spans[2].spanId = llm(d).spanId), /spans\[2\]\.spanId: .* more than once/],
  ['trace id twice', (d) => (d.traces[1].traceId = d.traces[0].traceId), /traces\[1\]\.traceId: .* more than once/],
  ['unknown kind', (d) => (llm(d).kind = 'LLM'), /spans\[1\]\.kind: must be one of/],
  ['unknown span status', (d) => (llm(d).status = 'failed'), /spans\[1\]\.status: must be one of/],
  ['unset trace status', (d) => (d.traces[0].status = 'unset'), /traces\[0\]\.status: must be one of ok\|error/],
  ['unknown OTel span kind', (d) => (llm(d).spanKind = 'SPAN_KIND_CLIENT'), /spanKind: must be one of/],
  ['negative duration', (d) => (llm(d).durationMs = -1), /spans\[1\]\.durationMs: must be ≥ 0/],
  ['NaN start', (d) => (d.traces[0].startTimeUnixMs = NaN), /traces\[0\]\.startTimeUnixMs: must be a finite number/],
  ['null start (NaN after JSON)', (d) => (llm(d).startTimeUnixMs = null), /spans\[1\]\.startTimeUnixMs: must be a finite number/],
  ['negative tokens', (d) => (llm(d).usage.outputTokens = -5), /usage\.outputTokens: must be ≥ 0/],
  ['fractional tokens', (d) => (llm(d).usage.inputTokens = 1.5), /usage\.inputTokens: must be an integer/],
  ['tokens as a string', (d) => (llm(d).usage.reasoningTokens = '24'), /usage\.reasoningTokens: must be a finite number/],
  ['tokens beyond 2^53', (d) => (d.traces[0].usage.totalTokens = 2 ** 53 + 2), /traces\[0\]\.usage\.totalTokens: must be an integer below 2\^53/],
  ['trace usage without total', (d) => delete d.traces[0].usage.totalTokens, /traces\[0\]\.usage\.totalTokens: must be a finite number/],
  ['trace costUsd missing', (d) => delete d.traces[1].costUsd, /traces\[1\]\.costUsd: must be a finite number or null/],
  ['negative cost', (d) => (llm(d).costUsd = -0.1), /spans\[1\]\.costUsd: must be ≥ 0/],
  ['spanCount off by one', (d) => (d.traces[0].spanCount = 5), /traces\[0\]\.spanCount: is 5 but there are 4 spans/],
  ['message without role', (d) => delete llm(d).input.messages[0].role, /input\.messages\[0\]\.role: must be a string/],
  ['parts not an array', (d) => (llm(d).output.messages[0].parts = 'hi'), /output\.messages\[0\]\.parts: must be an array/],
  ['unknown part type', (d) => (llm(d).input.messages[0].parts[0].type = 'image'), /parts\[0\]\.type: must be text\|reasoning/],
  ['tool call without name', (d) => delete llm(d).output.messages[0].parts[1].name, /parts\[1\]\.name: must be a string/],
  ['tool result without result', (d) => delete llm(d).input.messages[2].parts[0].result, /parts\[0\]\.result: must be a string/],
  ['text that is a number', (d) => (llm(d).input.messages[0].parts[0].text = 42), /parts\[0\]\.text: must be a string/],
  ['undefined deep inside attributes', (d) => (d.traces[0].spans[0].attributes.nested[1].c = undefined), /document\.traces\[0\]\.spans\[0\]\.attributes\.nested\[1\]\.c: is undefined/],
  ['NaN inside an event attribute', (d) => (d.traces[0].spans[0].events[0].attributes.a = NaN), /events\[0\]\.attributes\.a: is NaN/],
  ['a bigint', (d) => (d.traces[0].spans[0].attributes.big = 10n), /attributes\.big: is a bigint/],
  ['tool on an llm span', (d) => (llm(d).tool = { name: 'x' }), /spans\[1\]\.tool: does not apply to a "llm" span/],
  ['tool without a name', (d) => delete d.traces[0].spans[2].tool.name, /spans\[2\]\.tool\.name: must be a string/],
  ['input documents on a retrieval span', (d) => (d.traces[0].spans[3].kind = 'retrieval'), /retrieval\.inputDocuments: does not apply to a "retrieval" span/],
  ['retrieval on an embedding span', (d) => (llm(d).kind = 'embedding'), /spans\[1\]\.retrieval: does not apply to a embedding span/],
  ['tool definitions on a tool span', (d) => (d.traces[0].spans[2].toolDefinitions = []), /spans\[2\]\.toolDefinitions: does not apply/],
  ['contentCaptured on an agent span', (d) => (d.traces[0].spans[0].contentCaptured = false), /spans\[0\]\.contentCaptured: does not apply/],
  ['pending false', (d) => (d.traces[0].spans[3].pending = false), /spans\[3\]\.pending: must be true/],
  ['rank 0', (d) => (d.traces[0].spans[3].retrieval.documents[0].rank = 0), /documents\[0\]\.rank: must be ≥ 1/],
  ['documents missing', (d) => delete d.traces[0].spans[3].retrieval.documents, /retrieval\.documents: must be an array/],
  ['event without time', (d) => delete d.traces[0].spans[0].events[0].timeUnixMs, /events\[0\]\.timeUnixMs: must be a finite number/],
  ['scope without name', (d) => delete d.traces[0].spans[0].scope.name, /scope\.name: must be a string/],
  ['code line as a string', (d) => (llm(d).code.line = '12'), /code\.line: must be a finite number/],
  ['finish reasons with a number', (d) => (llm(d).finishReasons = ['stop', 1]), /finishReasons\[1\]: must be a string/],
];

for (const [label, breakIt, expected] of BROKEN) {
  test(`a document with ${label} is reported`, () => {
    const doc = validDoc();
    breakIt(doc);
    const problems = checkTraceJson(doc);
    assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} among:\n${problems.join('\n')}`);
  });
}

test('not a document at all', () => {
  assert.match(checkTraceJson(null)[0], /^document: must be an object/);
  assert.match(checkTraceJson([])[0], /^document: must be an object/);
  assert.match(checkTraceJson({ version: 1 })[0], /^traces: must be an array/);
});
