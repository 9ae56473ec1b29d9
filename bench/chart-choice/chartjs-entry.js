// Stacked cost per minute by model, drawn with Chart.js (only the parts a stacked bar chart needs).
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend } from 'chart.js';
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
window.drawChart = (el, data) => {
  const canvas = document.createElement('canvas');
  el.appendChild(canvas);
  canvas.width = 800; canvas.height = 260;
  return new Chart(canvas, { type: 'bar', data: { labels: data.minutes, datasets: data.series.map((s, i) => ({ label: s.model, data: s.values, backgroundColor: `hsl(${i * 50},60%,50%)` })) },
    options: { animation: false, responsive: false, scales: { x: { stacked: true }, y: { stacked: true } } } });
};
