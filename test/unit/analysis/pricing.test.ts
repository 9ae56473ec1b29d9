/**
 * Pricing: every expected cost here is computed from token counts and the per-million prices the
 * providers publish (written below from their price pages), never read back from the code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PriceTable, type CallToPrice } from '../../../src/analysis/pricing/span-cost';
import { findCatalogPrice } from '../../../src/analysis/pricing/price-catalog';
import { parseUserPrices } from '../../../src/analysis/pricing/user-prices';
import { rateAt } from '../../../src/analysis/pricing/rates';
import { PUBLISHED } from './published-prices';

const M = 1e6;
const T0 = Date.UTC(2026, 10, 1);
const call = (c: Omit<CallToPrice, 'startTimeUnixMs'>): CallToPrice => ({ startTimeUnixMs: T0, ...c });
const close = (actual: number | null | undefined, expected: number, what: string): void => {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-12 + Math.abs(expected) * 1e-9, `${what}: ${actual} ≠ ${expected}`);
};

test('dated model names are priced as their model', () => {
  const p = new PriceTable().price(call({ provider: 'openai', model: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 1200, outputTokens: 340 } }));
  close(p.costUsd, (1200 * 0.15 + 340 * 0.6) / M, 'gpt-4o-mini-2024-07-18');
  assert.equal(p.cost?.source, 'computed');
  assert.equal(p.cost?.priceModel, 'openai/gpt-4o-mini');
});

test('provider prefixes in the model name, with or without a provider', () => {
  const table = new PriceTable();
  close(table.price(call({ model: 'openai/gpt-4o', usage: { inputTokens: 1000, outputTokens: 100 } })).costUsd, (1000 * 2.5 + 100 * 10) / M, 'openai/gpt-4o');
  const genkit = table.price(call({ provider: 'googleai', model: 'googleai/gemini-2.5-flash', usage: { inputTokens: 500, outputTokens: 50 } }));
  close(genkit.costUsd, (500 * 0.3 + 50 * 2.5) / M, 'googleai/gemini-2.5-flash');
  const vertexPath = table.price(call({ provider: 'gcp.vertex_ai', model: 'projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash', usage: { inputTokens: 800, outputTokens: 80 } }));
  close(vertexPath.costUsd, (800 * 0.1 + 80 * 0.4) / M, 'Vertex resource path');
});

test('Bedrock and Vertex model ids', () => {
  const table = new PriceTable();
  const bedrock = table.price(call({ provider: 'aws.bedrock', model: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', usage: { inputTokens: 2000, outputTokens: 300 } }));
  close(bedrock.costUsd, (2000 * 3 + 300 * 15) / M, 'Bedrock inference profile id');
  const vertex = table.price(call({ provider: 'gcp.vertex_ai', model: 'claude-sonnet-4@20250514', usage: { inputTokens: 2000, outputTokens: 300 } }));
  close(vertex.costUsd, (2000 * 3 + 300 * 15) / M, 'Vertex claude id');
});

test('cache reads, cache writes and reasoning are each priced once, at their own rates', () => {
  const table = new PriceTable();
  // OTel semantics: input includes cache reads and writes; output includes reasoning.
  const o4 = table.price(call({ provider: 'openai', model: 'o4-mini', usage: { inputTokens: 1000, cacheReadTokens: 400, outputTokens: 200, reasoningTokens: 150 } }));
  close(o4.costUsd, (600 * 1.1 + 400 * 0.275 + 200 * 4.4) / M, 'o4-mini with cache and reasoning');
  close(o4.cost?.input, (600 * 1.1) / M, 'uncached input part');
  close(o4.cost?.cacheRead, (400 * 0.275) / M, 'cache read part');
  close(o4.cost?.output, (200 * 4.4) / M, 'output part (reasoning billed as output)');
  const haiku = table.price(call({ provider: 'anthropic', model: 'claude-3-5-haiku-20241022', usage: { inputTokens: 3000, cacheReadTokens: 1000, cacheWriteTokens: 1500, outputTokens: 100 } }));
  close(haiku.costUsd, (500 * 0.8 + 1000 * 0.08 + 1500 * 1.0 + 100 * 4) / M, 'claude-3-5-haiku with cache read and write');
  close(haiku.cost?.cacheWrite, (1500 * 1.0) / M, 'cache write part');
  // Perplexity publishes a separate reasoning rate for sonar-deep-research: $2 in, $8 out, $3 reasoning.
  const sonar = table.price(call({ provider: 'perplexity', model: 'sonar-deep-research', usage: { inputTokens: 100, outputTokens: 1000, reasoningTokens: 600 } }));
  close(sonar.costUsd, (100 * 2 + 400 * 8 + 600 * 3) / M, 'separately priced reasoning');
});

test('tiered prices take the tier of the call\'s input size', () => {
  // Gemini 1.5 Pro: $1.25 / $5 up to 128k prompt tokens, $2.50 / $10 above.
  const table = new PriceTable();
  close(table.price(call({ provider: 'google', model: 'gemini-1.5-pro', usage: { inputTokens: 100_000, outputTokens: 1000 } })).costUsd, (100_000 * 1.25 + 1000 * 5) / M, 'below the tier');
  close(table.price(call({ provider: 'google', model: 'gemini-1.5-pro', usage: { inputTokens: 200_000, outputTokens: 1000 } })).costUsd, (200_000 * 2.5 + 1000 * 10) / M, 'above the tier');
});

test('a rate\'s tiers apply by their start, in whatever order they are listed', () => {
  // $1 up to 100k input tokens, $2 above 100k, $3 above 200k, listed highest first.
  const rate = { base: 1, tiers: [{ start: 200_000, price: 3 }, { start: 100_000, price: 2 }] };
  assert.equal(rateAt(rate, 50_000), 1);
  assert.equal(rateAt(rate, 100_000), 1, 'a tier starts above its start');
  assert.equal(rateAt(rate, 100_001), 2);
  assert.equal(rateAt(rate, 250_000), 3);
  assert.deepEqual(rate.tiers.map((t) => t.start), [200_000, 100_000], 'the list is left as it was');
});

test('a recorded cost wins over the price list; a recorded 0 on a call that used tokens does not', () => {
  const table = new PriceTable();
  const usage = { inputTokens: 1000, outputTokens: 100 };
  const ingested = table.price(call({ provider: 'openai', model: 'gpt-4o-mini', usage, ingestedCostUsd: 0.5 }));
  assert.equal(ingested.costUsd, 0.5);
  assert.deepEqual(ingested.cost, { input: null, output: null, cacheRead: null, cacheWrite: null, source: 'ingested', priceModel: null });
  // OpenLIT offline writes gen_ai.usage.cost = 0 for every model it cannot price.
  const zeroKnown = table.price(call({ provider: 'openai', model: 'gpt-4o-mini', usage, ingestedCostUsd: 0 }));
  close(zeroKnown.costUsd, (1000 * 0.15 + 100 * 0.6) / M, 'recorded 0, model in the list');
  assert.equal(zeroKnown.cost?.source, 'computed');
  const zeroUnknown = table.price(call({ provider: 'openai', model: 'my-finetune', usage, ingestedCostUsd: 0 }));
  assert.equal(zeroUnknown.costUsd, null, 'recorded 0 and no price: unknown, not $0');
  assert.equal(zeroUnknown.unpriced, true);
  const noTokens = table.price(call({ model: 'some-tool-api', ingestedCostUsd: 0 }));
  assert.equal(noTokens.costUsd, 0, 'a recorded 0 without tokens is a real 0');
});

test('user prices win over both; globs, exact names and the longest glob', () => {
  const { prices, errors } = parseUserPrices({
    'gpt-4o-mini*': { input: 1, output: 2 },
    'gpt-4o-mini-2024-07-18': { input: 3, output: 4, cacheRead: 0.5 },
    'my-*': { input: 10, output: 20 },
    'my-azure-*': { input: 5, output: 6, cacheRead: 1, cacheWrite: 7 },
  });
  assert.deepEqual(errors, []);
  const table = new PriceTable(prices);
  const exact = table.price(call({ provider: 'openai', model: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 1000, cacheReadTokens: 200, outputTokens: 100 }, ingestedCostUsd: 9 }));
  close(exact.costUsd, (800 * 3 + 200 * 0.5 + 100 * 4) / M, 'exact name over glob and over the recorded cost');
  assert.equal(exact.cost?.source, 'override');
  assert.equal(exact.cost?.priceModel, 'gpt-4o-mini-2024-07-18');
  const glob = table.price(call({ provider: 'openai', model: 'gpt-4o-mini-2025-01-01', usage: { inputTokens: 1000, cacheReadTokens: 200, outputTokens: 100 } }));
  close(glob.costUsd, (1000 * 1 + 100 * 2) / M, 'glob; cache reads without their own price at the input rate');
  const longest = table.price(call({ model: 'my-azure-gpt', usage: { inputTokens: 1000, cacheWriteTokens: 100, outputTokens: 10 } }));
  close(longest.costUsd, (900 * 5 + 100 * 7 + 10 * 6) / M, 'the longest matching glob');
  const unchanged = table.price(call({ provider: 'openai', model: 'gpt-4o', usage: { inputTokens: 1000, outputTokens: 100 } }));
  assert.equal(unchanged.cost?.source, 'computed', 'models without a user price keep the list price');
});

test('a bad prices setting names each bad entry and keeps the good ones', () => {
  const { prices, errors } = parseUserPrices({ ok: { input: 1, output: 2 }, neg: { input: -1, output: 2 }, half: { input: 1 }, typo: { input: 1, output: 2, cache_read: 1 }, str: 'cheap' });
  assert.deepEqual(Object.keys(prices), ['ok']);
  assert.equal(errors.length, 4);
  assert.ok(errors.some((e) => e.includes('"neg"') && e.includes('non-negative')));
  assert.ok(errors.some((e) => e.includes('"half"') && e.includes('missing output')));
  assert.ok(errors.some((e) => e.includes('"typo"') && e.includes('cache_read')));
  assert.match(parseUserPrices([1, 2]).errors[0], /must be an object/);
});

test('unknown models stay unpriced, never $0; an unknown provider falls back to the model name', () => {
  const table = new PriceTable();
  const azure = table.price(call({ provider: 'azure.ai.openai', model: 'my-deployment', usage: { inputTokens: 10, outputTokens: 5 } }));
  assert.equal(azure.costUsd, null);
  assert.equal(azure.unpriced, true);
  assert.equal(azure.cost, undefined);
  const noModel = table.price(call({ usage: { inputTokens: 10, outputTokens: 5 } }));
  assert.equal(noModel.costUsd, null);
  assert.equal(noModel.unpriced, true);
  const compat = table.price(call({ provider: 'fakeai', model: 'gpt-4o-mini', usage: { inputTokens: 100, outputTokens: 10 } }));
  close(compat.costUsd, (100 * 0.15 + 10 * 0.6) / M, 'OpenAI-compatible provider');
  assert.equal(compat.cost?.priceModel, 'openai/gpt-4o-mini');
  const noUsage = table.price(call({ provider: 'openai', model: 'gpt-4o-mini' }));
  assert.deepEqual(noUsage, { costUsd: null, unpriced: false }, 'a span without tokens is not a priced call');
});

test('the published prices above are the ones the bundled list holds', () => {
  for (const [model, p] of Object.entries(PUBLISHED)) {
    const found = findCatalogPrice(undefined, model);
    assert.ok(found, model);
    assert.equal(found.rates.input, p.input, `${model} input`);
    if (p.output) assert.equal(found.rates.output, p.output, `${model} output`);
    if ('cacheRead' in p) assert.equal(found.rates.cacheRead, p.cacheRead, `${model} cache read`);
    if ('cacheWrite' in p) assert.equal(found.rates.cacheWrite, p.cacheWrite, `${model} cache write`);
  }
});
