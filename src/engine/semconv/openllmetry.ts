/**
 * OpenLLMetry / Traceloop (`traceloop-sdk`, `@traceloop/node-server-sdk` and their per-library
 * instrumentations).
 *
 * Older releases (openllmetry-js before 2026-03, Python semconv-ai below 0.5), still widely
 * deployed, flatten messages as `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` and functions as
 * `llm.request.functions.N.*`; newer ones use the GenAI keys that genai.ts reads. The current
 * GenAI keys they share (models, usage) are read by genai.ts; only the Traceloop-specific ones are
 * here. Vector DB instrumentations put retrieved matches in `db.query.result` span events.
 */
import type { Message, PromptInfo, SpanKind } from '../../protocol/trace-json';
import { isRecord, structured, type SpanAttributes } from './attributes';
import { toDocument, toToolDefinitions } from './documents';
import { kindFromName, type Family, type FamilyFields, type SpanContext } from './family';
import { toMessage } from './message-shapes';
import { cleanUsage } from './usage-shapes';

function kindOf(attrs: SpanAttributes): SpanKind | undefined {
  const spanKind = attrs.str('traceloop.span.kind');
  if (spanKind) return kindFromName(spanKind);
  const requestType = attrs.str('llm.request.type');
  if (requestType === 'completion' || requestType === 'chat') return 'llm';
  return requestType ? kindFromName(requestType) : undefined;
}

/** `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` items → messages. Content is often a JSON string of a content list. */
function flattenedMessages(attrs: SpanAttributes, key: string, role: string): Message[] | undefined {
  const list = attrs.list(key);
  if (!list) return undefined;
  const out: Message[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const toolCalls = Array.isArray(item.tool_calls) ? item.tool_calls : undefined;
    const m = toMessage({
      role: item.role,
      content: structured(item.content),
      tool_calls: toolCalls?.map((t) => (isRecord(t) ? { id: t.id, function: { name: t.name, arguments: t.arguments } } : t)),
      function_call: item.function_call,
      tool_call_id: item.tool_call_id,
      finish_reason: item.finish_reason,
    }, role);
    if (m) out.push(m);
  }
  return out.length > 0 ? out : undefined;
}

function prompt(attrs: SpanAttributes): PromptInfo | undefined {
  if (!attrs.has('traceloop.prompt.key') && !attrs.has('traceloop.prompt.template')) return undefined;
  const p: PromptInfo = {
    name: attrs.str('traceloop.prompt.key'),
    version: attrs.str('traceloop.prompt.version_name') ?? attrs.str('traceloop.prompt.version'),
    template: attrs.text('traceloop.prompt.template'),
    id: attrs.str('traceloop.prompt.version_hash'),
  };
  const vars = attrs.value('traceloop.prompt.template_variables');
  const perVar = attrs.collect('traceloop.prompt.template_variables.');
  if (isRecord(vars)) p.variables = vars;
  else if (perVar) p.variables = perVar;
  return p;
}

const VECTOR_DBS = new Set(['chroma', 'pinecone', 'qdrant', 'weaviate', 'milvus', 'lancedb', 'marqo', 'pgvector', 'faiss']);

/** Retrieved matches from `db.query.result` span events, in order. */
function vectorDbRetrieval({ span, attrs }: SpanContext): FamilyFields['retrieval'] {
  const docs = [];
  for (const e of span.events) {
    if (e.name !== 'db.query.result') continue;
    const a = e.attributes;
    const doc = toDocument({
      id: a['db.query.result.id'],
      score: a['db.query.result.score'],
      distance: a['db.query.result.distance'],
      document: a['db.query.result.document'],
      metadata: a['db.query.result.metadata'],
    });
    if (doc) docs.push({ ...doc, rank: docs.length + 1 });
  }
  // OpenLLMetry JS's Qdrant and Pinecone instrumentations call `addEvent(...).setAttribute(...)`;
  // addEvent returns the span, so their matches land as span attributes `db.vector.query.result.N.*`.
  if (docs.length === 0) {
    for (const match of attrs.list('db.vector.query.result') ?? []) {
      if (!isRecord(match)) continue;
      const doc = toDocument({ id: match.id, score: match.score, metadata: match.metadata });
      if (doc) docs.push({ ...doc, rank: docs.length + 1 });
    }
  }
  if (docs.length === 0) return undefined;
  return { query: attrs.text('db.query.text') ?? attrs.text('db.vector.query.text'), documents: docs };
}

/** Request parameters by attribute name; the first sent of a name wins. */
const REQUEST_PARAMETERS: ReadonlyArray<readonly [string, string]> = [
  ['llm.is_streaming', 'stream'], ['gen_ai.is_streaming', 'stream'], ['llm.frequency_penalty', 'frequency_penalty'],
  ['llm.presence_penalty', 'presence_penalty'], ['llm.top_k', 'top_k'], ['llm.chat.stop_sequences', 'stop_sequences'],
  ['db.vector.query.top_k', 'top_k'],
];

function requestParameters(attrs: SpanAttributes): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = {};
  for (const [key, name] of REQUEST_PARAMETERS) {
    const v = attrs.get(key);
    if (v !== undefined && params[name] === undefined) params[name] = v;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

function read(ctx: SpanContext): FamilyFields {
  const { attrs } = ctx;
  const f: FamilyFields = {};
  f.kind = kindOf(attrs);
  const input = flattenedMessages(attrs, 'gen_ai.prompt', 'user');
  if (input) f.input = { messages: input };
  const output = flattenedMessages(attrs, 'gen_ai.completion', 'assistant');
  if (output) f.output = { messages: output };
  if (output) {
    const reasons = output.map((m) => m.finishReason).filter((r): r is string => !!r);
    if (reasons.length > 0) f.finishReasons = reasons;
  }
  f.toolDefinitions = toToolDefinitions(attrs.list('llm.request.functions'));
  f.usage = cleanUsage({
    totalTokens: attrs.num('llm.usage.total_tokens'),
    cacheReadTokens: attrs.num('gen_ai.usage.cache_read_input_tokens'),
    cacheWriteTokens: attrs.num('gen_ai.usage.cache_creation_input_tokens'),
  });
  const entityName = attrs.str('traceloop.entity.name');
  f.rawInput = attrs.get('traceloop.entity.input') ?? attrs.get('gen_ai.guardrail.input');
  f.rawOutput = attrs.get('traceloop.entity.output') ?? attrs.get('gen_ai.guardrail.output');
  if (f.kind === 'tool' && entityName) {
    f.tool = { name: entityName, arguments: attrs.text('traceloop.entity.input'), result: attrs.text('traceloop.entity.output') };
  }
  if (f.kind === 'agent' && entityName) f.agentName = entityName;
  f.prompt = prompt(attrs);
  f.requestParameters = requestParameters(attrs);
  const dbSystem = attrs.str('db.system')?.toLowerCase();
  const retrieval = vectorDbRetrieval(ctx);
  if (retrieval) {
    f.retrieval = retrieval;
    f.kind ??= 'retrieval';
  } else if (dbSystem && VECTOR_DBS.has(dbSystem) && /query|search/i.test(ctx.span.name)) {
    f.kind ??= 'retrieval';
  }
  return f;
}

export const openLlmetryFamily: Family = {
  name: 'openllmetry',
  applies: ({ attrs, span }) =>
    attrs.hasNamespace('traceloop') || attrs.hasNamespace('llm') || attrs.hasNamespace('gen_ai') || attrs.hasNamespace('db')
    || span.events.some((e) => e.name === 'db.query.result'),
  read,
};

