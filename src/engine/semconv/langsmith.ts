/**
 * LangSmith's OpenTelemetry mapping (langsmith SDK OTel exporter, LangChain / LangGraph).
 *
 * Content is in the removed flat GenAI attributes `gen_ai.prompt` / `gen_ai.completion`, each one
 * JSON blob: chat model inputs `{messages:[[serialized LangChain messages]]}`, outputs
 * `{generations:[[{text, message}]]}`, or for chains and tools the run's inputs/outputs dicts.
 * Token details are JSON objects in `gen_ai.usage.input_token_details` / `output_token_details`
 * (LangChain `usage_metadata` semantics: input already includes cache reads).
 */
import type { Message } from '../../protocol/trace-json';
import { isRecord, toNumber, toText, type SpanAttributes } from './attributes';
import { kindFromName, type Family, type FamilyFields, type SpanContext } from './family';
import { messagesFromValue } from './message-shapes';
import { cleanUsage } from './usage-shapes';

/** A blob that is messages becomes messages; anything else is a raw value for the fallback. */
function blob(attrs: SpanAttributes, key: string, side: 'input' | 'output'): { messages?: Message[]; raw?: unknown } {
  // Only the flat attribute: `gen_ai.prompt.0.content` (OpenLLMetry) lives in other keys.
  if (!attrs.has(key)) return {};
  const value = attrs.value(key);
  const messages = messagesFromValue(value, side);
  return messages ? { messages } : { raw: attrs.get(key) };
}

function read({ span, attrs }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  f.kind = kindFromName(attrs.str('langsmith.span.kind'));
  f.provider = attrs.str('langsmith.metadata.ls_provider')?.toLowerCase();
  f.requestModel = attrs.str('langsmith.metadata.ls_model_name');
  const prompt = blob(attrs, 'gen_ai.prompt', 'input');
  const completion = blob(attrs, 'gen_ai.completion', 'output');
  if (prompt.messages) f.input = { messages: prompt.messages };
  if (completion.messages) f.output = { messages: completion.messages };
  f.rawInput = prompt.raw;
  f.rawOutput = completion.raw;
  const inDetails = attrs.value('gen_ai.usage.input_token_details');
  const outDetails = attrs.value('gen_ai.usage.output_token_details');
  f.usage = cleanUsage({
    cacheReadTokens: isRecord(inDetails) ? toNumber(inDetails.cache_read) : undefined,
    cacheWriteTokens: isRecord(inDetails) ? toNumber(inDetails.cache_creation) : undefined,
    reasoningTokens: isRecord(outDetails) ? toNumber(outDetails.reasoning) : undefined,
  });
  if (f.kind === 'tool') {
    const name = attrs.str('gen_ai.tool.name') ?? span.name;
    if (name) f.tool = { name, arguments: toText(prompt.raw), result: toText(completion.raw) };
  }
  const invocation = attrs.value('langsmith.metadata.ls_invocation_params') ?? attrs.value('gen_ai.request.invocation_params');
  if (isRecord(invocation)) f.requestParameters = invocation;
  return f;
}

export const langSmithFamily: Family = {
  name: 'langsmith',
  applies: ({ attrs }) => attrs.hasNamespace('langsmith') || (attrs.has('gen_ai.prompt') || attrs.has('gen_ai.completion')),
  read,
};
