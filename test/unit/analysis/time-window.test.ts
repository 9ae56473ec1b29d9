import assert from 'node:assert/strict';
import { test } from 'node:test';
import { focusWindow } from '../../../src/analysis/time-window';
import { formatDuration } from '../../../src/analysis/format';

const T0 = 1_764_190_000_000;
const span = (spanId: string, start: number, durationMs: number) => ({ spanId, parentSpanId: null, startTimeUnixMs: T0 + start, durationMs });
const YEAR = 365.25 * 86_400_000;

test('a span 330 years away is an outlier; the window is where the other spans are', () => {
  const spans = [span('root', 0, 100), span('a', 1, 7), span('b', 11, 7), span('c', 21, 7), span('future', 330 * YEAR, 5)];
  const w = focusWindow(spans);
  assert.equal(w.startMs, T0);
  assert.equal(w.endMs, T0 + 100);
  assert.deepEqual([...w.outliers], ['future']);
});

test('a span that starts in range but ends centuries later is an outlier too', () => {
  const w = focusWindow([span('root', 0, 100), span('a', 10, 20), span('endless', 50, 330 * YEAR)]);
  assert.deepEqual([...w.outliers], ['endless']);
  assert.equal(w.endMs, T0 + 100);
});

test('an ordinary trace, and a long job with quiet hours, keep their whole range', () => {
  const ordinary = focusWindow([span('r', 0, 500), span('a', 5, 100), span('b', 200, 250)]);
  assert.deepEqual([ordinary.startMs, ordinary.endMs, ordinary.outliers.size], [T0, T0 + 500, 0]);
  const hour = 3_600_000;
  // Three-hour batches with 7-hour gaps: the gaps do not dwarf the runs, so nothing is cut.
  const batch = focusWindow([span('r', 0, 3 * hour), span('x', 10 * hour, 3 * hour), span('y', 20 * hour, 3 * hour)]);
  assert.deepEqual([batch.startMs, batch.endMs, batch.outliers.size], [T0, T0 + 23 * hour, 0]);
});

test('the larger cluster wins whichever side the outlier is on; an empty trace has an empty window', () => {
  const w = focusWindow([span('past', -300 * YEAR, 1), span('r', 0, 50), span('a', 5, 5), span('b', 10, 5)]);
  assert.deepEqual([...w.outliers], ['past']);
  assert.equal(w.startMs, T0);
  assert.deepEqual(focusWindow([]), { startMs: 0, endMs: 0, outliers: new Set() });
});

test('long durations read in days and years, not thousands of hours', () => {
  assert.equal(formatDuration(47 * 3_600_000), '47 h 0 min');
  assert.equal(formatDuration(3 * 86_400_000 + 5 * 3_600_000), '3 d 5 h');
  assert.equal(formatDuration(2 * YEAR + 10 * 86_400_000), '2 y 10 d');
  assert.equal(formatDuration(330 * YEAR), '330 y');
});

test('a span five hours off (a timezone bug) next to a two-second trace is an outlier', () => {
  const spans = Array.from({ length: 20 }, (_, i) => span(`s${i}`, i * 100, 50));
  spans.push(span('tz', 5 * 3_600_000, 40));
  const w = focusWindow(spans);
  assert.deepEqual([...w.outliers], ['tz']);
  assert.equal(w.endMs, T0 + 1950);
});

test('a ten-hour root over children of its first second keeps its real length', () => {
  const w = focusWindow([span('root', 0, 10 * 3_600_000), span('a', 10, 100), span('b', 300, 200)]);
  assert.deepEqual([w.endMs - w.startMs, w.outliers.size], [10 * 3_600_000, 0]);
});
