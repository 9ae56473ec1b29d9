/**
 * A word-level diff of two texts (the `diff` package), rendered as text nodes: removed words struck
 * through in the diff editor's removed colour, inserted words in its inserted colour. Very long
 * texts are diffed by line, which stays fast where a word diff would not.
 */
import { diffLines, diffWordsWithSpace } from 'diff';
import { useMemo } from 'preact/hooks';

const WORD_DIFF_MAX_CHARS = 40_000;
/** Below this share of common text, interleaved words read worse than the two texts one after the other. */
const MIN_COMMON_SHARE = 0.3;

export function WordDiff({ a, b }: { a: string; b: string }) {
  const parts = useMemo(() => {
    const words = a.length + b.length > WORD_DIFF_MAX_CHARS ? diffLines(a, b) : diffWordsWithSpace(a, b);
    const common = words.filter((p) => !p.added && !p.removed).reduce((n, p) => n + p.value.trim().length, 0);
    if (common >= MIN_COMMON_SHARE * Math.min(a.trim().length, b.trim().length)) return words;
    return [{ value: a, removed: true, added: false }, { value: a.endsWith('\n') ? '' : '\n', removed: false, added: false }, { value: b, added: true, removed: false }];
  }, [a, b]);
  return (
    <pre class="tl-diff">
      {parts.map((p, i) => (
        <span key={i} class={p.added ? 'tl-diff-ins' : p.removed ? 'tl-diff-del' : undefined}>{p.value}</span>
      ))}
    </pre>
  );
}

/** A text present in one run only, marked as removed (A) or inserted (B). */
export function OneSide({ text, side }: { text: string; side: 'a' | 'b' }) {
  return <pre class="tl-diff"><span class={side === 'a' ? 'tl-diff-del' : 'tl-diff-ins'}>{text}</span></pre>;
}

/** Two texts: a word diff when both exist, else the one there is. */
export function TextChange({ a, b }: { a: string | null; b: string | null }) {
  if (a !== null && b !== null) return a === b ? <pre class="tl-diff">{a}</pre> : <WordDiff a={a} b={b} />;
  if (a !== null) return <OneSide text={a} side="a" />;
  if (b !== null) return <OneSide text={b} side="b" />;
  return null;
}
