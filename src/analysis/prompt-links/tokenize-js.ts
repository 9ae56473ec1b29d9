/** Tokens of JavaScript/TypeScript: strings decoded ('…', "…", `…` with `${…}` as holes). */
import type { CodeToken } from './code-tokens';
import { HOLE, SourceTextBuilder } from './source-text';

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
const REGEX_BEFORE = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const WORD = /[\w$.]/;

function readString(text: string, i: number, out: SourceTextBuilder): number {
  const quote = text[i];
  let run = i + 1;
  for (let k = i + 1; k < text.length; k++) {
    const c = text[k];
    if (c === quote || (quote !== '`' && c === '\n')) {
      out.pushRun(text, run, k);
      return c === quote ? k + 1 : k;
    }
    if (c === '\\') {
      out.pushRun(text, run, k);
      const n = text[k + 1];
      if (n === '\n') k++;
      else if (n === 'u' || n === 'x') {
        const braced = n === 'u' && text[k + 2] === '{';
        const hex = n === 'x' ? text.slice(k + 2, k + 4) : braced ? text.slice(k + 3, text.indexOf('}', k)) : text.slice(k + 2, k + 6);
        out.push(String.fromCodePoint(parseInt(hex, 16) || 0x3f), k);
        k += n === 'x' ? 3 : braced ? hex.length + 3 : 5;
      } else {
        out.push(ESC[n] ?? n, k);
        k++;
      }
      run = k + 1;
      continue;
    }
    if (quote === '`' && c === '$' && text[k + 1] === '{') {
      out.pushRun(text, run, k);
      out.push(HOLE, k);
      let depth = 1;
      k += 2;
      for (; k < text.length && depth > 0; k++) {
        if (text[k] === '{') depth++;
        else if (text[k] === '}') depth--;
      }
      k--;
      run = k + 1;
    }
  }
  out.pushRun(text, run, text.length);
  return text.length;
}

export function tokenizeJs(text: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') i++;
    else if (c === '/' && text[i + 1] === '/') i = (text.indexOf('\n', i) + 1 || text.length + 1) - 1;
    else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    }
    else if (c === '/') {
      const prev = tokens[tokens.length - 1];
      if (!prev || (prev.type === 'punct' && REGEX_BEFORE.has(prev.value)) || (prev.type === 'word' && prev.value === 'return')) {
        let k = i + 1;
        let inClass = false;
        for (; k < text.length && text[k] !== '\n'; k++) {
          if (text[k] === '\\') k++;
          else if (text[k] === '[') inClass = true;
          else if (text[k] === ']') inClass = false;
          else if (text[k] === '/' && !inClass) break;
        }
        i = k + 1;
      } else {
        tokens.push({ type: 'punct', value: c, start: i });
        i++;
      }
    } else if (c === '"' || c === "'" || c === '`') {
      const out = new SourceTextBuilder();
      const end = readString(text, i, out);
      tokens.push({ type: 'str', source: out.build(), start: i });
      i = end;
    } else if (WORD.test(c)) {
      let k = i + 1;
      while (k < text.length && WORD.test(text[k])) k++;
      let value = text.slice(i, k);
      let at = i;
      // `].join` and `a.b.join` end in the word `join` after a `.`, which is how joins are found.
      if (value.startsWith('.')) {
        tokens.push({ type: 'punct', value: '.', start: at });
        value = value.slice(1);
        at++;
      }
      if (value.endsWith('.join') && value.length > 5) {
        tokens.push({ type: 'word', value: value.slice(0, -5), start: at }, { type: 'punct', value: '.', start: k - 5 }, { type: 'word', value: 'join', start: k - 4 });
      } else if (value) tokens.push({ type: 'word', value, start: at });
      i = k;
    } else {
      tokens.push({ type: 'punct', value: c, start: i });
      i++;
    }
  }
  return tokens;
}
