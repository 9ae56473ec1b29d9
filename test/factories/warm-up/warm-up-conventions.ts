/**
 * The attributes of the synthetic agent spans (warm-up-spans.ts) in each convention the engine
 * reads most: what the instrumentations put on an agent's root, a model call, a tool call and a
 * retrieval step. Texts come from `text(n)`, which gives each a run-unique prefix.
 */
export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;
export type WarmUpConvention = 'genai' | 'openinference' | 'openllmetry' | 'vercel';

export interface WarmUpSpan {
  index: number;
  parent: number | null;
  name: string;
  /** OTLP span kind: 1 internal, 3 client. */
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  events: Array<{ atMs: number; name: string; attributes: Attributes }>;
  /** A status message: the span failed. */
  error?: string;
}

type SpanPart = Pick<WarmUpSpan, 'name' | 'attributes'> & Partial<Pick<WarmUpSpan, 'events' | 'error'>>;

export const WARMUP_CONVENTIONS: Record<WarmUpConvention, { service: string; scope: { name: string; version: string } }> = {
  genai: { service: 'synthetic-genai-agent', scope: { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' } },
  openinference: { service: 'synthetic-openinference-agent', scope: { name: 'openinference.instrumentation.langchain', version: '0.1.50' } },
  openllmetry: { service: 'synthetic-openllmetry-agent', scope: { name: 'opentelemetry.instrumentation.openai.v1', version: '0.40.0' } },
  vercel: { service: 'synthetic-vercel-agent', scope: { name: 'ai', version: '5.0.0' } },
};

/** One step in this many starts with a retrieval. */
export const RETRIEVAL_STEP_EVERY = 3;

const MODEL = 'gpt-4o-mini';
/** Sentences for texts of realistic lengths: prompts, answers and tool results run to kilobytes, past the store's compression threshold. */
const SENTENCES = [
  'Orders ship from the central warehouse within two business days of payment.',
  'Carriers may add one to three days in peak season and on public holidays.',
  'A customer can change the delivery address until the parcel leaves the warehouse.',
  'Refunds go back to the original payment method within five business days.',
  'Tracking numbers appear in the order history once the carrier scans the parcel.',
  'Damaged items are replaced at no cost when reported within fourteen days.',
];

/** About `chars` characters of prose, varied by `seed`. */
function prose(seed: number, chars: number): string {
  let out = '';
  for (let i = seed; out.length < chars; i++) out += `${SENTENCES[i % SENTENCES.length]} `;
  return out;
}

const SYSTEM = `You are a support agent for an online store. Answer from the retrieved documents and the tools only; say so when they do not hold the answer. ${prose(0, 1600)}`;

/** The documents a step's retrieval returns (their texts are quoted in that step's model call, as RAG does). */
function retrievedDocuments(step: number, text: (n: number) => string): Array<{ id: string; score: number; content: string }> {
  return [0, 1, 2].map((d) => ({ id: `doc-${step}-${d}`, score: 0.9 - d / 10, content: `${text(500 + step * 3 + d)} ${prose(step + d, 500)}` }));
}

function conversation(step: number, text: (n: number) => string): Array<{ role: string; content: string }> {
  const context = step % RETRIEVAL_STEP_EVERY === 0 ? `\n\nContext:\n${retrievedDocuments(step, text).slice(0, 2).map((d) => d.content).join('\n')}` : '';
  return [
    { role: 'system', content: `${text(1)} ${SYSTEM}` },
    { role: 'user', content: `${text(2)} Where is my order ${1000 + step}? It was due on Monday.${context}` },
    { role: 'assistant', content: `${text(3 + step)} Let me look that order up for you.` },
  ];
}

export function rootAttributes(convention: WarmUpConvention, question: string): SpanPart {
  switch (convention) {
    case 'genai': return { name: 'invoke_agent support', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support', 'gen_ai.provider.name': 'openai' } };
    case 'openinference': return { name: 'AgentExecutor', attributes: { 'openinference.span.kind': 'AGENT', 'input.value': JSON.stringify({ input: question }), 'input.mime_type': 'application/json', 'output.value': `${question} answered` } };
    case 'openllmetry': return { name: 'support_agent.workflow', attributes: { 'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'support_agent', 'traceloop.entity.input': JSON.stringify({ question }) } };
    case 'vercel': return { name: 'ai.generateText', attributes: { 'operation.name': 'ai.generateText', 'ai.operationId': 'ai.generateText', 'ai.model.id': MODEL, 'ai.model.provider': 'openai.chat', 'ai.prompt': JSON.stringify({ prompt: question }), 'ai.response.text': `${question} answered` } };
  }
}

export function llmAttributes(convention: WarmUpConvention, step: number, text: (n: number) => string): SpanPart {
  const messages = conversation(step, text);
  const answer = `${text(100 + step)} Order ${1000 + step} left the warehouse on Tuesday; I will check the carrier. ${prose(step, 700)}`;
  const call = { id: `call_${step}`, name: 'track_order', arguments: JSON.stringify({ order_id: 1000 + step }) };
  const tokens = { input: 420 + step, output: 36 + (step % 7) };
  switch (convention) {
    case 'genai': return { name: `chat ${MODEL}`, attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': MODEL, 'gen_ai.response.model': `${MODEL}-2024-07-18`,
      'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 1024, 'gen_ai.response.id': `chatcmpl-${text(150 + step)}`,
      'gen_ai.usage.input_tokens': tokens.input, 'gen_ai.usage.output_tokens': tokens.output, 'gen_ai.usage.cache_read.input_tokens': 128,
      'gen_ai.response.finish_reasons': ['tool_calls'], 'gen_ai.conversation.id': text(0), 'server.address': 'api.openai.com', 'server.port': 443,
      'gen_ai.input.messages': JSON.stringify(messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] }))),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }, { type: 'tool_call', id: call.id, name: call.name, arguments: { order_id: 1000 + step } }], finish_reason: 'tool_call' }]),
    } };
    case 'openinference': {
      const attributes: Attributes = {
        'openinference.span.kind': 'LLM', 'llm.model_name': MODEL, 'llm.provider': 'openai', 'llm.system': 'openai',
        'llm.invocation_parameters': JSON.stringify({ temperature: 0.2 }), 'llm.token_count.prompt': tokens.input, 'llm.token_count.completion': tokens.output,
        'llm.token_count.total': tokens.input + tokens.output, 'input.value': JSON.stringify({ messages }), 'input.mime_type': 'application/json',
        'llm.output_messages.0.message.role': 'assistant', 'llm.output_messages.0.message.content': answer,
        'llm.output_messages.0.message.tool_calls.0.tool_call.id': call.id, 'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': call.name,
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': call.arguments,
      };
      messages.forEach((m, i) => {
        attributes[`llm.input_messages.${i}.message.role`] = m.role;
        attributes[`llm.input_messages.${i}.message.content`] = m.content;
      });
      return { name: 'ChatOpenAI', attributes };
    }
    case 'openllmetry': {
      const attributes: Attributes = {
        'llm.request.type': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': MODEL, 'gen_ai.response.model': `${MODEL}-2024-07-18`,
        'gen_ai.usage.prompt_tokens': tokens.input, 'gen_ai.usage.completion_tokens': tokens.output, 'llm.usage.total_tokens': tokens.input + tokens.output,
        'gen_ai.completion.0.role': 'assistant', 'gen_ai.completion.0.content': answer, 'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.tool_calls.0.id': call.id, 'gen_ai.completion.0.tool_calls.0.name': call.name, 'gen_ai.completion.0.tool_calls.0.arguments': call.arguments,
      };
      messages.forEach((m, i) => {
        attributes[`gen_ai.prompt.${i}.role`] = m.role;
        attributes[`gen_ai.prompt.${i}.content`] = m.content;
      });
      return { name: 'openai.chat', attributes };
    }
    case 'vercel': return { name: 'ai.generateText.doGenerate', attributes: {
      'operation.name': 'ai.generateText.doGenerate', 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': MODEL, 'ai.model.provider': 'openai.chat',
      'gen_ai.system': 'openai.chat', 'gen_ai.request.model': MODEL, 'gen_ai.response.model': `${MODEL}-2024-07-18`,
      'ai.prompt.messages': JSON.stringify(messages.map((m) => ({ role: m.role, content: m.role === 'system' ? m.content : [{ type: 'text', text: m.content }] }))),
      'ai.response.text': answer, 'ai.response.finishReason': 'tool-calls',
      'ai.response.toolCalls': JSON.stringify([{ toolCallType: 'function', toolCallId: call.id, toolName: call.name, args: call.arguments }]),
      'ai.usage.promptTokens': tokens.input, 'ai.usage.completionTokens': tokens.output,
      'gen_ai.usage.input_tokens': tokens.input, 'gen_ai.usage.output_tokens': tokens.output, 'gen_ai.response.finish_reasons': ['tool-calls'],
    } };
  }
}

