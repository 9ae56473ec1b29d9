/**
 * Vercel AI SDK legacy telemetry (`ai.*` spans, v3–v6 and `LegacyOpenTelemetry` in v7). The v7
 * default exporter follows the OTel GenAI conventions and is read by genai.ts.
 *
 * Token keys changed between versions: v4 `ai.usage.promptTokens` / `completionTokens`; v5/v6 code
 * `ai.usage.inputTokens` / `outputTokens` / `totalTokens` / `reasoningTokens` /
 * `cachedInputTokens`, later `ai.usage.inputTokenDetails.*` / `outputTokenDetails.*`. The SDK's
 * inputTokens already include cached tokens (cachedInputTokens is a subset), as in OTel.
 * Both the outer `ai.generateText` and its `ai.generateText.doGenerate` carry usage: the outer one
 * is a `chain` here and the trace rollup counts each call once.
 */
import type { Message, MessagePart, SpanKind } from '../../protocol/trace-json';
import { isRecord, structured, toNumber, toText, type SpanAttributes } from './attributes';
import { toToolDefinitions } from './documents';
import type { Family, FamilyFields, SpanContext } from './family';
import { toolCallsToParts } from './message-parts';
import { messagesFromValue } from './message-shapes';
import { cleanUsage } from './usage-shapes';

function kindOf(operationId: string): SpanKind | undefined {
  if (/\.(doGenerate|doStream)$/.test(operationId)) return 'llm';
  if (/^ai\.embed(Many)?\.doEmbed$/.test(operationId)) return 'embedding';
  if (/\.doRerank$/.test(operationId)) return 'rerank';
  if (operationId === 'ai.toolCall') return 'tool';
  if (/^ai\.(generateText|streamText|generateObject|streamObject|embed|embedMany|rerank)$/.test(operationId)) return 'chain';
  return undefined;
}

function usage(attrs: SpanAttributes): FamilyFields['usage'] {
  const noCache = attrs.num('ai.usage.inputTokenDetails.noCacheTokens');
  const cacheRead = attrs.num('ai.usage.cachedInputTokens') ?? attrs.num('ai.usage.inputTokenDetails.cacheReadTokens');
  const cacheWrite = attrs.num('ai.usage.inputTokenDetails.cacheWriteTokens');
  const text = attrs.num('ai.usage.outputTokenDetails.textTokens');
  const reasoning = attrs.num('ai.usage.reasoningTokens') ?? attrs.num('ai.usage.outputTokenDetails.reasoningTokens');
  // When only the detail split is sent, its parts add up to the OTel-style totals.
  const input = attrs.num('ai.usage.inputTokens') ?? attrs.num('ai.usage.promptTokens') ?? attrs.num('ai.usage.tokens')
    ?? (noCache !== undefined ? noCache + (cacheRead ?? 0) + (cacheWrite ?? 0) : undefined);
  const output = attrs.num('ai.usage.outputTokens') ?? attrs.num('ai.usage.completionTokens')
    ?? (text !== undefined ? text + (reasoning ?? 0) : undefined);
  return cleanUsage({
    inputTokens: input,
    outputTokens: output,
    totalTokens: attrs.num('ai.usage.totalTokens'),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: reasoning,
  });
}

function outputMessages(attrs: SpanAttributes): Message[] | undefined {
  const parts: MessagePart[] = [];
  const reasoning = attrs.text('ai.response.reasoning');
  if (reasoning) parts.push({ type: 'reasoning', text: reasoning });
  const text = attrs.text('ai.response.text') ?? attrs.text('ai.result.text');
  if (text !== undefined) parts.push({ type: 'text', text });
  const object = attrs.text('ai.response.object') ?? attrs.text('ai.result.object');
  if (object !== undefined) parts.push({ type: 'text', text: object });
  const calls = attrs.value('ai.response.toolCalls') ?? attrs.value('ai.result.toolCalls');
  if (Array.isArray(calls)) parts.push(...toolCallsToParts(calls));
  else if (typeof calls === 'string') parts.push({ type: 'text', text: calls }); // malformed JSON: kept raw
  if (parts.length === 0) return undefined;
  const m: Message = { role: 'assistant', parts };
  const finish = attrs.str('ai.response.finishReason') ?? attrs.str('ai.finishReason');
  if (finish) m.finishReason = finish;
  return [m];
}

