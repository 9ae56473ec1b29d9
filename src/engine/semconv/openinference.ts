/**
 * OpenInference (Arize Phoenix, and everything translated into it: OpenLIT via Arize's processor,
 * `@arizeai/openinference-vercel`, LlamaIndex, LangChain, DSPy, ... instrumentations).
 *
 * Lists are flattened into indexed keys (`llm.input_messages.0.message.role`); `SpanAttributes.list`
 * turns them back into objects. Token counts: `llm.token_count.prompt` includes the
 * `prompt_details.*` counts and `completion` includes `completion_details.reasoning` (subsets), the
 * same meaning as Tracelight's, so no conversion.
 */
import type { Message, MessagePart, PromptInfo } from '../../protocol/trace-json';
import { isRecord, toText } from './attributes';
import type { SpanAttributes } from './attributes';
import { toDocuments, toToolDefinitions } from './documents';
import { kindFromName, type Family, type FamilyFields, type SpanContext } from './family';
import { toMessage } from './message-shapes';
import { cleanUsage } from './usage-shapes';
import { toolMessage, withIdsFromOutput } from './langchain-values';

/** `message_content.*` items → parts. */
function contentItems(items: unknown[]): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const raw of items) {
    const c = isRecord(raw) && isRecord(raw.message_content) ? raw.message_content : raw;
    if (!isRecord(c)) continue;
    const text = typeof c.text === 'string' ? c.text : undefined;
    const nested = (key: string): Record<string, unknown> | undefined => {
      const outer = c[key];
      if (!isRecord(outer)) return undefined;
      return isRecord(outer[key]) ? outer[key] : outer; // `image.image.url` after unflattening
    };
    switch (c.type) {
      case 'reasoning':
        parts.push({ type: 'reasoning', text: text ?? '' });
        break;
      case 'image': case 'audio': case 'video': {
        const m = nested(c.type as string);
        const url = m ? toText(m.url) : undefined;
        const mime = m ? toText(m.mime_type) : undefined;
        const part: MessagePart = { type: 'media', modality: c.type as string };
        if (url && !url.startsWith('data:')) part.uri = url;
        else if (url) part.dataLength = url.length; // inline base64 is not copied
        if (mime) part.mimeType = mime;
        parts.push(part);
        break;
      }
      case 'tool_use': {
        const call = isRecord(c.tool_call) ? c.tool_call : c;
        const fn = isRecord(call.function) ? call.function : {};
        parts.push({ type: 'tool_call', id: toText(call.id ?? c.id), name: toText(fn.name ?? c.name) ?? '', arguments: toText(fn.arguments) });
        break;
      }
      default:
        if (text !== undefined) parts.push({ type: 'text', text });
    }
  }
  return parts;
}

/** One unflattened `{message:{role, content|contents, tool_calls, tool_call_id, name}}` item → message. */
function oiMessage(item: unknown, defaultRole: string): Message | undefined {
  const m = isRecord(item) && isRecord(item.message) ? item.message : item;
  if (!isRecord(m)) return undefined;
  const toolCalls = Array.isArray(m.tool_calls)
    ? m.tool_calls.map((t) => (isRecord(t) && isRecord(t.tool_call) ? t.tool_call : t))
    : undefined;
  const message = toMessage({
    role: m.role,
    name: m.name,
    tool_call_id: m.tool_call_id,
    content: typeof m.content === 'string' ? m.content : undefined,
    tool_calls: toolCalls,
  }, defaultRole);
  if (!message) return undefined;
  if (Array.isArray(m.contents)) message.parts.unshift(...contentItems(m.contents));
  // Legacy function calls: `message.function_call_name` / `message.function_call_arguments_json`.
  if (typeof m.function_call_name === 'string') {
    message.parts.push({ type: 'tool_call', name: m.function_call_name, arguments: toText(m.function_call_arguments_json) });
  }
  return message;
}

function messages(attrs: SpanAttributes, key: string, legacyKey: string, legacyField: string, role: string): Message[] | undefined {
  const list = attrs.list(key);
  if (list) {
    const out = list.map((item) => oiMessage(item, role)).filter((m): m is Message => !!m);
    if (out.length > 0) return out;
  }
  // Legacy completions API: `llm.prompts.N.prompt.text` / `llm.choices.N.completion.text`.
  const legacy = attrs.list(legacyKey);
  if (!legacy) return undefined;
  const texts = legacy.map((item) => {
    const inner = isRecord(item) ? item[legacyField] : undefined;
    return typeof item === 'string' ? item : isRecord(inner) ? toText(inner.text) : undefined;
  });
  const out: Message[] = texts.filter((t): t is string => t !== undefined).map((text) => ({ role, parts: [{ type: 'text', text }] }));
  return out.length > 0 ? out : undefined;
}

function prompt(attrs: SpanAttributes): PromptInfo | undefined {
  const variables = attrs.value('llm.prompt_template.variables');
  const p: PromptInfo = {
    template: attrs.text('llm.prompt_template.template'),
    version: attrs.str('llm.prompt_template.version'),
    id: attrs.str('prompt.id'),
    url: attrs.str('prompt.url'),
  };
  if (isRecord(variables)) p.variables = variables;
  return Object.values(p).some((v) => v !== undefined) ? p : undefined;
}

