/**
 * Model prices from @pydantic/genai-prices (its bundled data; nothing is fetched at run time),
 * matched by the provider and model names instrumentations send.
 *
 * What arrives is messier than the price list's ids: OTel provider names (`gcp.vertex_ai`,
 * `aws.bedrock`, `x_ai`), AI SDK provider ids (`openai.chat`), dated models
 * (`gpt-4o-mini-2024-07-18`), prefixed models (`openai/gpt-4o`, Genkit's `googleai/gemini-2.5-flash`,
 * Vertex resource paths ending in `models/<id>`), Bedrock ids (`us.anthropic.claude-…-v1:0`) and
 * Vertex's `claude-sonnet-4@20250514`. The library matches dates, Bedrock and Vertex ids itself;
 * here the provider names are mapped and prefixes are tried off.
 *
 * A provider the price list knows with a model it does not know stays unpriced (an Azure deployment
 * name, a fine-tune): guessing another provider's price would be a silent wrong number. A provider
 * it does not know (a local proxy, an OpenAI-compatible "fakeai") falls back to matching the model
 * name alone, and the matched `priceModel` says what was used.
 */
import { calcPrice, findProvider, type ModelPrice } from '@pydantic/genai-prices';
import type { ModelRates, Rate } from './rates';

export interface CatalogPrice {
  /** `<provider id>/<model id>` in the price list, e.g. `openai/gpt-4o-mini`. */
  priceModel: string;
  rates: ModelRates;
}

/** OTel and SDK provider names the price list's own matching does not recognise. */
const PROVIDER_ALIASES: Record<string, string> = {
  x_ai: 'x-ai',
  xai: 'x-ai',
  'gcp.gen_ai': 'google',
  'azure.ai.inference': 'azure',
  mistral_ai: 'mistral',
};

function knownProvider(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase().trim();
  return findProvider({ providerId: PROVIDER_ALIASES[lower] ?? lower })?.id;
}

function toRate(value: ModelPrice[string]): Rate | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof value.base === 'number' && Array.isArray(value.tiers)) {
    return { base: value.base, tiers: value.tiers.map((t) => ({ start: t.start, price: t.price })) };
  }
  return undefined;
}

/**
 * Token rates from a price-list entry; undefined when it is not priced per input token. Embedding
 * models have no output price: their output is free (they produce no tokens).
 */
export function ratesFromModelPrice(p: ModelPrice): ModelRates | undefined {
  const input = toRate(p.input_mtok);
  if (input === undefined) return undefined;
  const rates: ModelRates = { input, output: toRate(p.output_mtok) ?? 0 };
  const cacheRead = toRate(p.cache_read_mtok);
  const cacheWrite = toRate(p.cache_write_mtok);
  const reasoning = toRate(p.output_reasoning_mtok);
  if (cacheRead !== undefined) rates.cacheRead = cacheRead;
  if (cacheWrite !== undefined) rates.cacheWrite = cacheWrite;
  if (reasoning !== undefined) rates.reasoning = reasoning;
  if (typeof p.requests_kcount === 'number') rates.perRequest = p.requests_kcount / 1000;
  return rates;
}

function lookup(model: string, providerId: string | undefined, at: Date): CatalogPrice | undefined {
  const found = calcPrice({}, model, { ...(providerId ? { providerId } : {}), timestamp: at });
  if (!found) return undefined;
  const rates = ratesFromModelPrice(found.model_price);
  return rates ? { priceModel: `${found.provider.id}/${found.model.id}`, rates } : undefined;
}

/** The model name, then with its prefixes taken off (`a/b/c` → `b/c`, `c`; `models/x` → `x`). */
function modelCandidates(model: string): string[] {
  const out = [model];
  const parts = model.split('/');
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(i).join('/'));
  return out.filter((m) => m.length > 0);
}

/** Price-list rates for a call, or undefined when the model is not in the list. */
export function findCatalogPrice(provider: string | undefined, model: string, at: Date = new Date()): CatalogPrice | undefined {
  const providerId = knownProvider(provider);
  const candidates = modelCandidates(model.trim());
  for (const m of candidates) {
    const hit = lookup(m, providerId, at);
    if (hit) return hit;
  }
  if (providerId) return undefined;
  // No known provider: a prefix may name one (`anthropic/claude-…`), else the model name decides.
  const prefixProvider = candidates.length > 1 ? knownProvider(model.split('/')[0]) : undefined;
  if (prefixProvider) {
    for (const m of candidates.slice(1)) {
      const hit = lookup(m, prefixProvider, at);
      if (hit) return hit;
    }
  }
  for (const m of candidates) {
    const hit = lookup(m, undefined, at) ?? firstModelMaker(m, at);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The list's provider guess works from name patterns (`gpt-*` is OpenAI) and misses models such as
 * `text-embedding-3-small`; the model makers' own lists are asked next, in this order.
 */
const MODEL_MAKERS = ['openai', 'anthropic', 'google', 'mistral', 'x-ai', 'deepseek', 'cohere'];

function firstModelMaker(model: string, at: Date): CatalogPrice | undefined {
  for (const maker of MODEL_MAKERS) {
    const hit = lookup(model, maker, at);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * findCatalogPrice memoized per provider, model and UTC day (prices in the list change by date;
 * finer time-of-day prices are rare enough to take at the day's first lookup).
 */
export class CatalogCache {
  private readonly hits = new Map<string, CatalogPrice | null>();

  find(provider: string | undefined, model: string, atUnixMs: number): CatalogPrice | undefined {
    const day = Number.isFinite(atUnixMs) ? Math.floor(atUnixMs / 86_400_000) : 0;
    const key = `${provider ?? ''}\u0000${model}\u0000${day}`;
    let hit = this.hits.get(key);
    if (hit === undefined) {
      hit = findCatalogPrice(provider, model, new Date(day * 86_400_000 + 43_200_000)) ?? null;
      if (this.hits.size > 10_000) this.hits.clear();
      this.hits.set(key, hit);
    }
    return hit ?? undefined;
  }
}
