/**
 * Search within one trace: which spans mention a text in their name, attributes (keys and values),
 * content (messages, tool arguments and results, retrieved documents), error, events or resource.
 * Pure, so the host runs it over the store's Trace JSON and tests run it without VS Code.
 */
import type { TraceJsonSpan } from '../protocol/trace-json';

/** Deeply nested attribute values are unusual; the cap bounds the walk on hostile input. */
const MAX_DEPTH = 12;

function containsText(value: unknown, needle: string, depth: number): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).includes(needle);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => containsText(item, needle, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase().includes(needle) || containsText(item, needle, depth + 1)) return true;
  }
  return false;
}

/** Fields whose keys are our own model's names, not telemetry: only their values are searched. */
const VALUE_ONLY_FIELDS: ReadonlySet<string> = new Set(['spanId', 'parentSpanId', 'startTimeUnixMs', 'durationMs']);

export function spanMatches(span: TraceJsonSpan, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return false;
  for (const [field, value] of Object.entries(span)) {
    if (VALUE_ONLY_FIELDS.has(field)) continue;
    if (field === 'attributes' || field === 'resource') {
      if (containsText(value, needle, 0)) return true;
    } else if (containsTextIgnoringModelKeys(value, needle, 0)) {
      return true;
    }
  }
  return false;
}

/** Maps inside our model whose keys come from telemetry (document metadata, prompt variables, event attributes). */
const TELEMETRY_KEYED: ReadonlySet<string> = new Set(['metadata', 'variables', 'attributes']);

/** Like containsText, but keys of our own model ("role", "parts", "text") do not count as matches. */
function containsTextIgnoringModelKeys(value: unknown, needle: string, depth: number): boolean {
  if (value === null || typeof value !== 'object') return containsText(value, needle, depth);
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => containsTextIgnoringModelKeys(item, needle, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    const found = TELEMETRY_KEYED.has(key) ? containsText(item, needle, depth + 1) : containsTextIgnoringModelKeys(item, needle, depth + 1);
    if (found) return true;
  }
  return false;
}

/** Span ids of the matching spans, in the order given. */
export function searchSpans(spans: readonly TraceJsonSpan[], query: string): string[] {
  if (!query.trim()) return [];
  return spans.filter((span) => spanMatches(span, query)).map((span) => span.spanId);
}