export function toolAttributes(convention: WarmUpConvention, step: number, text: (n: number) => string): SpanPart {
  const args = JSON.stringify({ order_id: 1000 + step });
  const result = JSON.stringify({ order_id: 1000 + step, status: 'in transit', carrier: 'DHL', note: text(200 + step), history: prose(step + 2, 1200) });
  // Every fifth tool call fails, as tools do, with an exception event.
  const failed = step % 5 === 4;
  const events = failed ? [{ atMs: step * 40 + 37, name: 'exception', attributes: {
    'exception.type': 'TimeoutError', 'exception.message': `${text(300 + step)} carrier API timed out`,
    'exception.stacktrace': `TimeoutError: carrier API timed out\n    at trackOrder (/app/tools/track.py:42)\n    at run (/app/agent.py:${100 + step})`,
  } }] : [];
  const error = failed ? `${text(300 + step)} carrier API timed out` : undefined;
  switch (convention) {
    case 'genai': return { name: 'execute_tool track_order', events, error, attributes: {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'track_order', 'gen_ai.tool.call.id': `call_${step}`, 'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.arguments': args, 'gen_ai.tool.call.result': result,
    } };
    case 'openinference': return { name: 'track_order', events, error, attributes: {
      'openinference.span.kind': 'TOOL', 'tool.name': 'track_order', 'tool.description': 'Looks an order up at the carrier', 'tool.parameters': args,
      'input.value': args, 'input.mime_type': 'application/json', 'output.value': result, 'output.mime_type': 'application/json',
    } };
    case 'openllmetry': return { name: 'track_order.tool', events, error, attributes: {
      'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'track_order', 'traceloop.entity.input': args, 'traceloop.entity.output': result,
    } };
    case 'vercel': return { name: 'ai.toolCall', events, error, attributes: {
      'operation.name': 'ai.toolCall', 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'track_order', 'ai.toolCall.id': `call_${step}`,
      'ai.toolCall.args': args, 'ai.toolCall.result': result,
    } };
  }
}

