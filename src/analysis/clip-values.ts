/**
 * Views receive what they can show, not everything a span holds: a 10 MB attribute and the same
 * 10 MB as a tool result made every selection ship 21 million characters to the webview and froze
 * it. Strings longer than the limit are cut, with a note that says how much was left out and
 * where to read it whole (the span opened in an editor, or exported). Pure.
 */

/** Longest string sent to a webview in one value (characters). */
export const MAX_VIEW_STRING = 262_144;

export function clippedNote(omitted: number): string {
  return `\n… [${omitted.toLocaleString('en-US')} more characters not shown here: open the span in an editor to read it whole]`;
}

/**
 * A copy of `value` in which every string longer than `max` is cut to `max` characters (never
 * inside a surrogate pair) plus `clippedNote`; `clipped` counts the strings cut. Objects and
 * arrays without long strings are shared, not copied.
 */
export function clipLongStrings<T>(value: T, max = MAX_VIEW_STRING): { value: T; clipped: number } {
  let clipped = 0;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v.length <= max) return v;
      clipped++;
      const code = v.charCodeAt(max - 1);
      const cut = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
      return v.slice(0, cut) + clippedNote(v.length - cut);
    }
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      v.forEach((item, i) => {
        const next = visit(item);
        if (next !== item) (out ??= [...v])[i] = next;
      });
      return out ?? v;
    }
    if (v && typeof v === 'object') {
      let out: Record<string, unknown> | null = null;
      for (const [k, item] of Object.entries(v)) {
        const next = visit(item);
        if (next !== item) (out ??= { ...(v as Record<string, unknown>) })[k] = next;
      }
      return out ?? v;
    }
    return v;
  };
  return { value: visit(value) as T, clipped };
}
