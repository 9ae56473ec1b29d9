/** The cost of each run of the costliest flows over time; spikes (over 3× the earlier median) marked. */
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { formatCost } from '../../src/analysis/format';
import type { FlowRun } from '../../src/protocol/cost';
import { chartTheme } from './chart-theme';
import { useUplot } from './use-uplot';

const FLOWS_DRAWN = 5;
const HEIGHT = 200;

/** Runs as uPlot's aligned data: one x per run, one y series per flow (null elsewhere), plus spikes. */
export function runsData(runs: readonly FlowRun[]): { flows: string[]; data: uPlot.AlignedData } {
  const totals = new Map<string, number>();
  for (const r of runs) totals.set(r.flow, (totals.get(r.flow) ?? 0) + r.costUsd);
  const flows = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, FLOWS_DRAWN).map(([f]) => f);
  const shown = runs.filter((r) => flows.includes(r.flow)).sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
  const xs = shown.map((r) => r.startTimeUnixMs / 1000);
  const ys = flows.map((f) => shown.map((r) => (r.flow === f ? r.costUsd : null)));
  const spikes = shown.map((r) => (r.spike ? r.costUsd : null));
  return { flows, data: [xs, ...ys, spikes] };
}

export function RunsChart({ runs }: { runs: readonly FlowRun[] }) {
  const { flows, data } = useMemo(() => runsData(runs), [runs]);
  const container = useUplot((width) => {
    const theme = chartTheme();
    return {
      width,
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 0.001] } },
      axes: [
        { stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid }, font: theme.font },
        { stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid }, font: theme.font, size: 70, values: (_u, ticks) => ticks.map((v) => formatCost(v)) },
      ],
      series: [
        {},
        ...flows.map((f, i) => ({ label: f, stroke: theme.series[i % theme.series.length], width: 1, spanGaps: true, points: { show: true, size: 5 } })),
        { label: 'spike (> 3× earlier median)', stroke: theme.spike, width: 0, paths: () => null, points: { show: true, size: 11, width: 2, fill: 'transparent', stroke: theme.spike } },
      ],
    };
  }, data, flows.join('\u0000'));
  return <div class="tl-cost-chart" ref={container} aria-label="Cost of each run, by flow" role="img" />;
}
