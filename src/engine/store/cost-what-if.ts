/**
 * What if the window's (or one trace's) counted calls had gone to another model: the same token
 * counts, priced with that model's rates. Calls priced per call, so tiers follow each call's size.
 */
import type { PriceTable } from '../../analysis/pricing/span-cost';
import { priceTokens } from '../../analysis/pricing/rates';
import type { WhatIfQuery, WhatIfResult } from '../../protocol/cost';
import { windowStart } from './cost-window';
import type { PreparedStatements } from './prepared';

export const WHAT_IF_CAVEAT = 'Same token counts at the other model\'s list prices. Another model tokenizes text differently and '
  + 'writes answers of a different length (and quality), so a real run would differ.';

export function whatIfCost(sql: PreparedStatements, prices: PriceTable, q: WhatIfQuery): WhatIfResult {
  const to = q.nowUnixMs ?? Date.now();
  const where = q.traceId !== undefined ? 'trace_id = ?' : 'start_ms >= ? AND start_ms <= ?';
  // Everything has no end, as in the report: calls stamped after now (a clock running ahead) count.
  const params = q.traceId !== undefined ? [q.traceId] : [windowStart(q, to) ?? -Infinity, q.window === 'all' ? Infinity : to];
  const rows = sql.all(`SELECT input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, counted
    FROM calls WHERE counted > 0 AND ${where}`, params);
  const target = prices.ratesFor(q.provider, q.model);
  let actual = 0;
  let whatIf = 0;
  let calls = 0;
  let skipped = 0;
  for (const r of rows) {
    if (Number(r[6]) === 1) actual += Number(r[5]);
    const [input, output] = [Number(r[0]), Number(r[1])];
    if (input + output === 0) {
      skipped++;
      continue;
    }
    calls++;
    if (target) whatIf += priceTokens(target.rates, { input, output, cacheRead: Number(r[2]), cacheWrite: Number(r[3]), reasoning: Number(r[4]) }).total;
  }
  return { model: q.model, priceModel: target?.priceModel ?? null, actualUsd: actual, whatIfUsd: target ? whatIf : null, calls, skippedCalls: skipped, caveat: WHAT_IF_CAVEAT };
}
