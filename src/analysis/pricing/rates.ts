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
  let price = rate.base;
  for (const tier of [...rate.tiers].sort((a, b) => a.start - b.start)) if (inputTokens > tier.start) price = tier.price;
  return price;
}

export function priceTokens(rates: ModelRates, t: TokenCounts): CostParts {
  const perMillion = (rate: Rate | undefined, tokens: number): number => (rate === undefined || tokens <= 0 ? 0 : (rateAt(rate, t.input) * tokens) / 1e6);
  // Inconsistent counts (cache larger than input) are clamped rather than priced negative.
  const cacheRead = Math.min(t.cacheRead, t.input);
  const cacheWrite = Math.min(t.cacheWrite, t.input - cacheRead);
  const reasoning = Math.min(t.reasoning, t.output);
  const parts = {
    input: perMillion(rates.input, t.input - cacheRead - cacheWrite),
    cacheRead: perMillion(rates.cacheRead ?? rates.input, cacheRead),
    cacheWrite: perMillion(rates.cacheWrite ?? rates.input, cacheWrite),
    output: rates.reasoning === undefined
      ? perMillion(rates.output, t.output)
      : perMillion(rates.output, t.output - reasoning) + perMillion(rates.reasoning, reasoning),
    request: rates.perRequest ?? 0,
  };
  const total = parts.input + parts.cacheRead + parts.cacheWrite + parts.output + parts.request;
  return { ...parts, total, cacheSaving: Math.max(0, perMillion(rates.input, cacheRead) - parts.cacheRead) };
}
