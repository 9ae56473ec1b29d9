/**
 * OpenTelemetry GenAI semantic conventions, span attributes (current and deprecated keys).
 * Events and log records are in genai-events.ts.
 *
 * Usage semantics are the spec's: input_tokens includes cache reads/writes, output_tokens includes
 * reasoning, so the cache and reasoning counts are kept as subsets (no conversion).
 */
import type { DecodedSpan } from '../model';
import type { Message, SpanKind, Usage } from '../../protocol/trace-json';
import type { SpanAttributes } from './attributes';
import { isRecord } from './attributes';
import { toDocuments, toToolDefinitions } from './documents';
import type { Family, FamilyFields, SpanContext } from './family';
import { contentToParts } from './message-parts';
import { toMessageList } from './message-shapes';
import { cleanUsage } from './usage-shapes';
import { boundedMemo } from '../bounded-memo';

function kindFromOperation(op: string | undefined): SpanKind | undefined {
  switch (op) {
    case 'chat': case 'generate_content': case 'text_completion': case 'completion':
      return 'llm';
    case 'embeddings': case 'embedding':
      return 'embedding';
    case 'retrieval':
      return 'retrieval';
    case 'rerank':
      return 'rerank';
    case 'execute_tool':
      return 'tool';
    case 'invoke_agent': case 'create_agent':
      return 'agent';
    case 'invoke_workflow': case 'agent_step': // AI SDK v7 wraps each agent step in `step N` spans
    case 'execute_event_loop_cycle': // Strands: one model turn and the tools it asked for
      return 'chain';
    case 'guardrail.run': case 'guard': // OpenLLMetry JS guardrail spans
      return 'guardrail';
    default:
      return undefined;
  }
}

/**
 * A messages attribute that should be JSON but is not (truncated by an attribute length limit,
 * a Python repr): the raw text is kept as one text part so the content is not lost.
 */
export function messagesOrRaw(value: unknown, role: string): Message[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return [{ role, parts: [{ type: 'text', text: value }] }];
  return toMessageList(value, role) ?? (Array.isArray(value) && value.length === 0 ? undefined : [{ role, parts: contentToParts(value) }]);
}

/** `gen_ai.system_instructions`: a list of parts (or a string) → one leading system message. */
export function systemInstructions(value: unknown): Message | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parts = contentToParts(isRecord(value) && Array.isArray(value.parts) ? value.parts : value);
  return parts.length > 0 ? { role: 'system', parts } : undefined;
}

const textOf = (m: Message): string => m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n').trim();

/**
 * The system instructions in front of the conversation, unless the conversation already starts
 * with the same system text: OpenLIT sends the system prompt both in `gen_ai.system_instructions`
 * and as the first entry of `gen_ai.input.messages`, and it would otherwise show twice.
 */
export function withSystemInstructions(system: Message | undefined, messages: Message[]): Message[] {
  if (!system) return messages;
  const first = messages[0];
  if (first && first.role === 'system' && textOf(first) === textOf(system)) return messages;
  return [system, ...messages];
}

/**
 * `gen_ai.system` values that name an agent framework rather than the model provider (Strands sends
 * `strands-agents` whatever model it calls): not shown as the provider.
 */
const FRAMEWORK_SYSTEMS = new Set(['strands-agents']);

/**
 * Provider names, lowercased (older OpenLLMetry Python sent "Anthropic"). The AI SDK (v7
 * `gen_ai.provider.name`, v3–v6 `gen_ai.system`) sends its provider id with a model-type suffix
 * ("openai.chat", "fakeai.embedding", "google.generative-ai"): the suffix is dropped. No
 * well-known OTel value ends with one of these suffixes ("aws.bedrock", "azure.ai.openai", ...).
 */
export function providerName(value: string | undefined): string | undefined {
  return value === undefined ? undefined : providerNameOf(value);
}

/** providerName of each value seen lately: every call of a provider sends the same value. */
const providerNameOf = boundedMemo(256, (value) =>
  value.toLowerCase().replace(/\.(chat|responses|completion|completions|embedding|embeddings|messages|image|transcription|speech|generative-ai)$/, ''));

function finishReasons(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value) return [value];
  return undefined;
}

function requestParameters(attrs: SpanAttributes): Record<string, unknown> | undefined {
  // Most calls send the model alone under this prefix, and it is not a parameter.
  const keys = attrs.keysWithPrefix('gen_ai.request.');
  if (keys.length === 0 || (keys.length === 1 && keys[0] === 'gen_ai.request.model')) return undefined;
  const all = attrs.collect('gen_ai.request.', 'model');
  if (!all) return undefined;
  return Object.keys(all).length > 0 ? all : undefined;
}

/**
 * Instrumentations that put Anthropic's raw `input_tokens` (which EXCLUDES cache reads and writes)
 * into `gen_ai.usage.input_tokens`, and a total without the cached tokens. Observed in the
 * openllmetry fixtures: `@traceloop/instrumentation-anthropic` 0.27.0 sent input 31 + cache write 5
 * where the Anthropic SDK's own span for the same call sent 36.
 */
const ANTHROPIC_RAW_USAGE_SCOPES = new Set(['@traceloop/instrumentation-anthropic']);

