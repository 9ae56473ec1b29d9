/**
 * Tokens of Python: strings decoded (prefixes r, b, u, f and their pairs; triple quotes), with an
 * f-string's `{expression}` as a hole and `{{`/`}}` as braces. `.format` and `%` placeholders stay
 * in the text, where the placeholder pass finds them.
 */
import type { CodeToken } from './code-tokens';
import { HOLE, SourceTextBuilder } from './source-text';

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
const PREFIX = /^[rRbBuUfF]{1,2}$/;

function readString(text: string, start: number, prefix: string, out: SourceTextBuilder): number {
  const raw = /r/i.test(prefix);
  const fString = /f/i.test(prefix);
  const q = text[start];
  const triple = text.startsWith(q.repeat(3), start);
  const close = triple ? q.repeat(3) : q;
  let k = start + close.length;
  let run = k;
  while (k < text.length) {
    if (text.startsWith(close, k)) {
      out.pushRun(text, run, k);
      return k + close.length;
    }
    const c = text[k];
    if (!triple && c === '\n') break;
    if (c === '\\' && !raw) {
      out.pushRun(text, run, k);
      const n = text[k + 1];
      if (n !== '\n') out.push(ESC[n] ?? `\\${n}`, k);
      k += 2;
      run = k;
      continue;
    }
    if (fString && (c === '{' || c === '}')) {
      out.pushRun(text, run, k);
      if (text[k + 1] === c) {
        out.push(c, k);
        k += 2;
      } else if (c === '{') {
        out.push(HOLE, k);
        let depth = 1;
        for (k++; k < text.length && depth > 0; k++) {
          if (text[k] === '{') depth++;
          else if (text[k] === '}') depth--;
        }
      } else k++;
      run = k;
      continue;
    }
    k++;
  }
  out.pushRun(text, run, k);
  return k;
}

export function tokenizePython(text: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\\') i++;
    else if (c === '#') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (c === '"' || c === "'") {
      const out = new SourceTextBuilder();
      const end = readString(text, i, '', out);
      tokens.push({ type: 'str', source: out.build(), start: i });
      i = end;
    } else if (/[\w.]/.test(c)) {
      let k = i + 1;
      while (k < text.length && /[\w.]/.test(text[k])) k++;
      const word = text.slice(i, k);
      if ((text[k] === '"' || text[k] === "'") && PREFIX.test(word)) {
        const out = new SourceTextBuilder();
        const end = readString(text, k, word, out);
        tokens.push({ type: 'str', source: out.build(), start: i });
        i = end;
        continue;
      }
      if (word.startsWith('.') && word.length > 1) {
        tokens.push({ type: 'punct', value: '.', start: i }, { type: 'word', value: word.slice(1), start: i + 1 });
      } else tokens.push(word === '.' ? { type: 'punct', value: '.', start: i } : { type: 'word', value: word, start: i });
      i = k;
    } else {
      tokens.push({ type: 'punct', value: c, start: i });
      i++;
    }
  }
  return tokens;
}