/** `ai.value(s)` hold JSON.stringify'd values, so a string arrives quoted: unquote it. */
function embeddedValue(v: unknown): unknown {
  if (typeof v === 'string' && v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }
  return structured(v);
}

function inputMessages(attrs: SpanAttributes): Message[] | undefined {
  for (const key of ['ai.prompt.messages', 'ai.prompt']) {
    const value = attrs.value(key);
    if (value === undefined || value === '') continue;
    const messages = messagesFromValue(value, 'input');
    if (messages) return messages;
    // Not recognisable (or malformed JSON): the raw text is kept rather than lost.
    return [{ role: 'user', parts: [{ type: 'text', text: toText(value) ?? '' }] }];
  }
  const values = attrs.list('ai.values') ?? (attrs.has('ai.value') ? [attrs.get('ai.value')] : undefined);
  if (values) return [{ role: 'input', parts: values.map((v) => ({ type: 'text', text: toText(embeddedValue(v)) ?? '' })) }];
  return undefined;
}

function read({ span, attrs }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  const operationId = attrs.str('ai.operationId') ?? (span.name.startsWith('ai.') ? span.name : undefined);
  if (operationId) f.kind = kindOf(operationId);
  // `openai.chat`, `anthropic.messages`, `google.generative-ai`: the provider is the first segment.
  f.provider = attrs.str('ai.model.provider')?.split('.')[0]?.toLowerCase();
  f.requestModel = attrs.str('ai.model.id');
  f.model = attrs.str('ai.response.model');
  f.usage = usage(attrs);
  const input = inputMessages(attrs);
  if (input) f.input = { messages: input };
  const output = outputMessages(attrs);
  if (output) f.output = { messages: output };
  const finish = attrs.str('ai.response.finishReason') ?? attrs.str('ai.finishReason');
  if (finish) f.finishReasons = [finish];
  f.toolDefinitions = toToolDefinitions(attrs.list('ai.prompt.tools'));
  const toolName = attrs.str('ai.toolCall.name');
  if (toolName) {
    f.tool = {
      name: toolName,
      callId: attrs.str('ai.toolCall.id'),
      arguments: attrs.text('ai.toolCall.args') ?? attrs.text('ai.toolCall.input'),
      result: attrs.text('ai.toolCall.result') ?? attrs.text('ai.toolCall.output'),
    };
  }
  const settings = attrs.collect('ai.settings.');
  const toolChoice = attrs.value('ai.prompt.toolChoice');
  if (settings || toolChoice !== undefined) f.requestParameters = { ...(settings ?? {}), ...(toolChoice !== undefined ? { toolChoice } : {}) };
  // OpenRouter reports the charged cost in its provider metadata (`{openrouter: {usage: {cost}}}`).
  const providerMetadata = attrs.value('ai.response.providerMetadata');
  const openrouter = isRecord(providerMetadata) && isRecord(providerMetadata.openrouter) ? providerMetadata.openrouter : undefined;
  const cost = openrouter && isRecord(openrouter.usage) ? toNumber(openrouter.usage.cost) : undefined;
  if (cost !== undefined) f.costUsd = cost;
  const langfusePrompt = attrs.value('ai.telemetry.metadata.langfusePrompt');
  if (isRecord(langfusePrompt)) f.prompt = { name: toText(langfusePrompt.name), version: toText(langfusePrompt.version) };
  return f;
}

export const vercelAiFamily: Family = {
  name: 'vercel-ai',
  applies: ({ attrs }) => attrs.hasNamespace('ai'),
  read,
};
