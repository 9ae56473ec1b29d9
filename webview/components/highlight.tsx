/**
 * Telemetry text as the views show it: search matches highlighted, and hidden characters (bidi
 * controls, zero-width and other invisible characters, control characters) shown as marked
 * escapes instead of being obeyed, inside a bidi isolate so nothing spills into the text around.
 * The query comes from a context so deeply nested detail components need not pass it along. Text
 * stays text: matches become <mark> elements, hidden characters <span>s with their name as title.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { escapeLabel, hasHiddenChars, segmentText } from '../../src/analysis/unicode-text';

export const HighlightContext = createContext<string>('');

/** More marks than this in one string would only slow the view; the rest stays plain. */
const MAX_MARKS = 500;

/** More escapes than this in one string are shown as the characters' escapes in plain text. */
const MAX_ESCAPES = 2_000;

export function highlightText(text: string, query: string): ComponentChildren {
  if (!hasHiddenChars(text)) return highlightPlain(text, query);
  const segments = segmentText(text);
  if (segments.length > MAX_ESCAPES * 2) {
    return segments.map((seg) => ('text' in seg ? seg.text : escapeLabel(seg.codePoint))).join('');
  }
  return segments.map((seg) =>
    'text' in seg
      ? highlightPlain(seg.text, query)
      : <span class={`tl-hidden-char tl-hidden-${seg.kind}`} title={seg.label}>{escapeLabel(seg.codePoint)}</span>);
}

function highlightPlain(text: string, query: string): ComponentChildren {
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
  return <bdi class="tl-text">{highlightText(text, query)}</bdi>;
}
