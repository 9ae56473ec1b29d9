/**
 * Hand-made traces in Trace JSON for the webview tests, screenshots and bench: an agent with tool
 * calls, a RAG pipeline, an error with a stack trace, hostile content, and large synthetic trees.
 * Their shapes are the normalized model's (src/protocol/trace-json.ts), as the store returns them.
 */
import type { TraceJsonSpan, TraceJsonTrace } from '../../src/protocol/trace-json';

const T0 = 1_764_190_000_000;
let idCounter = 0;
export const spanId = () => (++idCounter).toString(16).padStart(16, '0');
export const traceId = (n: number) => `${n.toString(16).padStart(8, '0')}4bf92f3577b34da6a3ce929d`;

type Extra = Partial<TraceJsonSpan> & Pick<TraceJsonSpan, 'name' | 'kind'>;

function make(parent: TraceJsonSpan | null, offset: number, duration: number, extra: Extra): TraceJsonSpan {
  return {
    spanId: spanId(), parentSpanId: parent?.spanId ?? null, status: 'ok', startTimeUnixMs: T0 + offset, durationMs: duration,
    service: 'support-bot', resource: { 'service.name': 'support-bot', 'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.version': '2.12.1' },
    scope: { name: '@opentelemetry/instrumentation-openai', version: '0.21.0' }, attributes: {}, ...extra,
  };
}

function trace(id: string, spans: TraceJsonSpan[]): TraceJsonTrace {
  const root = spans.find((s) => s.parentSpanId === null) ?? spans[0];
  const end = Math.max(...spans.map((s) => s.startTimeUnixMs + s.durationMs));
  const usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let cost: number | null = null;
  for (const s of spans.filter((x) => x.kind === 'llm' || x.kind === 'embedding')) {
    usage.inputTokens += s.usage?.inputTokens ?? 0;
    usage.outputTokens += s.usage?.outputTokens ?? 0;
    usage.totalTokens += s.usage?.totalTokens ?? 0;
    if (typeof s.costUsd === 'number') cost = (cost ?? 0) + s.costUsd;
  }
  return {
    traceId: id, name: root.name, service: root.service ?? 'support-bot', startTimeUnixMs: root.startTimeUnixMs,
    durationMs: end - root.startTimeUnixMs, status: spans.some((s) => s.status === 'error') ? 'error' : 'ok', spanCount: spans.length,
    usage, costUsd: cost, spans,
  };
}

const WEATHER_TOOL = { name: 'get_weather', description: 'Current weather for a city', parameters: '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}' };

