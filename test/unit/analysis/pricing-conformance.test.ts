/**
 * The per-component arithmetic (rates.ts) against @pydantic/genai-prices' own calcPrice, on every
 * model of the major providers' bundled price lists, with cache reads, cache writes and reasoning.
 * The library only reports input and output totals; Tracelight needs the parts, so it prices them
 * itself and must land on the library's totals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calcPrice, findProvider, type ModelInfo, type Provider } from '@pydantic/genai-prices';
import { ratesFromModelPrice } from '../../../src/analysis/pricing/price-catalog';
import { priceTokens } from '../../../src/analysis/pricing/rates';

const PROVIDERS = ['openai', 'anthropic', 'google', 'aws', 'mistral', 'x-ai', 'groq', 'deepseek', 'azure', 'openrouter', 'perplexity', 'together'];

/** A deterministic pseudo-random sequence (so a failure can be reproduced). */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}

test('component prices sum to the library\'s total on every listed model', () => {
  const rnd = numbers(42);
  const next = (): number => rnd.next().value as number;
  let checked = 0;
  for (const id of PROVIDERS) {
    const provider = findProvider({ providerId: id });
    assert.ok(provider, id);
    for (const model of provider.models) {
      if (Array.isArray(model.prices)) continue; // date-dependent prices: covered by the catalog lookup
      const rates = ratesFromModelPrice(model.prices);
      if (!rates) continue;
      const input = Math.floor(next() * 300_000) + 1;
      const cacheRead = Math.floor(next() * input * 0.4);
      const cacheWrite = rates.cacheWrite !== undefined ? Math.floor(next() * input * 0.3) : 0;
      const output = Math.floor(next() * 5000) + 1;
      const reasoning = Math.floor(next() * output);
      const single: ModelInfo = { ...model, match: { equals: 'the-model' } };
      const onlyThis: Provider = { ...provider, models: [single] };
      const expected = calcPrice(
        { input_tokens: input, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, output_tokens: output, output_reasoning_tokens: reasoning },
        'the-model',
        { provider: onlyThis },
      );
      assert.ok(expected, `${id}/${model.id}`);
      const mine = priceTokens(rates, { input, cacheRead, cacheWrite, output, reasoning });
      const tolerance = 1e-12 + expected.total_price * 1e-9;
      assert.ok(Math.abs(mine.total - expected.total_price) <= tolerance, `${id}/${model.id}: ${mine.total} vs ${expected.total_price}`);
      assert.ok(Math.abs(mine.output - expected.output_price) <= tolerance, `${id}/${model.id} output`);
      checked++;
    }
  }
  assert.ok(checked > 200, `checked ${checked} models`);
});