function read({ attrs }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  const kind = kindFromName(attrs.str('openinference.span.kind'));
  f.kind = kind;
  // LangChain runs carry LangSmith's `ls_provider` / `ls_model_name` in the `metadata` JSON.
  const metadata = attrs.has('metadata') ? attrs.value('metadata') : undefined;
  const lsProvider = isRecord(metadata) ? toText(metadata.ls_provider) : undefined;
  f.provider = (attrs.str('llm.provider') ?? attrs.str('llm.system') ?? lsProvider)?.toLowerCase();
  // `llm.model_name` is what the response named (the served snapshot, `gpt-4o-mini-2024-07-18`) when
  // there was a response; the requested model is in the invocation parameters, which are also the
  // only place a failed call names it (Python OpenAI and LangChain instrumentors).
  const params = attrs.value('llm.invocation_parameters') ?? attrs.value('embedding.invocation_parameters');
  const invoked = isRecord(params) ? toText(params.model ?? params.model_name) : undefined;
  const named = attrs.str('llm.model_name');
  f.requestModel = attrs.str('llm.request.model_name') ?? invoked ?? named ?? attrs.str('embedding.model_name') ?? attrs.str('reranker.model_name');
  f.model = attrs.str('llm.response.model_name') ?? (invoked !== undefined && named !== undefined ? named : undefined);
  f.usage = cleanUsage({
    inputTokens: attrs.num('llm.token_count.prompt'),
    outputTokens: attrs.num('llm.token_count.completion'),
    totalTokens: attrs.num('llm.token_count.total'),
    cacheReadTokens: attrs.num('llm.token_count.prompt_details.cache_read'),
    cacheWriteTokens: attrs.num('llm.token_count.prompt_details.cache_write'),
    reasoningTokens: attrs.num('llm.token_count.completion_details.reasoning'),
  });
  const costPrompt = attrs.num('llm.cost.prompt');
  const costCompletion = attrs.num('llm.cost.completion');
  // A total is used as sent; otherwise the sum of both sent halves (never one half alone).
  const cost = attrs.num('llm.cost.total') ?? (costPrompt !== undefined && costCompletion !== undefined ? costPrompt + costCompletion : undefined);
  if (cost !== undefined) f.costUsd = cost;

  const input = messages(attrs, 'llm.input_messages', 'llm.prompts', 'prompt', 'user');
  if (input) f.input = { messages: input };
  const output = messages(attrs, 'llm.output_messages', 'llm.choices', 'completion', 'assistant');
  if (output) f.output = { messages: output };
  const embedded = attrs.list('embedding.embeddings')
    ?.map((e) => (isRecord(e) && isRecord(e.embedding) ? toText(e.embedding.text) : undefined))
    .filter((t): t is string => t !== undefined);
  if (!input && embedded && embedded.length > 0) f.input = { messages: [{ role: 'input', parts: embedded.map((text) => ({ type: 'text', text })) }] };
  f.toolDefinitions = toToolDefinitions(attrs.list('llm.tools'));
  f.rawInput = attrs.get('input.value');
  f.rawOutput = attrs.get('output.value');

  const toolName = attrs.str('tool.name') ?? attrs.str('tool_call.function.name');
  if (toolName) {
    const message = kind === 'tool' ? toolMessage(attrs.value('output.value')) : undefined;
    f.tool = {
      name: toolName,
      callId: attrs.str('tool.id') ?? attrs.str('tool_call.id') ?? message?.callId,
      arguments: attrs.text('tool_call.function.arguments') ?? (kind === 'tool' ? attrs.text('input.value') : undefined),
      result: message ? message.content : kind === 'tool' ? attrs.text('output.value') : undefined,
      description: attrs.str('tool.description'),
    };
    if (message) f.rawOutput = message.content;
  }
  const documents = toDocuments(attrs.list('retrieval.documents'));
  const rerankOut = toDocuments(attrs.list('reranker.output_documents'));
  const rerankIn = toDocuments(attrs.list('reranker.input_documents'));
  if (rerankOut || rerankIn || attrs.has('reranker.query')) {
    f.retrieval = { query: attrs.text('reranker.query'), documents: rerankOut ?? [], inputDocuments: rerankIn };
  } else if (documents) {
    // A retriever's input.value is its query (plain text, or JSON from some frameworks).
    f.retrieval = { query: kind === 'retrieval' ? attrs.text('input.value') : undefined, documents: withIdsFromOutput(documents, attrs.value('output.value')) };
  }
  f.prompt = prompt(attrs);
  f.agentName = attrs.str('agent.name') ?? (kind === 'agent' ? attrs.str('graph.node.name') : undefined);
  const finish = attrs.str('llm.finish_reason');
  if (finish) f.finishReasons = [finish];
  if (isRecord(params)) f.requestParameters = params;
  return f;
}

export const openInferenceFamily: Family = {
  name: 'openinference',
  applies: ({ attrs }) =>
    attrs.hasNamespace('openinference') || attrs.hasNamespace('llm') || attrs.hasNamespace('input') || attrs.hasNamespace('output')
    || attrs.hasNamespace('retrieval') || attrs.hasNamespace('reranker') || attrs.hasNamespace('embedding') || attrs.hasNamespace('tool'),
  read,
};
