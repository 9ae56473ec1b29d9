/** The waterfall's time axis: "nice" ticks (1, 2, 5 × 10ⁿ ms) across the trace's duration. */
import { formatDuration } from '../shared/format';

export function niceTicks(durationMs: number, maxTicks = 6): number[] {
  if (!(durationMs > 0)) return [0];
  const raw = durationMs / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + 1e-9 && ticks.length <= maxTicks * 2; t += step) ticks.push(t);
  return ticks;
}

export function TimeAxis({ durationMs }: { durationMs: number }) {
  const ticks = niceTicks(durationMs);
  return (
    <div class="tl-axis" aria-hidden="true">
      {ticks.map((t) => {
        const at = durationMs > 0 ? (t / durationMs) * 100 : 0;
        // The axis leaves room on its right for the last label (the rows' duration labels use it too).
        return (
          <span key={t} class="tl-tick" style={{ left: `${at}%` }}>
            {t === 0 ? '0' : formatDuration(t)}
          </span>
        );
      })}
    </div>
  );
}

/** Vertical grid lines under the bars, at the same ticks. */
export function TickLines({ durationMs }: { durationMs: number }) {
  return (
    <div class="tl-tick-lines" aria-hidden="true">
      {niceTicks(durationMs).map((t) => (
        <span key={t} style={{ left: `${durationMs > 0 ? (t / durationMs) * 100 : 0}%` }} />
      ))}
    </div>
  );
}