export function agentTrace(): TraceJsonTrace {
  const agent = make(null, 0, 2400, { name: 'invoke_agent weather-agent', kind: 'agent', agentName: 'weather-agent', spanKind: 'internal',
    input: { messages: [{ role: 'user', parts: [{ type: 'text', text: 'What should I wear in Paris today?' }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', text: 'It is **18 °C and sunny** in Paris: a light jacket will do.' }] }] },
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'weather-agent', 'gen_ai.conversation.id': 'conv-42' }, sessionId: 'conv-42' });
  const system = { role: 'system', parts: [{ type: 'text' as const, text: 'You are a helpful assistant. Use tools for facts.\n\n## Rules\n- Answer briefly\n- Cite the tool you used' }] };
  const user = { role: 'user', parts: [{ type: 'text' as const, text: 'What should I wear in Paris today?' }] };
  const call = { role: 'assistant', parts: [{ type: 'tool_call' as const, id: 'call_7Qx', name: 'get_weather', arguments: '{"city":"Paris"}' }], finishReason: 'tool_calls' };
  const llm1 = make(agent, 40, 900, { name: 'chat o4-mini', kind: 'llm', spanKind: 'client', provider: 'openai', requestModel: 'o4-mini', model: 'o4-mini-2025-04-16',
    usage: { inputTokens: 412, outputTokens: 86, totalTokens: 498, cacheReadTokens: 256, reasoningTokens: 64 }, costUsd: 0.000832, finishReasons: ['tool_calls'],
    requestParameters: { temperature: 0.2, max_tokens: 512 }, toolDefinitions: [WEATHER_TOOL], input: { messages: [system, user] },
    prompt: { name: 'weather-assistant', version: '3', template: 'You are a helpful assistant. Use tools for facts.\n\n## Rules\n{{rules}}', variables: { rules: '- Answer briefly' } },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'reasoning', text: 'The user asks about clothing; I need the weather first.' }, ...call.parts], finishReason: 'tool_calls' }] },
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'o4-mini', 'gen_ai.usage.input_tokens': 412, 'gen_ai.usage.output_tokens': 86, 'server.address': 'api.openai.com' } });
  const tool = make(agent, 960, 310, { name: 'execute_tool get_weather', kind: 'tool', tool: { name: 'get_weather', callId: 'call_7Qx', arguments: '{"city":"Paris"}', result: '{"temperature_c":18,"conditions":"sunny","wind_kph":9}' },
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call_7Qx' } });
  const http = make(tool, 980, 270, { name: 'GET api.weather.example/v1/current', kind: 'other', spanKind: 'client', attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.full': 'https://api.weather.example/v1/current?city=Paris' } });
  const llm2 = make(agent, 1300, 1050, { name: 'chat o4-mini', kind: 'llm', spanKind: 'client', provider: 'openai', requestModel: 'o4-mini', model: 'o4-mini-2025-04-16',
    usage: { inputTokens: 530, outputTokens: 41, totalTokens: 571, cacheReadTokens: 384 }, costUsd: 0.000763, finishReasons: ['stop'], toolDefinitions: [WEATHER_TOOL],
    input: { messages: [system, user, call, { role: 'tool', parts: [{ type: 'tool_result', id: 'call_7Qx', result: '{"temperature_c":18,"conditions":"sunny","wind_kph":9}' }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', text: 'It is **18 °C and sunny** in Paris: a light jacket will do.\n\n1. T-shirt\n2. Light jacket\n\n`get_weather` said so.' }], finishReason: 'stop' }] },
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'o4-mini' } });
  return trace(traceId(1), [agent, llm1, tool, http, llm2]);
}

export function ragTrace(): TraceJsonTrace {
  const root = make(null, 0, 1600, { name: 'invoke_workflow answer-question', kind: 'chain', input: { messages: [{ role: 'user', parts: [{ type: 'text', text: 'How do I rotate an API key?' }] }] } });
  const embed = make(root, 10, 120, { name: 'embeddings text-embedding-3-small', kind: 'embedding', provider: 'openai', requestModel: 'text-embedding-3-small', model: 'text-embedding-3-small', usage: { inputTokens: 9, totalTokens: 9 }, costUsd: 0.00000018 });
  const docs = [
    { id: 'kb/security/api-keys.md#rotate', score: 0.8712, content: 'Rotating an API key\nOpen Settings → API keys, choose the key and press Rotate. The old key keeps working for 24 hours.', metadata: { source: 'kb/security/api-keys.md', section: 'rotate' } },
    { id: 'kb/security/api-keys.md#revoke', score: 0.8034, content: 'Revoking a key stops it at once. Applications using it start failing with 401.', metadata: { source: 'kb/security/api-keys.md' } },
    { id: 'kb/billing/limits.md', score: 0.6120, content: 'Rate limits apply per key and per organization.', metadata: { source: 'kb/billing/limits.md' } },
  ];
  const retrieve = make(root, 140, 180, { name: 'retrieval docs-index', kind: 'retrieval', retrieval: { query: 'How do I rotate an API key?', documents: docs.map((d, i) => ({ ...d, rank: i + 1 })) }, attributes: { 'gen_ai.retrieval.query.text': 'How do I rotate an API key?', 'db.system': 'qdrant' } });
  const rerank = make(root, 330, 90, { name: 'rerank cohere', kind: 'rerank', retrieval: { query: 'How do I rotate an API key?', documents: [docs[0], docs[1]].map((d, i) => ({ ...d, score: [0.97, 0.41][i], rank: i + 1, rankBefore: i + 1 })), inputDocuments: docs } });
  const llm = make(root, 430, 1150, { name: 'chat gpt-4o-mini', kind: 'llm', provider: 'openai', requestModel: 'gpt-4o-mini', model: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 688, outputTokens: 74, totalTokens: 762 }, costUsd: 0.000147, finishReasons: ['stop'],
    input: { messages: [{ role: 'system', parts: [{ type: 'text', text: `Answer from the context only.\n\nContext:\n${docs.map((d) => d.content).join('\n---\n')}` }] }, { role: 'user', parts: [{ type: 'text', text: 'How do I rotate an API key?' }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', text: 'Open **Settings → API keys**, pick the key and press *Rotate*. The old key keeps working for 24 hours.' }], finishReason: 'stop' }] } });
  return trace(traceId(2), [root, embed, retrieve, rerank, llm]);
}

export const PYTHON_STACK = `Traceback (most recent call last):
  File "/workspace/app/agent.py", line 42, in run
    reply = client.chat(messages)
  File "/workspace/app/llm_client.py", line 17, in chat
    raise ProviderError(resp.status_code, resp.text)
app.llm_client.ProviderError: 500 upstream overloaded`;

export function errorTrace(): TraceJsonTrace {
  const root = make(null, 0, 3100, { name: 'invoke_agent flaky-agent', kind: 'agent', status: 'error', statusMessage: 'model call failed', error: { type: 'ProviderError', message: 'model call failed' } });
  const llm = make(root, 20, 3000, { name: 'chat gpt-error', kind: 'llm', status: 'error', statusMessage: '500 upstream overloaded', provider: 'openai', requestModel: 'gpt-error', contentCaptured: false,
    error: { type: 'ProviderError', message: '500 upstream overloaded', stacktrace: PYTHON_STACK },
    events: [{ name: 'exception', timeUnixMs: T0 + 3015, attributes: { 'exception.type': 'ProviderError', 'exception.message': '500 upstream overloaded' } }],
    attributes: { 'error.type': 'ProviderError', 'http.response.status_code': 500, 'gen_ai.request.model': 'gpt-error' } });
  const retry = make(root, 40, 200, { name: 'retry backoff', kind: 'other', attributes: { attempt: 1 } });
  return trace(traceId(3), [root, llm, retry]);
}

/** Content an application could send to attack the viewer. Every string must show as text. */
export const HOSTILE = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned=\'img\'">',
  link: '[click me](javascript:window.__pwned=\'link\')',
  svg: '<svg onload="window.__pwned=\'svg\'"></svg>',
  loneSurrogate: 'broken \uD800 pair \uDC00 end',
};

export function hostileTrace(): TraceJsonTrace {
  const root = make(null, 0, 100, { name: `<img src=x onerror="window.__pwned='name'">`, kind: 'agent', attributes: { '<b>key</b>': HOSTILE.script, huge: 'x'.repeat(2_000_000) } });
  const llm = make(root, 5, 80, { name: 'chat hostile', kind: 'llm', model: 'm',
    input: { messages: [{ role: '<i>user</i>', parts: [{ type: 'text', text: `${HOSTILE.script}\n${HOSTILE.img}\n${HOSTILE.link}\n${HOSTILE.svg}\n${HOSTILE.loneSurrogate}` }] }] },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', text: `Here: ${HOSTILE.link}\n\n<b>bold?</b>\n\n${'long line '.repeat(100_000)}` }] }] },
    error: { type: '<script>', message: HOSTILE.img, stacktrace: `at x (javascript:alert(1):1:1)\n${HOSTILE.script}` }, status: 'error' });
  return trace(traceId(4), [root, llm]);
}

/** A synthetic trace of `count` spans: a root, then a tree with ~`fanout` children per node. */
export function bigTrace(count: number, fanout = 8, id = traceId(100 + count)): TraceJsonTrace {
  const kinds = ['llm', 'tool', 'retrieval', 'chain', 'agent', 'other'] as const;
  const spans: TraceJsonSpan[] = [];
  const root = make(null, 0, count * 2, { name: `batch of ${count}`, kind: 'agent' });
  spans.push(root);
  for (let i = 1; i < count; i++) {
    const parent = spans[Math.floor((i - 1) / fanout)];
    const start = parent.startTimeUnixMs - T0 + ((i * 7) % 97) / 100 * Math.max(1, parent.durationMs / 2);
    spans.push(make(parent, start, Math.max(0.5, parent.durationMs / 3), { name: `step ${i} ${kinds[i % kinds.length]}`, kind: kinds[i % kinds.length], status: i % 997 === 0 ? 'error' : 'ok', attributes: { index: i } }));
  }
  return trace(id, spans);
}
