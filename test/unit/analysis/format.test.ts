/**
 * The one formatter (src/analysis/format.ts). Expected strings follow the documented rules, worked
 * out by hand: three significant digits in the unit that keeps them under 1,000; money with two
 * decimals from $1 and two significant digits below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costDecimals, formatCompact, formatCost, formatCostFixed, formatCount, formatDuration, formatTokens } from '../../../src/analysis/format';

test('durations: ns, µs, ms and s with three significant digits, then minutes and hours', () => {
  const cases: Array<[number, string]> = [
    [0, '0 ms'], [0.000_004, '4 ns'], [0.0005, '500 ns'], [0.0123, '12.3 µs'], [0.5, '500 µs'],
    [1, '1.00 ms'], [1.5, '1.50 ms'], [95.1, '95.1 ms'], [999.4, '999 ms'],
    [999.96, '1.00 s'], // rounds up across the unit: not "1000 ms"
    [1234, '1.23 s'], [59_940, '59.9 s'], [59_960, '1 min 0 s'], [125_000, '2 min 5 s'],
    [1_199_600, '20 min 0 s'], // 19 min 59.6 s rounds to whole seconds first
    [3_600_000, '1 h 0 min'], [5_430_000, '1 h 30 min'],
    [-2.5, '-2.50 ms'], // clock skew can make an end precede a start
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, `${ms} ms`);
  assert.equal(formatDuration(Number.NaN), '–');
  assert.equal(formatDuration(undefined), '–');
});

test('tokens: compact with three significant digits; exact counts grouped by thousands', () => {
  assert.equal(formatTokens(908), '908 tok');
  assert.equal(formatTokens(1540), '1.54k tok');
  assert.equal(formatTokens(15_400), '15.4k tok');
  assert.equal(formatTokens(999_999), '1.00M tok', 'rounds up across the unit: not "1000k"');
  assert.equal(formatTokens(2_345_678), '2.35M tok');
  assert.equal(formatCompact(0), '0');
  assert.equal(formatCount(1_234_567), '1,234,567');
  assert.equal(formatCount(undefined), '–');
});

test('money: two decimals from $1, two significant digits below, tiny costs stay visible', () => {
  const cases: Array<[number, string]> = [
    [0, '$0'], [150, '$150.00'], [1234.5, '$1,234.50'], [3.456, '$3.46'], [1, '$1.00'],
    [0.999, '$1.00'], [0.5, '$0.50'], [0.1234, '$0.12'], [0.0123, '$0.012'], [0.0021, '$0.0021'],
    [0.0016, '$0.0016'], [0.00012, '$0.00012'], [0.00999, '$0.010'], [0.000_000_4, '<$0.000001'],
  ];
  for (const [usd, text] of cases) assert.equal(formatCost(usd), text, `${usd} USD`);
  assert.equal(formatCost(null), '–');
  assert.equal(formatCost(Number.POSITIVE_INFINITY), '–');
});

test('a column of costs shares one count of decimals: the most any of its costs needs, 2 to 6', () => {
  // $0.000023 needs 6 decimals for two significant digits, $0.00052 five, $12.34 two.
  assert.equal(costDecimals([0.000023, 0.00052, 12.34]), 6);
  assert.equal(costDecimals([0.00052, 0.0021, null]), 5);
  assert.equal(costDecimals([150, 3.456, 0]), 2);
  assert.equal(costDecimals([]), 2);
  assert.equal(costDecimals([0.00999]), 3, 'rounds to $0.010 first, as formatCost does');
  assert.equal(costDecimals([0.000_000_4, 1]), 6, 'a cost below a millionth still gets the most decimals');
  const column = [0.000023, 0.00052, 12.34, 1234.5, 0];
  const decimals = costDecimals(column);
  assert.deepEqual(column.map((usd) => formatCostFixed(usd, decimals)), ['$0.000023', '$0.000520', '$12.340000', '$1,234.500000', '$0.000000']);
  assert.equal(formatCostFixed(0.000_000_4, 6), '<$0.000001');
  assert.equal(formatCostFixed(null, 3), '–');
  assert.equal(formatCostFixed(-0.25, 3), '-$0.250');
});
