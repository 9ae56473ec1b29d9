/**
 * Webview-only formatting: times of day and JSON. Durations, counts and money come from
 * src/analysis/format.ts, shared with the Traces view and the CLI.
 */

export function formatTime(unixMs: number): string {
  if (!Number.isFinite(unixMs)) return '–';
  const d = new Date(unixMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Pretty JSON when the text is JSON, the text itself otherwise (tool arguments are often JSON text). */
export function prettyJson(text: string): { text: string; isJson: boolean } {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return { text, isJson: false };
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), isJson: true };
  } catch {
    return { text, isJson: false };
  }
}

/** JSON of any value, for the raw view and copy buttons; never throws. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch (e) {
    return `(not serializable: ${String(e)})`;
  }
}
