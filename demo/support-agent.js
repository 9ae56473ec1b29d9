// The demo agent: embed the question → retrieve notes → chat (tool call) → run the tool → chat
// (answer). Model calls go through the real `openai` client, traced by the real
// @opentelemetry/instrumentation-openai (spans, with prompts and answers as log records); the
// agent, retrieval and tool steps are spans made with the OpenTelemetry API in the GenAI semantic
// conventions, as an application instruments its own code.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { SpanKind, SpanStatusCode, trace } = require('@opentelemetry/api');
const { embed } = require('./fake-llm-server');

const WORKSPACE = path.join(__dirname, 'workspace');
const MODEL = 'gpt-4o-mini';
const tracer = trace.getTracer('tracelight-demo-agent', '1.0.0');

const ORDERS = {
  1042: { order_id: '1042', item: 'Arc floor lamp', delivered: '2026-11-20' },
  2077: { order_id: '2077', item: 'Brass desk lamp', delivered: '2026-11-02' },
};

const TOOLS = [{
  type: 'function',
  function: {
    name: 'lookup_order', description: 'Find an order by its number',
    parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
  },
}];

/** The OpenAI client for the fake model server; required after the instrumentation is registered. */
function openaiClient(baseUrl) {
  const { OpenAI } = require('openai');
  return new OpenAI({ apiKey: 'demo-key', baseURL: baseUrl, maxRetries: 0 });
}

/** Runs `fn` inside a span that ends (with the error recorded) however `fn` finishes. */
async function inSpan(name, options, fn) {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.setAttribute('error.type', error.name || 'Error');
      throw error;
    } finally {
      span.end();
    }
  });
}

function knowledge() {
  const dir = path.join(WORKSPACE, 'knowledge');
  return fs.readdirSync(dir).sort().map((file) => ({ id: file, content: fs.readFileSync(path.join(dir, file), 'utf8').trim() }));
}

/** GenAI-convention message JSON (gen_ai.input.messages / gen_ai.output.messages) from OpenAI messages. */
function toGenAiMessages(messages) {
  return messages.map((m) => {
    const parts = [];
    if (m.content) parts.push(m.role === 'tool' ? { type: 'tool_call_response', id: m.tool_call_id, response: m.content } : { type: 'text', content: m.content });
    for (const call of m.tool_calls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) });
    return { role: m.role, parts };
  });
}

async function chat(client, messages) {
  const response = await client.chat.completions.create({ model: MODEL, messages, tools: TOOLS, temperature: 0.2 });
  return response.choices[0].message;
}

async function lookupOrder(call) {
  const args = JSON.parse(call.function.arguments);
  return inSpan(`execute_tool ${call.function.name}`, { kind: SpanKind.INTERNAL }, async (span) => {
    span.setAttributes({
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': call.function.name, 'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': call.id, 'gen_ai.tool.call.arguments': call.function.arguments,
    });
    const order = ORDERS[args.order_id];
    if (!order) throw new Error(`order ${args.order_id} not found`);
    span.setAttribute('gen_ai.tool.call.result', JSON.stringify(order));
    return order;
  });
}

/** Answers one customer question; returns the answer text. */
async function answer(baseUrl, question, sessionId) {
  const client = openaiClient(baseUrl);
  return inSpan('invoke_agent support-agent', { kind: SpanKind.INTERNAL }, async (agentSpan) => {
    agentSpan.setAttributes({
      'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent', 'gen_ai.provider.name': 'openai',
      'gen_ai.conversation.id': sessionId, 'session.id': sessionId,
    });
    const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: question, encoding_format: 'float' });
    const vector = embedding.data[0].embedding;
    const documents = await inSpan('retrieval support-kb', { kind: SpanKind.CLIENT }, async (span) => {
      const scored = knowledge()
        .map((doc) => ({ ...doc, score: Number(embed(doc.content).reduce((s, x, i) => s + x * vector[i], 0).toFixed(4)) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 2);
      span.setAttributes({
        'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'support-kb',
        'gen_ai.retrieval.query.text': question,
        'gen_ai.retrieval.documents': JSON.stringify(scored.map((d) => ({ id: d.id, score: d.score, content: d.content }))),
      });
      return scored;
    });
    const template = fs.readFileSync(path.join(WORKSPACE, 'prompts', 'support-agent.md'), 'utf8');
    const messages = [
      { role: 'system', content: template.replace('{{context}}', documents.map((d) => d.content).join('\n')) },
      { role: 'user', content: question },
    ];
    for (let step = 0; step < 4; step++) {
      const reply = await chat(client, messages);
      messages.push(reply);
      if (!reply.tool_calls?.length) {
        agentSpan.setAttribute('gen_ai.output.messages', JSON.stringify(toGenAiMessages([reply])));
        return reply.content;
      }
      for (const call of reply.tool_calls) {
        const result = await lookupOrder(call).catch((error) => ({ error: error.message }));
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
      }
    }
    throw new Error('the agent did not finish in 4 steps');
  });
}

module.exports = { answer };
