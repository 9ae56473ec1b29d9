/**
 * Search-match highlighting inside rendered text. The query comes from a context so deeply nested
 * detail components need not pass it along. Text stays text: matches become <mark> elements.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';

export const HighlightContext = createContext<string>('');

/** More marks than this in one string would only slow the view; the rest stays plain. */
const MAX_MARKS = 500;

export function highlightText(text: string, query: string): ComponentChildren {
  const needle = query.trim().toLowerCase();
  if (!needle || text.length === 0) return text;
  const lower = text.toLowerCase();
  // toLowerCase can change a string's length for a few characters (e.g. 'İ'); then indices from
  // `lower` would not fit `text`, so highlighting is skipped rather than cutting characters.
  if (lower.length !== text.length) return text;
  const out: ComponentChildren[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0 && out.length < MAX_MARKS * 2; i = lower.indexOf(needle, i + needle.length)) {
    if (i > at) out.push(text.slice(at, i));
    out.push(<mark class="tl-match">{text.slice(i, i + needle.length)}</mark>);
    at = i + needle.length;
  }
  if (at === 0) return text;
  out.push(text.slice(at));
  return out;
}

export function Highlighted({ text }: { text: string }) {
  const query = useContext(HighlightContext);
  return <>{highlightText(text, query)}</>;
}
