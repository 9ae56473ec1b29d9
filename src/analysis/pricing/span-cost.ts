/**
 * The cost of one model call, and where it came from.
 *
 * Precedence: a user price (setting or `--prices FILE`) wins, then a cost the instrumentation
 * recorded (`gen_ai.usage.cost`, `llm.cost.*`, Langfuse cost details, OpenRouter's cost in the AI
 * SDK, LiteLLM's response cost), then the price list. A call with tokens and none of the three has
 * `costUsd: null` and counts as unpriced: never a made-up 0.
 *
 * A recorded cost of exactly 0 on a call that used tokens is not believed: OpenLIT and LiteLLM write
 * 0 when their own price table lacks the model (OpenLIT offline always does). Such a call is priced
 * from the list, or stays unpriced.
 */
import type { CostSource, SpanCost, Usage } from '../../protocol/trace-json';
import { CatalogCache } from './price-catalog';
import { priceTokens, type ModelRates } from './rates';
import { UserPriceTable, type UserPrices } from './user-prices';

export interface CallToPrice {
  provider?: string;
  model?: string;
  requestModel?: string;
  usage?: Usage;
  /** The cost the instrumentation recorded, as normalized. */
  ingestedCostUsd?: number | null;
  startTimeUnixMs: number;
}

export interface PricedCall {
  costUsd: number | null;
  cost?: SpanCost;
  /** What cached input saved against the fresh-input rate (priced calls only). */
  cacheSavingUsd?: number;
  /** Tokens were used but no price is known (the call is listed as unpriced). */
  unpriced: boolean;
}

function hasTokens(u: Usage | undefined): u is Usage {
  return !!u && ((u.inputTokens ?? 0) > 0 || (u.outputTokens ?? 0) > 0);
}

function computed(rates: ModelRates, usage: Usage, source: CostSource, priceModel: string): PricedCall {
  const parts = priceTokens(rates, {
    input: usage.inputTokens ?? 0,
    output: usage.outputTokens ?? 0,
    cacheRead: usage.cacheReadTokens ?? 0,
    cacheWrite: usage.cacheWriteTokens ?? 0,
    reasoning: usage.reasoningTokens ?? 0,
  });
  return {
    costUsd: parts.total,
    cost: { input: parts.input, output: parts.output, cacheRead: parts.cacheRead, cacheWrite: parts.cacheWrite, source, priceModel },
    cacheSavingUsd: parts.cacheSaving,
    unpriced: false,
  };
}

/** Every name a call goes by, for user-price matching. */
function callNames(call: CallToPrice): string[] {
  const names: string[] = [];
  for (const m of [call.model, call.requestModel]) {
    if (!m || names.includes(m)) continue;
    names.push(m);
    if (call.provider) names.push(`${call.provider}/${m}`);
  }
  return names;
}

/** User prices plus the price list; `version` changes whenever a price could change. */
export class PriceTable {
  readonly version: string;
  private readonly user: UserPriceTable;
  private readonly catalog = new CatalogCache();

  constructor(userPrices: UserPrices = {}) {
    this.user = new UserPriceTable(userPrices);
    this.version = `list:genai-prices;user:${JSON.stringify(userPrices, Object.keys(userPrices).sort())}`;
  }

  /** Rates for a model by name alone (what-if re-pricing), user prices first. */
  ratesFor(provider: string | undefined, model: string): { rates: ModelRates; priceModel: string; source: CostSource } | undefined {
    const user = this.user.find(provider ? [model, `${provider}/${model}`] : [model]);
    if (user) return { rates: user.rates, priceModel: user.pattern, source: 'override' };
    const listed = this.catalog.find(provider, model, Date.now());
    return listed ? { rates: listed.rates, priceModel: listed.priceModel, source: 'computed' } : undefined;
  }

  price(call: CallToPrice): PricedCall {
    const tokens = hasTokens(call.usage);
    if (tokens && !this.user.isEmpty) {
      const user = this.user.find(callNames(call));
      if (user) return computed(user.rates, call.usage!, 'override', user.pattern);
    }
    const ingested = call.ingestedCostUsd;
    if (typeof ingested === 'number' && Number.isFinite(ingested) && ingested >= 0 && !(ingested === 0 && tokens)) {
      return { costUsd: ingested, cost: { input: null, output: null, cacheRead: null, cacheWrite: null, source: 'ingested', priceModel: null }, unpriced: false };
    }
    if (!tokens) return { costUsd: null, unpriced: false };
    for (const m of [call.model, call.requestModel]) {
      if (!m) continue;
      const listed = this.catalog.find(call.provider, m, call.startTimeUnixMs);
      if (listed) return computed(listed.rates, call.usage!, 'computed', listed.priceModel);
    }
    return { costUsd: null, unpriced: true };
  }
}
