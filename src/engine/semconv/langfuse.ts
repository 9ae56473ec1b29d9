/**
 * Langfuse's OpenTelemetry attributes (Langfuse SDK v3+ and anything that targets Langfuse's OTel
 * endpoint): `langfuse.observation.*`, `langfuse.trace.*`, `langfuse.session.id`, `langfuse.user.id`.
 *
 * `usage_details` components are DISJOINT in Langfuse (its SDK subtracts cache and reasoning counts
 * from input and output "to avoid double counting", and Langfuse's total is the sum of all
 * components). Converted to Tracelight's OTel-style meaning: inputTokens = input + every input-side
 * detail (cache read/write, audio, ...), outputTokens = output + every output-side detail.
 *
 * Errors: Langfuse marks them with `langfuse.observation.level = ERROR` and may leave the span
 * status unset.
 */
import type { SpanKind, Usage } from '../../protocol/trace-json';
import { isRecord, toNumber } from './attributes';
import { kindFromName, type Family, type FamilyFields, type SpanContext } from './family';
import { cleanUsage } from './usage-shapes';

function kindOf(type: string | undefined): SpanKind | undefined {
  if (type === 'generation') return 'llm';
  if (type === 'span' || type === 'event') return undefined; // generic: says nothing about the kind
  return kindFromName(type);
}

const CACHE_READ_KEYS = ['input_cached_tokens', 'input_cache_read', 'cache_read_input_tokens', 'input_cache_read_tokens'];
const CACHE_WRITE_KEYS = ['input_cache_creation', 'cache_creation_input_tokens', 'input_cache_write', 'input_cache_creation_tokens'];
const REASONING_KEYS = ['output_reasoning_tokens', 'output_reasoning', 'reasoning_tokens'];

function first(u: Record<string, unknown>, keys: string[]): number | undefined {
  for (const k of keys) {
    const v = toNumber(u[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function usageFromLangfuseDetails(u: Record<string, unknown>): Usage | undefined {
  const base = toNumber(u.input) ?? toNumber(u.prompt_tokens) ?? toNumber(u.promptTokens);
  const out = toNumber(u.output) ?? toNumber(u.completion_tokens) ?? toNumber(u.completionTokens);
  let inputExtra = 0;
  let outputExtra = 0;
  for (const [k, v] of Object.entries(u)) {
    const n = toNumber(v);
    if (n === undefined || k === 'input' || k === 'output' || k === 'total') continue;
    if (k.startsWith('input_') || k.startsWith('cache_')) inputExtra += n;
    else if (k.startsWith('output_') || k === 'reasoning_tokens') outputExtra += n;
  }
  return cleanUsage({
    inputTokens: base === undefined ? undefined : base + inputExtra,
    outputTokens: out === undefined ? undefined : out + outputExtra,
    totalTokens: toNumber(u.total) ?? toNumber(u.total_tokens) ?? toNumber(u.totalTokens),
    cacheReadTokens: first(u, CACHE_READ_KEYS),
    cacheWriteTokens: first(u, CACHE_WRITE_KEYS),
    reasoningTokens: first(u, REASONING_KEYS),
  });
}

/** `cost_details`: the sent total, else the sum of the sent components (all of them are costs in USD). */
function cost(details: unknown): number | undefined {
  if (!isRecord(details)) return undefined;
  const total = toNumber(details.total);
  if (total !== undefined) return total;
  let sum: number | undefined;
  for (const v of Object.values(details)) {
    const n = toNumber(v);
    if (n !== undefined) sum = (sum ?? 0) + n;
  }
  return sum;
}

function read({ span, attrs }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  f.kind = kindOf(attrs.str('langfuse.observation.type'));
  f.requestModel = attrs.str('langfuse.observation.model.name');
  const params = attrs.value('langfuse.observation.model.parameters');
  if (isRecord(params)) f.requestParameters = params;
  const usage = attrs.value('langfuse.observation.usage_details');
  if (isRecord(usage)) f.usage = usageFromLangfuseDetails(usage);
  const costUsd = cost(attrs.value('langfuse.observation.cost_details'));
  if (costUsd !== undefined) f.costUsd = costUsd;
  f.rawInput = attrs.get('langfuse.observation.input');
  f.rawOutput = attrs.get('langfuse.observation.output');
  const promptName = attrs.str('langfuse.observation.prompt.name');
  if (promptName) f.prompt = { name: promptName, version: attrs.str('langfuse.observation.prompt.version') };
  if (f.kind === 'tool') {
    f.tool = { name: span.name, arguments: attrs.text('langfuse.observation.input'), result: attrs.text('langfuse.observation.output') };
  }
  if (attrs.str('langfuse.observation.level')?.toUpperCase() === 'ERROR') {
    f.error = { message: attrs.str('langfuse.observation.status_message') ?? span.status.message };
  }
  return f;
}

export const langfuseFamily: Family = {
  name: 'langfuse',
  applies: ({ attrs }) => attrs.hasNamespace('langfuse'),
  read,
};
