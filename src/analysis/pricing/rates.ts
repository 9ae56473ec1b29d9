/**
 * Per-call price arithmetic over one model's rates, in USD.
 *
 * Token semantics are OTel's (see protocol/trace-json.ts `Usage`): input tokens include cache reads
 * and writes, output tokens include reasoning. Each component is priced once: uncached input at the
 * input rate, cache reads and writes at their own rates (the input rate where the price list has
 * none, which is how a provider without cache pricing bills them), reasoning at its own rate where
 * the provider has one, else as output. Tiered rates (e.g. Gemini above 200k prompt tokens) pick the
 * tier from the call's whole input token count, as @pydantic/genai-prices does.
 */

/** A rate in USD per million tokens, flat or by tier of the call's input tokens. */
export type Rate = number | { base: number; tiers: ReadonlyArray<{ start: number; price: number }> };

export interface ModelRates {
  input: Rate;
  output: Rate;
  cacheRead?: Rate;
  cacheWrite?: Rate;
  reasoning?: Rate;
  /** USD per request (the price list's `requests_kcount` / 1000). */
  perRequest?: number;
}

export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

export interface CostParts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Per-request fees; part of the total, in none of the token components. */
  request: number;
  total: number;
  /** What the cache reads would have cost more at the fresh-input rate. */
  cacheSaving: number;
}

/** The per-million rate that applies to a call with `inputTokens` input tokens. */
export function rateAt(rate: Rate, inputTokens: number): number {
  if (typeof rate === 'number') return rate;
  // The crossed tier with the highest start (of equal starts, the last listed), found in one pass
  // over the list as given: neither copied nor sorted per call.
  let price = rate.base;
  let start = -Infinity;
  for (const tier of rate.tiers) {
    if (inputTokens > tier.start && tier.start >= start) {
      price = tier.price;
      start = tier.start;
    }
  }
  return price;
}

/** USD for `tokens` tokens at `rate` (per million), the tier chosen by the call's `inputTokens`. */
function perMillion(rate: Rate | undefined, tokens: number, inputTokens: number): number {
  return rate === undefined || tokens <= 0 ? 0 : (rateAt(rate, inputTokens) * tokens) / 1e6;
}

// Runs for every model call of every stored trace: one object literal, no closure or spread per call.
export function priceTokens(rates: ModelRates, t: TokenCounts): CostParts {
  // Inconsistent counts (cache larger than input) are clamped rather than priced negative.
  const cacheRead = Math.min(t.cacheRead, t.input);
  const cacheWrite = Math.min(t.cacheWrite, t.input - cacheRead);
  const reasoning = Math.min(t.reasoning, t.output);
  const input = perMillion(rates.input, t.input - cacheRead - cacheWrite, t.input);
  const cacheReadCost = perMillion(rates.cacheRead ?? rates.input, cacheRead, t.input);
  const cacheWriteCost = perMillion(rates.cacheWrite ?? rates.input, cacheWrite, t.input);
  const output = rates.reasoning === undefined
    ? perMillion(rates.output, t.output, t.input)
    : perMillion(rates.output, t.output - reasoning, t.input) + perMillion(rates.reasoning, reasoning, t.input);
  const request = rates.perRequest ?? 0;
  return {
    input, cacheRead: cacheReadCost, cacheWrite: cacheWriteCost, output, request,
    total: input + cacheReadCost + cacheWriteCost + output + request,
    cacheSaving: Math.max(0, perMillion(rates.input, cacheRead, t.input) - cacheReadCost),
  };
}
