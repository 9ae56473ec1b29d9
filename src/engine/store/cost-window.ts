/** Time windows of the cost report and the width of its time buckets. */
import type { CostQuery } from '../../protocol/cost';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Start of the window (Unix ms), or null for everything in the store. */
export function windowStart(q: CostQuery, now: number): number | null {
  switch (q.window) {
    case '15m': return now - 15 * MINUTE;
    case '1h': return now - 60 * MINUTE;
    case 'today': {
      const offset = (q.utcOffsetMinutes ?? 0) * MINUTE;
      return Math.floor((now + offset) / DAY) * DAY - offset;
    }
    case 'all': return null;
  }
}

const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, DAY, 7 * DAY];

/** A bucket width giving at most ~120 buckets over the range: per minute for short windows. */
export function bucketWidth(fromMs: number, toMs: number): number {
  const span = Math.max(0, toMs - fromMs);
  return STEPS.find((s) => span / s <= 120) ?? STEPS[STEPS.length - 1];
}
