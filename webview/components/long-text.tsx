/**
 * A block of telemetry text: raw (exact characters in <pre>, so `<tags>` and whitespace survive)
 * or rendered Markdown; long texts are cut to a preview with "Show all".
 */
import { useContext, useState } from 'preact/hooks';
import { Button } from './ui/button';
import { CopyButton } from './ui/copy-button';
import { HighlightContext, highlightText } from './highlight';
import { Markdown } from './markdown';

const PREVIEW_CHARS = 3_000;
const PREVIEW_LINES = 40;

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

export function LongText({ text, mode = 'raw', copy = true }: { text: string; mode?: 'raw' | 'rendered'; copy?: boolean }) {
  const query = useContext(HighlightContext);
  const [all, setAll] = useState(false);
  const preview = previewOf(text);
  const shown = all || preview === null ? text : preview;
  return (
    <div class="tl-long-text">
      {copy && <CopyButton text={text} label="Copy text" />}
      {mode === 'rendered' ? <Markdown text={shown} query={query} /> : <pre class="tl-raw">{highlightText(shown, query)}</pre>}
      {preview !== null && (
        <Button variant="link" class="tl-show-all" onClick={() => setAll(!all)}>
          {all ? 'Show less' : `Show all (${text.length.toLocaleString('en-US')} characters)`}
        </Button>
      )}
    </div>
  );
}