function usage(span: DecodedSpan, attrs: SpanAttributes): Usage | undefined {
  const input = attrs.num('gen_ai.usage.input_tokens') ?? attrs.num('gen_ai.usage.prompt_tokens');
  const output = attrs.num('gen_ai.usage.output_tokens') ?? attrs.num('gen_ai.usage.completion_tokens');
  const cacheRead = attrs.num('gen_ai.usage.cache_read.input_tokens');
  // `cache_write` is what the Anthropic TypeScript SDK's own instrumentation sends.
  const cacheWrite = attrs.num('gen_ai.usage.cache_creation.input_tokens') ?? attrs.num('gen_ai.usage.cache_write.input_tokens');
  // Not in the spec, but sent by OpenLLMetry (newer) and LangSmith; never derived here.
  let total = attrs.num('gen_ai.usage.total_tokens');
  let inputTokens = input;
  if (ANTHROPIC_RAW_USAGE_SCOPES.has(span.scope.name) && input !== undefined) {
    const cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
    inputTokens = input + cached;
    if (total !== undefined) total += cached;
  }
  return cleanUsage({
    inputTokens,
    outputTokens: output,
    totalTokens: total,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    // `details.*` is pydantic-ai's and Logfire's spelling of the provider's usage details.
    reasoningTokens: attrs.num('gen_ai.usage.reasoning.output_tokens') ?? attrs.num('gen_ai.usage.reasoning_tokens')
      ?? attrs.num('gen_ai.usage.details.reasoning_tokens'),
  });
}

function read({ span, attrs, rowColumnsOnly }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  f.kind = kindFromOperation(attrs.str('gen_ai.operation.name'));
  // Older OpenLLMetry Python sent capitalised systems ("Anthropic"); providers are compared lowercase.
  // The AI SDK's provider spans set gen_ai.system to its provider id ("openai.chat"): vercel-ai.ts
  // reads that one from `ai.model.provider`, which is the same value.
  // LangSmith sets gen_ai.system to "langchain" (a framework) and the real provider in
  // `langsmith.metadata.ls_provider`, which langsmith.ts reads.
  const legacySystem = attrs.has('ai.model.provider') || attrs.hasNamespace('langsmith') ? undefined : attrs.str('gen_ai.system');
  const provider = providerName(attrs.str('gen_ai.provider.name') ?? legacySystem);
  if (provider && !FRAMEWORK_SYSTEMS.has(provider)) f.provider = provider;
  f.requestModel = attrs.str('gen_ai.request.model');
  f.model = attrs.str('gen_ai.response.model');
  f.usage = usage(span, attrs);
  // LiteLLM writes its response cost as gen_ai.cost.total_cost (with input_cost / output_cost).
  const cost = attrs.num('gen_ai.usage.cost') ?? attrs.num('gen_ai.cost.total_cost');
  // OpenLIT sends 0 when its price table lacks the model (always, offline): that is "unknown".
  const unpricedOpenLit = cost === 0 && attrs.str('telemetry.sdk.name') === 'openlit';
  if (cost !== undefined && !unpricedOpenLit) f.costUsd = cost;

  // Parsing the conversation is most of the work and no row column depends on it.
  if (!rowColumnsOnly) readContent(attrs, f);

  const toolName = attrs.str('gen_ai.tool.name');
  // For the row columns, a tool tells only the kind (by its name); the rest of the span's answer is
  // read for the full fields only.
  if (rowColumnsOnly) {
    if (toolName) f.tool = { name: toolName };
  } else if (toolName || attrs.has('gen_ai.tool.call.id')) {
    f.tool = {
      name: toolName ?? '',
      callId: attrs.str('gen_ai.tool.call.id'),
      arguments: attrs.text('gen_ai.tool.call.arguments'),
      result: attrs.text('gen_ai.tool.call.result'),
      description: attrs.str('gen_ai.tool.description'),
    };
  }
  const documents = toDocuments(attrs.value('gen_ai.retrieval.documents'));
  const query = attrs.text('gen_ai.retrieval.query.text');
  if (documents || query) f.retrieval = { query, documents: documents ?? [] };
  const promptName = attrs.str('gen_ai.prompt.name');
  if (promptName) f.prompt = { name: promptName };
  if (rowColumnsOnly) return f;
  f.agentName = attrs.str('gen_ai.agent.name');
  f.finishReasons = finishReasons(attrs.value('gen_ai.response.finish_reasons'));
  f.requestParameters = requestParameters(attrs);
  return f;
}

function readContent(attrs: SpanContext['attrs'], f: FamilyFields): void {
  const system = systemInstructions(attrs.value('gen_ai.system_instructions'));
  const inputMessages = messagesOrRaw(attrs.value('gen_ai.input.messages'), 'user');
  if (system || inputMessages) f.input = { messages: withSystemInstructions(system, inputMessages ?? []) };
  const outputMessages = messagesOrRaw(attrs.value('gen_ai.output.messages'), 'assistant');
  if (outputMessages) f.output = { messages: outputMessages };
  f.toolDefinitions = toToolDefinitions(attrs.value('gen_ai.tool.definitions'));
}

export const genAiFamily: Family = {
  name: 'genai',
  applies: ({ attrs }) => attrs.hasNamespace('gen_ai'),
  read,
};
