/**
 * Token usage objects as providers and frameworks serialise them, converted to Tracelight's
 * semantics (the OTel GenAI ones): `inputTokens` INCLUDES cache reads and writes, `outputTokens`
 * INCLUDES reasoning; cache and reasoning counts are subsets. Never invents a value: a total is
 * only derived when the sender gave both input and output (then total = input + output, which is
 * what every provider's own total means).
 */
import type { Usage } from '../../protocol/trace-json';
import { isRecord, toNumber } from './attributes';

/** Drops undefined fields; undefined when nothing is left. */
export function cleanUsage(u: Usage): Usage | undefined {
  const out: Usage = {};
  let any = false;
  // for...in rather than Object.entries: the same keys in the same order, without an array per field.
  for (const k in u) {
    const v = u[k as keyof Usage];
    if (v !== undefined && Number.isFinite(v)) {
      out[k as keyof Usage] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}

function sumDefined(...values: (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0) + v;
  return total;
}

function n(obj: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = toNumber(obj[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Anthropic's raw API usage: `input_tokens` EXCLUDES `cache_read_input_tokens` and
 * `cache_creation_input_tokens`. Converted so inputTokens is the OTel-style total of all three.
 */
export function fromAnthropicUsage(u: Record<string, unknown>): Usage | undefined {
  const uncached = n(u, 'input_tokens');
  const cacheRead = n(u, 'cache_read_input_tokens');
  const cacheWrite = n(u, 'cache_creation_input_tokens');
  const output = n(u, 'output_tokens');
  const input = uncached === undefined ? undefined : sumDefined(uncached, cacheRead, cacheWrite);
  return cleanUsage({
    inputTokens: input,
    outputTokens: output,
    totalTokens: input !== undefined && output !== undefined ? input + output : undefined,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  });
}

/**
 * Any usage object found inside a JSON payload (raw provider responses, framework outputs):
 * - Anthropic (`input_tokens` + `cache_*_input_tokens`): see fromAnthropicUsage;
 * - OpenAI chat (`prompt_tokens`, `prompt_tokens_details.cached_tokens`,
 *   `completion_tokens_details.reasoning_tokens`) and Responses API (`input_tokens_details`);
 * - Gemini `usage_metadata` / `usageMetadata`: `candidates_token_count` EXCLUDES thoughts, so
 *   outputTokens = candidates + thoughts (the OTel meaning);
 * - LangChain `usage_metadata` (`input_tokens`, `input_token_details.cache_read`), which already
 *   includes cached tokens in input;
 * - Genkit / AI SDK camelCase (`inputTokens`, `outputTokens`, `cachedInputTokens`, `thoughtsTokens`).
 */
export function usageFromObject(u: unknown): Usage | undefined {
  if (!isRecord(u)) return undefined;
  if (u.cache_read_input_tokens !== undefined || u.cache_creation_input_tokens !== undefined) {
    if (u.input_tokens !== undefined && u.input_token_details === undefined) return fromAnthropicUsage(u);
  }
  const gemini = u.prompt_token_count !== undefined || u.promptTokenCount !== undefined;
  if (gemini) {
    const candidates = n(u, 'candidates_token_count', 'candidatesTokenCount');
    const thoughts = n(u, 'thoughts_token_count', 'thoughtsTokenCount');
    return cleanUsage({
      inputTokens: n(u, 'prompt_token_count', 'promptTokenCount'),
      outputTokens: candidates === undefined ? undefined : sumDefined(candidates, thoughts),
      totalTokens: n(u, 'total_token_count', 'totalTokenCount'),
      cacheReadTokens: n(u, 'cached_content_token_count', 'cachedContentTokenCount'),
      reasoningTokens: thoughts,
    });
  }
  const inDetails = [u.prompt_tokens_details, u.input_tokens_details, u.input_token_details, u.inputTokenDetails].find(isRecord);
  const outDetails = [u.completion_tokens_details, u.output_tokens_details, u.output_token_details, u.outputTokenDetails].find(isRecord);
  const input = n(u, 'input_tokens', 'prompt_tokens', 'inputTokens', 'promptTokens', 'input');
  const output = n(u, 'output_tokens', 'completion_tokens', 'outputTokens', 'completionTokens', 'output');
  return cleanUsage({
    inputTokens: input,
    outputTokens: output,
    totalTokens: n(u, 'total_tokens', 'totalTokens', 'total') ?? (input !== undefined && output !== undefined ? input + output : undefined),
    cacheReadTokens: n(u, 'cachedInputTokens', 'cachedContentTokens') ?? (inDetails ? n(inDetails, 'cached_tokens', 'cache_read', 'cacheReadTokens') : undefined),
    cacheWriteTokens: inDetails ? n(inDetails, 'cache_creation', 'cache_write', 'cacheWriteTokens') : undefined,
    reasoningTokens: n(u, 'reasoningTokens', 'thoughtsTokens') ?? (outDetails ? n(outDetails, 'reasoning_tokens', 'reasoning', 'reasoningTokens') : undefined),
  });
}

/** Looks for a usage object in the usual places of a response payload (`usage`, `usage_metadata`, ...). */
export function findUsage(payload: unknown): Usage | undefined {
  if (!isRecord(payload)) return undefined;
  for (const key of ['usage', 'usage_metadata', 'usageMetadata', 'token_usage', 'tokenUsage']) {
    const u = usageFromObject(payload[key]);
    if (u) return u;
  }
  const info = payload.llm_output ?? payload.response_metadata;
  if (isRecord(info)) return findUsage(info);
  return undefined;
}
