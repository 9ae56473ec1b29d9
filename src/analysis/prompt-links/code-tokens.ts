/**
 * The tokens of JavaScript/TypeScript and Python source that matter for finding prompt strings:
 * string literals (decoded, with offsets, interpolations as holes), words and punctuation.
 * Comments are skipped; everything else is only good enough to tell strings apart from code.
 */
import { HOLE, SourceTextBuilder, type SourceText } from './source-text';

export type CodeToken =
  | { type: 'str'; source: SourceText; start: number }
  | { type: 'word'; value: string; start: number }
  | { type: 'punct'; value: string; start: number };


const isStr = (t: CodeToken | undefined): t is Extract<CodeToken, { type: 'str' }> => t?.type === 'str';
const isPunct = (t: CodeToken | undefined, v: string) => t?.type === 'punct' && t.value === v;
const isWord = (t: CodeToken | undefined): t is Extract<CodeToken, { type: 'word' }> => t?.type === 'word';
const wordIs = (t: CodeToken | undefined, v: string) => t?.type === 'word' && t.value === v;

function append(out: SourceTextBuilder, s: SourceText): void {
  out.appendSource(s);
}

/** The name a string is assigned to: `NAME = ...`, `NAME: ...`, `const NAME = [...]`. */
function nameBefore(tokens: CodeToken[], i: number): string | undefined {
  let j = i - 1;
  while (isPunct(tokens[j], '(') || isPunct(tokens[j], '[')) j--;
  const before = tokens[j - 1];
  if ((isPunct(tokens[j], '=') || isPunct(tokens[j], ':')) && isWord(before)) return before.value;
  if (wordIs(tokens[j], 'return')) {
    for (let k = j - 1; k >= 0 && k > j - 40; k--) {
      const next = tokens[k + 1];
      if ((wordIs(tokens[k], 'function') || wordIs(tokens[k], 'def')) && isWord(next)) return next.value;
    }
  }
  return undefined;
}

/** `[a, b].join(sep)` (JS) or `sep.join([a, b])` (Python): the array's elements and where it ends. */
function arrayJoin(tokens: CodeToken[], open: number): { out: SourceText; end: number } | undefined {
  const elements: (SourceText | null)[] = [];
  let i = open + 1;
  for (; i < tokens.length && !isPunct(tokens[i], ']'); i++) {
    const t = tokens[i];
    if (isPunct(t, ',')) continue;
    if (isStr(t)) elements.push(t.source);
    else if (isWord(t)) elements.push(null);
    else return undefined;
  }
  const js = isPunct(tokens[i + 1], '.') && wordIs(tokens[i + 2], 'join') && isPunct(tokens[i + 3], '(') && isStr(tokens[i + 4]);
  const py = isPunct(tokens[open - 1], '(') && wordIs(tokens[open - 2], 'join') && isPunct(tokens[open - 3], '.') && isStr(tokens[open - 4]);
  if (!js && !py) return undefined;
  const sep = js ? (tokens[i + 4] as Extract<CodeToken, { type: 'str' }>).source : (tokens[open - 4] as Extract<CodeToken, { type: 'str' }>).source;
  const out = new SourceTextBuilder();
  elements.forEach((e, k) => {
    if (k > 0) append(out, sep);
    if (e) append(out, e);
    else out.push(HOLE, tokens[open].start);
  });
  return { out: out.build(), end: js ? i + 5 : i + 1 };
}

/** String literals joined as the code joins them, each long enough to be a prompt. */
export function joinStringTokens(tokens: CodeToken[], minLength: number): { name?: string; source: SourceText; start: number }[] {
  const found: { name?: string; source: SourceText; start: number }[] = [];
  const keep = (s: SourceText, at: number, start: number) => {
    if (s.text.replace(/\u0000/g, '').trim().length >= minLength && /\s/.test(s.text)) found.push({ name: nameBefore(tokens, at), source: s, start });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isPunct(t, '[')) {
      const joined = arrayJoin(tokens, i);
      if (joined) {
        keep(joined.out, i, t.start);
        i = joined.end;
      }
      continue;
    }
    if (!isStr(t)) continue;
    // A chain: 'a' + name + 'b' (JS, Python), or 'a' 'b' (Python's implicit concatenation).
    const continues = isStr(tokens[i + 1]) || isPunct(tokens[i + 1], '+');
    if (!continues) {
      keep(t.source, i, t.start);
      continue;
    }
    const out = new SourceTextBuilder();
    append(out, t.source);
    let j = i + 1;
    for (;;) {
      if (isStr(tokens[j])) append(out, (tokens[j++] as Extract<CodeToken, { type: 'str' }>).source);
      else if (isPunct(tokens[j], '+') && isStr(tokens[j + 1])) append(out, (tokens[(j += 2) - 1] as Extract<CodeToken, { type: 'str' }>).source);
      else if (isPunct(tokens[j], '+') && isWord(tokens[j + 1]) && isPunct(tokens[j + 2], '+') && isStr(tokens[j + 3])) {
        out.push(HOLE, tokens[j + 1].start);
        append(out, (tokens[j + 3] as Extract<CodeToken, { type: 'str' }>).source);
        j += 4;
      } else break;
    }
    keep(out.build(), i, t.start);
    i = j - 1;
  }
  return found;
}
