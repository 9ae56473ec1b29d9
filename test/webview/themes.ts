/**
 * The theme variables VS Code injects into webviews, for the themes the panel is checked in
 * (values from VS Code's Dark Modern, Light Modern and Dark High Contrast themes). Only the
 * variables the panel's CSS reads are listed.
 */
const common = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '13px',
};

const dark = {
  ...common,
  'foreground': '#cccccc', 'descriptionForeground': '#9d9d9d', 'editor-background': '#1f1f1f', 'panel-border': '#2b2b2b',
  'widget-border': '#313131', 'focusBorder': '#0078d4', 'sash-hoverBorder': '#0078d4', 'errorForeground': '#f85149',
  'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
  'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
  'toolbar-hoverBackground': '#5a5d5e50', 'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc',
  'input-foreground': '#cccccc', 'input-background': '#313131', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898',
  'dropdown-foreground': '#cccccc', 'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'checkbox-background': '#313131',
  'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'testing-iconPassed': '#73c991', 'editorWarning-foreground': '#cca700',
  'editorInfo-foreground': '#3794ff', 'editor-findMatchHighlightBackground': '#ea5c0055', 'list-hoverBackground': '#2a2d2e',
  'list-inactiveSelectionBackground': '#37373d', 'list-inactiveSelectionForeground': '#cccccc', 'list-activeSelectionBackground': '#04395e',
  'list-activeSelectionForeground': '#ffffff', 'list-focusOutline': '#0078d4', 'icon-foreground': '#cccccc',
  'charts-foreground': '#cccccc', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-purple': '#b180d7',
  'charts-yellow': '#cca700', 'charts-red': '#f14c4c', 'terminal-ansiBrightBlue': '#3b8eea', 'terminal-ansiBrightGreen': '#23d18b', 'terminal-ansiCyan': '#11a8cd',
  'terminal-ansiBrightCyan': '#29b8db', 'terminal-ansiMagenta': '#bc3fbc', 'textBlockQuote-background': '#2b2b2b', 'textBlockQuote-border': '#616161b3',
  'textCodeBlock-background': '#2b2b2b', 'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
  'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
};

const light = {
  ...common,
  'foreground': '#3b3b3b', 'descriptionForeground': '#3b3b3b', 'editor-background': '#ffffff', 'panel-border': '#e5e5e5',
  'widget-border': '#e5e5e5', 'focusBorder': '#005fb8', 'sash-hoverBorder': '#005fb8', 'errorForeground': '#f85149',
  'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
  'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
  'toolbar-hoverBackground': '#b8b8b850', 'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8',
  'input-foreground': '#3b3b3b', 'input-background': '#ffffff', 'input-border': '#cecece', 'input-placeholderForeground': '#767676',
  'dropdown-foreground': '#3b3b3b', 'dropdown-background': '#ffffff', 'dropdown-border': '#cecece', 'checkbox-background': '#f8f8f8',
  'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'testing-iconPassed': '#388a34', 'editorWarning-foreground': '#bf8803',
  'editorInfo-foreground': '#1a85ff', 'editor-findMatchHighlightBackground': '#ea5c0055', 'list-hoverBackground': '#f2f2f2',
  'list-inactiveSelectionBackground': '#e4e6f1', 'list-inactiveSelectionForeground': '#3b3b3b', 'list-activeSelectionBackground': '#e8e8e8',
  'list-activeSelectionForeground': '#000000', 'list-focusOutline': '#005fb8', 'icon-foreground': '#3b3b3b',
  'charts-foreground': '#616161', 'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-orange': '#d18616', 'charts-purple': '#652d90',
  'charts-yellow': '#bf8803', 'charts-red': '#e51400', 'terminal-ansiBrightBlue': '#0451a5', 'terminal-ansiBrightGreen': '#14ce14', 'terminal-ansiCyan': '#0598bc',
  'terminal-ansiBrightCyan': '#0598bc', 'terminal-ansiMagenta': '#bc05bc', 'textBlockQuote-background': '#f8f8f8', 'textBlockQuote-border': '#e5e5e5',
  'textCodeBlock-background': '#f8f8f8', 'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
  'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
};

const highContrast = {
  ...dark,
  'foreground': '#ffffff', 'descriptionForeground': '#ffffff', 'editor-background': '#000000', 'panel-border': '#6fc3df',
  'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518', 'focusBorder': '#f38518', 'button-background': '#000000',
  'list-activeSelectionBackground': '#000000', 'list-inactiveSelectionBackground': '#000000', 'list-hoverBackground': '#000000',
  'badge-background': '#000000', 'badge-foreground': '#ffffff', 'textBlockQuote-background': '#000000', 'textCodeBlock-background': '#000000',
  'input-background': '#000000', 'dropdown-background': '#000000', 'errorForeground': '#f48771',
};

export const THEMES = { dark, light, 'high-contrast': highContrast } as const;
export type ThemeName = keyof typeof THEMES;

export function themeCss(name: ThemeName): string {
  const vars = Object.entries(THEMES[name]).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n');
  return `:root {\n${vars}\n}\n`;
}
