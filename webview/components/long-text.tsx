/**
 * A block of telemetry text: raw (exact characters in <pre>, so `<tags>` and whitespace survive)
 * or rendered Markdown; long texts are cut to a preview. "Show more" adds pages of PAGE_CHARS (a
 * 10 MB tool result shown at once froze the webview for seconds), and Markdown is rendered only up
 * to MAX_RENDERED_CHARS, the rest raw.
 */
import { useContext, useState } from 'preact/hooks';
import { Button } from './ui/button';
import { CopyButton } from './ui/copy-button';
import { HighlightContext, highlightText } from './highlight';
import { Markdown } from './markdown';

const PREVIEW_CHARS = 3_000;
const PREVIEW_LINES = 40;
const PAGE_CHARS = 100_000;
const MAX_RENDERED_CHARS = 50_000;

function previewOf(text: string): string | null {
  let cut = Math.min(text.length, PREVIEW_CHARS);
  let newlines = 0;
  for (let i = 0; i < cut; i++) {
    if (text.charCodeAt(i) === 10 && ++newlines >= PREVIEW_LINES) {
      cut = i;
      break;
    }
  }
  if (cut >= text.length) return null;
  // Do not split a surrogate pair at the cut.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}

/** Cut `text` at `at` without splitting a surrogate pair. */
function cutAt(text: string, at: number): string {
  if (at >= text.length) return text;
  const code = text.charCodeAt(at - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? at - 1 : at);
}

const chars = (n: number) => n.toLocaleString('en-US');

export function LongText({ text, mode = 'raw', copy = true }: { text: string; mode?: 'raw' | 'rendered'; copy?: boolean }) {
  const query = useContext(HighlightContext);
  // How many characters are shown: the preview, then whole pages.
  const [limit, setLimit] = useState(0);
  const preview = previewOf(text);
  const shown = preview === null ? text : limit === 0 ? preview : cutAt(text, limit);
  const rest = text.length - shown.length;
  const rendered = mode === 'rendered' && shown.length <= MAX_RENDERED_CHARS;
  return (
    <div class="tl-long-text">
      {copy && <CopyButton text={text} label="Copy text" />}
      {rendered ? <Markdown text={shown} query={query} /> : <pre class="tl-raw">{highlightText(shown, query)}</pre>}
      {mode === 'rendered' && !rendered && <div class="tl-muted">Shown raw: Markdown is rendered up to {chars(MAX_RENDERED_CHARS)} characters.</div>}
      {preview !== null && (
        <div class="tl-show-all-bar">
          {rest > 0 && (
            <Button variant="link" class="tl-show-all" onClick={() => setLimit(Math.max(limit, shown.length) + PAGE_CHARS)}>
              {rest <= PAGE_CHARS ? `Show all (${chars(text.length)} characters)` : `Show ${chars(PAGE_CHARS)} more of ${chars(text.length)} characters`}
            </Button>
          )}
          {limit > 0 && (
            <Button variant="link" class="tl-show-all" onClick={() => setLimit(0)}>
              Show less
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
