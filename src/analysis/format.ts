/**
 * How durations, token counts and money read, the same in the Traces view, the status bar, every
 * panel and the CLI.
 *
 * Rules: compact figures keep three significant digits and the unit that keeps them below 1,000
 * ("500 µs", "12.3 ms", "1.23 s", "1.54k tok"), chosen after rounding so 999.96 ms reads "1.00 s";
 * durations from a minute on read in minutes and seconds, from an hour on in hours and minutes.
 * Money keeps two decimals from $1 on ("$150.00", "$1,234.50") and two significant digits below
 * it, so tiny per-call costs stay visible ("$0.50", "$0.0016", "$0.00012"). Exact counts are
 * grouped by thousands ("12,345"). Missing or non-finite values read "–".
 */

export const MISSING = '–';

/** `value` to three significant digits, as a number (so a caller can see it reached 1,000). */
const threeDigits = (value: number): number => Number(value.toPrecision(3));

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0 ms';
  const ns = ms * 1e6;
  if (Math.round(ns) < 1000) return `${Math.round(ns)} ns`;
  if (threeDigits(ns / 1000) < 1000) return `${(ns / 1000).toPrecision(3)} µs`;
  if (threeDigits(ms) < 1000) return `${ms.toPrecision(3)} ms`;
  if (threeDigits(ms / 1000) < 60) return `${(ms / 1000).toPrecision(3)} s`;
  // Round to whole seconds first, so 19 min 59.6 s reads "20 min 0 s", not "19 min 60 s".
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  // Days, then years: a broken clock can put a span centuries away ("330 y", not "2892720 h").
  const days = seconds / 86_400;
  if (days < 365.25) return `${Math.floor(days)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
  const years = days / 365.25;
  return years < 100 ? `${Math.floor(years)} y ${Math.floor(days % 365.25)} d` : `${formatCompact(Math.round(years))} y`;
}

/** A count in thousands or millions with three significant digits: "908", "1.54k", "2.35M". */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  if (n < 0) return `-${formatCompact(-n)}`;
  if (Math.round(n) < 1000) return String(Math.round(n));
  if (threeDigits(n / 1000) < 1000) return `${(n / 1000).toPrecision(3)}k`;
  if (threeDigits(n / 1e6) < 1000) return `${(n / 1e6).toPrecision(3)}M`;
  return `${(n / 1e9).toPrecision(3)}B`;
}

/** Tokens in a short label (tree descriptions): "908 tok", "1.54k tok". */
export function formatTokens(tokens: number): string {
  return `${formatCompact(tokens)} tok`;
}

/** An exact count, grouped by thousands: "12,345". */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? MISSING : n.toLocaleString('en-US');
}

/** Costs below this read "<$0.000001": no model call is that cheap, so it is rounding noise. */
const SMALLEST_COST = 0.000001;

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return MISSING;
  if (usd < 0) return `-${formatCost(-usd)}`;
  if (usd === 0) return '$0';
  if (usd < SMALLEST_COST) return '<$0.000001';
  if (usd >= 1 || Number(usd.toFixed(2)) >= 1) {
    return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
  // Two significant digits, never fewer than two decimals: 0.5 → 0.50, 0.0016 → 0.0016.
  // Rounded first, so 0.00999 reads "$0.010", not "$0.0100".
  const decimals = Math.max(2, 1 - Math.floor(Math.log10(Number(usd.toPrecision(2)))));
  return `$${usd.toFixed(decimals)}`;
}

const MOST_COST_DECIMALS = 6;

/**
 * The decimals a table column of costs shares: enough for each cost to keep formatCost's precision
 * (cents from $1, two significant digits below), from 2 to 6. With one count of decimals, right-aligned
 * tabular figures put every decimal point of the column one above the other.
 */
export function costDecimals(values: Iterable<number | null | undefined>): number {
  let decimals = 2;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v) || v === 0) continue;
    const usd = Math.abs(v);
    if (usd < SMALLEST_COST) return MOST_COST_DECIMALS;
    if (usd >= 1 || Number(usd.toFixed(2)) >= 1) continue;
    decimals = Math.max(decimals, 1 - Math.floor(Math.log10(Number(usd.toPrecision(2)))));
  }
  return Math.min(decimals, MOST_COST_DECIMALS);
}

/** A cost with a column's decimals (costDecimals): "$0.000520" above "$0.000023", "$1,204.000000". */
export function formatCostFixed(usd: number | null | undefined, decimals: number): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return MISSING;
  if (usd < 0) return `-${formatCostFixed(-usd, decimals)}`;
  if (usd > 0 && usd < SMALLEST_COST) return '<$0.000001';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
}

/** A size in bytes (or characters) with three significant digits: "912 B", "1.54 MB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return MISSING;
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n / 1000;
  let unit = 0;
  while (threeDigits(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toPrecision(3)} ${units[unit]}`;
}