export function retrievalAttributes(convention: WarmUpConvention, step: number, text: (n: number) => string): SpanPart {
  const query = `${text(400 + step)} shipping delays for order ${1000 + step}`;
  const documents = retrievedDocuments(step, text);
  switch (convention) {
    case 'genai':
    case 'vercel': return { name: 'retrieval knowledge-base', attributes: {
      'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'knowledge-base', 'gen_ai.retrieval.query.text': query,
      'gen_ai.retrieval.documents': JSON.stringify(documents),
    } };
    case 'openinference': {
      const attributes: Attributes = { 'openinference.span.kind': 'RETRIEVER', 'input.value': query };
      documents.forEach((doc, i) => {
        attributes[`retrieval.documents.${i}.document.id`] = doc.id;
        attributes[`retrieval.documents.${i}.document.score`] = doc.score;
        attributes[`retrieval.documents.${i}.document.content`] = doc.content;
      });
      return { name: 'VectorStoreRetriever', attributes };
    }
    // Vector database instrumentations put each match in a `db.query.result` event.
    case 'openllmetry': return { name: 'chroma.query', attributes: {
      'db.system': 'chroma', 'db.operation': 'query', 'db.chroma.query.collection_name': 'knowledge-base', 'db.query.text': query,
    }, events: documents.map((doc) => ({ atMs: step * 40 + 4, name: 'db.query.result', attributes: {
      'db.query.result.id': doc.id, 'db.query.result.score': doc.score, 'db.query.result.document': doc.content,
    } })) };
  }
}
