/** Cost per time bucket, stacked by model (uPlot bars: each series drawn as the running sum). */
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { formatCost } from '../../src/analysis/format';
import type { CostSeries } from '../../src/protocol/cost';
import { chartTheme } from './chart-theme';
import { useUplot } from './use-uplot';

const HEIGHT = 220;

export function stackSeries(series: CostSeries): number[][] {
  const stacked: number[][] = [];
  let running = series.bucketStarts.map(() => 0);
  for (const costs of series.costs) {
    running = running.map((v, i) => v + costs[i]);
    stacked.push(running);
  }
  return stacked;
}

export function CostOverTime({ series }: { series: CostSeries }) {
  const data = useMemo<uPlot.AlignedData>(() => {
    // Drawn top series first so each lower stack paints over the taller one behind it.
    const stacked = stackSeries(series).reverse();
    return [series.bucketStarts.map((t) => t / 1000), ...stacked];
  }, [series]);
  const key = `${series.models.join('\u0000')}|${series.bucketMs}`;
  const container = useUplot((width) => {
    const theme = chartTheme();
    const bars = uPlot.paths.bars!({ size: [0.85, 40] });
    const colour = (i: number) => (series.models[i] === 'other' ? theme.other : theme.series[i % theme.series.length]);
    const models = [...series.models].reverse();
    return {
      width,
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 0.001] } },
      axes: [
        { stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid }, font: theme.font },
        { stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid }, font: theme.font, size: 70, values: (_u, ticks) => ticks.map((v) => formatCost(v)) },
      ],
      series: [
        {},
        ...models.map((m, i) => {
          const c = colour(series.models.length - 1 - i);
          return { label: m, fill: c, stroke: c, width: 0, paths: bars, points: { show: false } };
        }),
      ],
    };
  }, data, key);
  return <div class="tl-cost-chart" ref={container} aria-label="Cost over time, stacked by model" role="img" />;
}
