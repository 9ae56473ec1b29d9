/**
 * User prices: the `tracelight.prices` setting and the CLI's `--prices FILE`, one JSON shape:
 * `{ "<model name or glob>": { "input": 0.15, "output": 0.6, "cacheRead": 0.075, "cacheWrite": 0.3 } }`
 * in USD per million tokens. `*` matches any run of characters, `?` one; matching ignores case.
 * An exact name beats any glob; among globs the longest pattern wins (the most specific).
 * Cache reads and writes without their own price are priced as input, reasoning as output.
 */
import type { ModelRates } from './rates';

export interface UserPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export type UserPrices = Record<string, UserPrice>;

export interface UserPriceMatch {
  pattern: string;
  rates: ModelRates;
}

const FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a prices object. Returns the valid entries and one message per rejected entry, so one
 * typo does not drop every other price.
 */
export function parseUserPrices(value: unknown): { prices: UserPrices; errors: string[] } {
  const prices: UserPrices = {};
  const errors: string[] = [];
  if (value === undefined || value === null) return { prices, errors };
  if (!isRecord(value)) return { prices, errors: ['prices must be an object: { "<model or glob>": { "input": …, "output": … } }'] };
  for (const [pattern, entry] of Object.entries(value)) {
    if (!pattern.trim()) {
      errors.push('an empty model name');
      continue;
    }
    if (!isRecord(entry)) {
      errors.push(`"${pattern}": expected { "input": …, "output": … } in USD per million tokens`);
      continue;
    }
    const unknown = Object.keys(entry).filter((k) => !(FIELDS as readonly string[]).includes(k));
    const bad = FIELDS.filter((k) => entry[k] !== undefined && !(typeof entry[k] === 'number' && Number.isFinite(entry[k]) && (entry[k] as number) >= 0));
    const missing = (['input', 'output'] as const).filter((k) => entry[k] === undefined);
    if (unknown.length || bad.length || missing.length) {
      const why = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        bad.length ? `${bad.join(', ')} must be non-negative numbers` : '',
        unknown.length ? `unknown ${unknown.join(', ')} (allowed: ${FIELDS.join(', ')})` : '',
      ].filter(Boolean);
      errors.push(`"${pattern}": ${why.join('; ')}`);
      continue;
    }
    const price: UserPrice = { input: entry.input as number, output: entry.output as number };
    if (typeof entry.cacheRead === 'number') price.cacheRead = entry.cacheRead;
    if (typeof entry.cacheWrite === 'number') price.cacheWrite = entry.cacheWrite;
    prices[pattern.trim()] = price;
  }
  return { prices, errors };
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function ratesOf(p: UserPrice): ModelRates {
  const rates: ModelRates = { input: p.input, output: p.output };
  if (p.cacheRead !== undefined) rates.cacheRead = p.cacheRead;
  if (p.cacheWrite !== undefined) rates.cacheWrite = p.cacheWrite;
  return rates;
}

/** Compiled user prices, matched against every name a call goes by. */
export class UserPriceTable {
  private readonly exact = new Map<string, UserPriceMatch>();
  private readonly globs: Array<{ re: RegExp; match: UserPriceMatch }> = [];

  constructor(prices: UserPrices) {
    for (const [pattern, price] of Object.entries(prices)) {
      const match = { pattern, rates: ratesOf(price) };
      if (/[*?]/.test(pattern)) this.globs.push({ re: globToRegExp(pattern), match });
      else this.exact.set(pattern.toLowerCase(), match);
    }
    this.globs.sort((a, b) => b.match.pattern.length - a.match.pattern.length);
  }

  get size(): number {
    return this.exact.size + this.globs.length;
  }

  /** `names`: the served model, the requested model, each also as `provider/model`. */
  /** No user prices at all (the usual case): callers can skip building the names to match. */
  get isEmpty(): boolean {
    return this.exact.size === 0 && this.globs.length === 0;
  }

  find(names: readonly string[]): UserPriceMatch | undefined {
    for (const n of names) {
      const hit = this.exact.get(n.toLowerCase());
      if (hit) return hit;
    }
    for (const g of this.globs) if (names.some((n) => g.re.test(n))) return g.match;
    return undefined;
  }
}
