// Stacked cost per minute by model, drawn with Observable Plot (SVG).
import * as Plot from '@observablehq/plot';
window.drawChart = (el, data) => {
  const rows = [];
  for (const s of data.series) s.values.forEach((v, i) => rows.push({ minute: data.minutes[i], model: s.model, cost: v }));
  const svg = Plot.plot({ width: 800, height: 260, marks: [Plot.rectY(rows, { x: 'minute', y: 'cost', fill: 'model', interval: 60 })] });
  el.appendChild(svg);
  return svg;
};
