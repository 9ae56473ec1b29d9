/**
 * A span's attribute names, as stored in its detail: the names instrumentations send on every span
 * (OTel GenAI, OpenInference, OpenLLMetry, Logfire, Vercel AI, HTTP) become short codes. A model
 * call's nine GenAI names are about 200 bytes of every row, more than its ids and times together.
 *
 * A code is `~` and the name's position in KNOWN_NAMES in base 36 (`~0` to `~z`, then `~10`...).
 * Any other name is written as it is, with one more `~` in front when it starts with `~`. Detail
 * written before the codes keeps its attributes under another field (span-record.ts), so no stored
 * name is ever read as a code by mistake.
 *
 * KNOWN_NAMES only ever grows at its end: a stored code must keep its name.
 */
import type { AttrMap } from '../model';

const KNOWN_NAMES: readonly string[] = [
  // OTel GenAI
  'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.system', 'gen_ai.request.model', 'gen_ai.response.model',
  'gen_ai.response.id', 'gen_ai.response.finish_reasons', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens',
  'gen_ai.conversation.id', 'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions',
  'gen_ai.tool.definitions', 'gen_ai.tool.name', 'gen_ai.tool.call.id', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result',
  'gen_ai.tool.type', 'gen_ai.tool.description', 'gen_ai.agent.name', 'gen_ai.agent.id', 'gen_ai.agent.description',
  'gen_ai.data_source.id', 'gen_ai.output.type', 'gen_ai.request.temperature', 'gen_ai.request.max_tokens', 'gen_ai.request.top_p',
  'gen_ai.request.top_k', 'gen_ai.request.stop_sequences', 'gen_ai.request.seed', 'gen_ai.request.frequency_penalty',
  'gen_ai.request.presence_penalty', 'gen_ai.request.choice.count', 'gen_ai.request.encoding_formats',
  'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'gen_ai.openai.request.service_tier',
  'gen_ai.openai.response.service_tier', 'gen_ai.openai.response.system_fingerprint', 'gen_ai.prompt', 'gen_ai.completion',
  'server.address', 'server.port', 'error.type',
  // OpenInference
  'openinference.span.kind', 'llm.model_name', 'llm.provider', 'llm.system', 'llm.invocation_parameters',
  'llm.token_count.prompt', 'llm.token_count.completion', 'llm.token_count.total', 'input.value', 'input.mime_type',
  'output.value', 'output.mime_type', 'session.id', 'user.id', 'metadata', 'tag.tags', 'tool.name', 'tool.description',
  'tool.parameters', 'tool_call.id', 'tool_call.function.name', 'tool_call.function.arguments', 'embedding.model_name',
  // OpenLLMetry
  'llm.request.type', 'llm.usage.total_tokens', 'llm.is_streaming', 'traceloop.span.kind', 'traceloop.entity.name',
  'traceloop.entity.input', 'traceloop.entity.output', 'traceloop.entity.path', 'traceloop.workflow.name',
  'traceloop.association.properties', 'gen_ai.openai.api_base',
  // Logfire
  'logfire.span_type', 'logfire.msg', 'logfire.msg_template', 'logfire.json_schema', 'logfire.level_num', 'logfire.tags',
  'code.filepath', 'code.function', 'code.lineno', 'code.namespace', 'model_request_parameters', 'final_result', 'all_messages_events',
  'agent_name', 'events',
  // Vercel AI SDK
  'operation.name', 'ai.operationId', 'ai.model.id', 'ai.model.provider', 'ai.prompt', 'ai.prompt.messages', 'ai.prompt.format',
  'ai.prompt.tools', 'ai.prompt.toolChoice', 'ai.response.text', 'ai.response.toolCalls', 'ai.response.finishReason',
  'ai.response.id', 'ai.response.model', 'ai.response.timestamp', 'ai.response.providerMetadata', 'ai.response.msToFirstChunk',
  'ai.response.msToFinish', 'ai.response.avgCompletionTokensPerSecond', 'ai.usage.promptTokens', 'ai.usage.completionTokens',
  'ai.usage.inputTokens', 'ai.usage.outputTokens', 'ai.usage.totalTokens', 'ai.settings.maxRetries', 'ai.settings.maxSteps',
  'ai.telemetry.functionId', 'ai.toolCall.name', 'ai.toolCall.id', 'ai.toolCall.args', 'ai.toolCall.result', 'resource.name',
  // HTTP, databases, exceptions
  'http.method', 'http.url', 'http.status_code', 'http.request.method', 'http.response.status_code', 'url.full', 'url.path',
  'db.system', 'db.statement', 'db.operation', 'exception.type', 'exception.message', 'exception.stacktrace',
];

const CODE = '~';
const codes = new Map(KNOWN_NAMES.map((name, i) => [name, CODE + i.toString(36)]));

/** The key an attribute is stored under: its code, or its name (one more `~` if it starts with one). */
export function storedName(name: string): string {
  return codes.get(name) ?? (name.startsWith(CODE) ? CODE + name : name);
}

/** The stored form of an attribute map; `encodeItem` encodes each value (undefined: left out, as JSON would). */
export function encodeAttributeNames(attributes: AttrMap, encodeItem: (value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(attributes)) {
    const value: unknown = attributes[name];
    if (value === undefined) continue;
    setOwn(out, storedName(name), encodeItem(value));
  }
  return out;
}

/** The attribute map back from its stored form. */
export function decodeAttributeNames(stored: Record<string, unknown>, decodeItem: (value: unknown) => unknown): AttrMap {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(stored)) setOwn(out, nameOf(key), decodeItem(stored[key]));
  return out as AttrMap;
}

/** Each code's name, looked up on read instead of parsed (a read decodes every span's names). */
const namesByCode = new Map(KNOWN_NAMES.map((name, i) => [CODE + i.toString(36), name]));

function nameOf(key: string): string {
  if (key.charCodeAt(0) !== 0x7e) return key;
  const known = namesByCode.get(key);
  if (known !== undefined) return known;
  if (key.startsWith(CODE, 1)) return key.slice(1);
  const name = KNOWN_NAMES[parseInt(key.slice(1), 36)];
  if (name === undefined) throw new Error(`stored attribute name ${JSON.stringify(key)} is not a known code`);
  return name;
}

/** Sets an own property, `__proto__` included (plain assignment would replace the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
