/**
 * `--prices FILE`: the same JSON as the `tracelight.prices` setting (USD per million tokens by model
 * name or glob). A file that cannot be read, is not JSON or has a bad entry is refused as a whole,
 * naming the problem: the figures asked for are the point of the flag.
 */
import { readFileSync } from 'node:fs';
import { parseUserPrices, type UserPrices } from '../analysis/pricing/user-prices';
import { UsageError } from './cli-io';

export function readPricesFile(file: string | undefined): UserPrices {
  if (file === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--prices ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { prices, errors } = parseUserPrices(value);
  if (errors.length > 0) throw new UsageError(`--prices ${file}: ${errors.join('; ')}`);
  return prices;
}
