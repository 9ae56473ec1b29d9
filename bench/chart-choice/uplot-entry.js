// Stacked cost per minute by model, drawn with uPlot (bars through its own paths.bars builder).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
window.drawChart = (el, data) => {
  const { minutes, series } = data;
  const stacked = [];
  let acc = minutes.map(() => 0);
  for (const s of series) { acc = acc.map((v, i) => v + s.values[i]); stacked.push(acc); }
  const bars = uPlot.paths.bars({ size: [0.8] });
  const opts = { width: 800, height: 260, series: [{}, ...series.map((s, i) => ({ label: s.model, fill: `hsl(${i * 50},60%,50%)`, paths: bars })).reverse()],
    axes: [{}, { values: (u, v) => v.map((x) => '$' + x.toFixed(3)) }] };
  return new uPlot(opts, [minutes, ...stacked.reverse()], el);
};
