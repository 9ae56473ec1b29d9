/**
 * Chart colours from VS Code's theme (`--vscode-charts-*`), read when a chart is drawn, so charts
 * follow light, dark and high-contrast themes like the rest of the panel.
 */
const SERIES_VARS = ['blue', 'orange', 'green', 'purple', 'yellow', 'red'];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export interface ChartTheme {
  series: string[];
  foreground: string;
  grid: string;
  spike: string;
  other: string;
  font: string;
}

export function chartTheme(): ChartTheme {
  const foreground = cssVar('--vscode-charts-foreground', cssVar('--vscode-foreground', '#888'));
  return {
    series: SERIES_VARS.map((c) => cssVar(`--vscode-charts-${c}`, '#888')),
    foreground,
    grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.25)'),
    spike: cssVar('--vscode-charts-red', '#e51400'),
    other: cssVar('--vscode-disabledForeground', '#888'),
    font: `${cssVar('--vscode-font-size', '12px')} ${cssVar('--vscode-font-family', 'sans-serif')}`,
  };
}
