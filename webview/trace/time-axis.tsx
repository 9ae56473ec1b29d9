/**
 * The waterfall's time axis: "nice" ticks (1, 2, 5 × 10ⁿ ms below a minute; whole minutes and hours
 * above) across the trace's duration, as many as fit the axis's width.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

const MINUTE = 60_000;
const LONG_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE);
/** Room for one tick label ("100 ms", "12 min"). */
export const TICK_SPACING_PX = 72;

export function tickCountFor(widthPx: number): number {
  return Math.max(2, Math.min(10, Math.floor(widthPx / TICK_SPACING_PX)));
}

export function niceTicks(durationMs: number, maxTicks = 6): number[] {
  if (!(durationMs > 0)) return [0];
  const raw = durationMs / maxTicks;
  let step: number;
  if (raw >= MINUTE / 2) {
    step = LONG_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / (1440 * MINUTE)) * 1440 * MINUTE;
  } else {
    const power = 10 ** Math.floor(Math.log10(raw));
    step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  }
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + 1e-9 && ticks.length <= maxTicks * 2; t += step) ticks.push(t);
  return ticks;
}

/** Short labels that fit between ticks: 0, 250 µs, 20 ms, 1.5 s, 12 min, 2 h 30 min. */
export function tickLabel(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${+ms.toPrecision(3)} ms`;
  if (ms < MINUTE) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms < 60 * MINUTE) return `${+(ms / MINUTE).toPrecision(3)} min`;
  const hours = Math.floor(ms / (60 * MINUTE));
  const minutes = Math.round((ms % (60 * MINUTE)) / MINUTE);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

export function TimeAxis({ durationMs, maxTicks, onWidth }: { durationMs: number; maxTicks: number; onWidth: (px: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current!;
    onWidth(el.clientWidth);
    const observer = new ResizeObserver(() => onWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div class="tl-axis" ref={ref} aria-hidden="true">
      {niceTicks(durationMs, maxTicks).map((t) => (
        // The axis leaves room on its right for the last label (the rows' duration labels use it too).
        <span key={t} class="tl-tick" style={{ left: `${durationMs > 0 ? (t / durationMs) * 100 : 0}%` }}>
          {tickLabel(t)}
        </span>
      ))}
    </div>
  );
}

/** Vertical grid lines under the bars, at the same ticks. */
export function TickLines({ durationMs, maxTicks }: { durationMs: number; maxTicks: number }) {
  return (
    <div class="tl-tick-lines" aria-hidden="true">
      {niceTicks(durationMs, maxTicks).map((t) => (
        <span key={t} style={{ left: `${durationMs > 0 ? (t / durationMs) * 100 : 0}%` }} />
      ))}
    </div>
  );
}
