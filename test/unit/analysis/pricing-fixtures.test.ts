/**
 * Every fixture trace with usage has a cost a reviewer can recompute by hand: the sum, over the
 * model calls themselves (spans with tokens and no tokens below them), of tokens times the published
 * price, or the cost the library recorded. Wrappers that repeat their calls' usage (AI SDK outer
 * spans, LangChain chains, OpenLLMetry workflows, Genkit flows, GenAI agent spans) must add nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, loadFamily, type NormalizedSpan } from '../semconv/fixture-loader';
import { rollupTrace } from '../../../src/engine/semconv/rollup';
import { PriceTable } from '../../../src/analysis/pricing/span-cost';
import { PUBLISHED } from './published-prices';

/** The published price of each model name the fixtures use (dated and prefixed names by hand). */
function publishedFor(model: string): { input: number; output: number; cacheRead?: number; cacheWrite?: number } {
  const name = model.replace(/^(openai|googleai)\//, '').replace(/-\d{4}-\d{2}-\d{2}$/, '').replace(/-latest$/, '');
  const price = (PUBLISHED as Record<string, { input: number; output: number; cacheRead?: number; cacheWrite?: number }>)[name];
  assert.ok(price, `no published price written for ${model}`);
  return price;
}

function handCost(s: NormalizedSpan): number {
  if (typeof s.costUsd === 'number' && s.costUsd > 0) return s.costUsd; // recorded by the library
  const u = s.usage!;
  const p = publishedFor(s.model ?? s.requestModel!);
  const read = u.cacheReadTokens ?? 0;
  const write = u.cacheWriteTokens ?? 0;
  const input = u.inputTokens ?? 0;
  return ((input - read - write) * p.input + read * (p.cacheRead ?? p.input) + write * (p.cacheWrite ?? p.input) + (u.outputTokens ?? 0) * p.output) / 1e6;
}

const hasTokens = (s: NormalizedSpan): boolean => (s.usage?.inputTokens ?? 0) > 0 || (s.usage?.outputTokens ?? 0) > 0;

/** Spans with tokens none of whose descendants has tokens: the model calls themselves. */
function calls(spans: NormalizedSpan[]): NormalizedSpan[] {
  const byId = new Map(spans.map((s) => [s.span.spanId, s]));
  const withTokensBelow = new Set<string>();
  for (const s of spans) {
    if (!hasTokens(s)) continue;
    const seen = new Set<string>();
    for (let p = s.span.parentSpanId; p && byId.has(p) && !seen.has(p); p = byId.get(p)!.span.parentSpanId) {
      seen.add(p);
      withTokensBelow.add(p);
    }
  }
  return spans.filter((s) => hasTokens(s) && !withTokensBelow.has(s.span.spanId));
}

const families = (JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { families: Array<{ family: string }> }).families.map((f) => f.family);
const REPEATING = ['vercel-ai', 'vercel-ai-v4', 'vercel-ai-v7', 'openllmetry', 'otel-genai-manual'];

test('the manifest lists the families whose wrappers repeat usage', () => {
  for (const f of REPEATING) assert.ok(families.includes(f), f);
});

/** Families that record no model call at all (log records outside any span). */
const WITHOUT_MODEL_CALLS = new Set(['untraced-logs']);

for (const family of families.filter((f) => !WITHOUT_MODEL_CALLS.has(f))) {
  test(`${family}: each trace costs the sum of its calls at published prices, wrappers counted once`, () => {
    const table = new PriceTable();
    let priced = 0;
    let wrappersSeen = 0;
    for (const fixture of loadFamily(family)) {
      const byTrace = new Map<string, NormalizedSpan[]>();
      for (const s of fixture.spans) byTrace.set(s.span.traceId, [...(byTrace.get(s.span.traceId) ?? []), s]);
      for (const [traceId, spans] of byTrace) {
        const modelCalls = calls(spans);
        if (modelCalls.length === 0) continue;
        wrappersSeen += spans.filter((s) => hasTokens(s) && !modelCalls.includes(s)).length;
        const priceOf = new Map(spans.map((s) => [s.span.spanId, table.price({ ...s, ingestedCostUsd: s.costUsd, startTimeUnixMs: s.span.startTimeUnixMs })]));
        const rollup = rollupTrace(spans.map((s) => ({
          spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, usage: s.usage,
          costUsd: priceOf.get(s.span.spanId)!.costUsd, unpriced: priceOf.get(s.span.spanId)!.unpriced,
        })));
        const expected = modelCalls.reduce((sum, s) => sum + handCost(s), 0);
        const where = `${fixture.file} trace ${traceId}`;
        assert.ok(rollup.costUsd !== null && Math.abs(rollup.costUsd - expected) <= 1e-12, `${where}: ${rollup.costUsd} ≠ ${expected}`);
        assert.deepEqual(rollup.unpricedSpanIds, [], `${where}: unpriced calls`);
        for (const s of modelCalls) {
          const p = priceOf.get(s.span.spanId)!;
          assert.ok(p.cost && (p.cost.source === 'ingested' ? typeof s.costUsd === 'number' : p.cost.priceModel), `${where}: ${s.span.name} shows its source`);
        }
        priced++;
      }
    }
    assert.ok(priced > 0, `${family}: no trace with usage`);
    if (REPEATING.includes(family)) assert.ok(wrappersSeen > 0, `${family}: expected wrapper spans repeating usage`);
  });
}
