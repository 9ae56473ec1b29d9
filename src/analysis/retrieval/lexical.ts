/**
 * Lexical primitives for the retrieval analysis: words with their offsets, a light stemmer, content
 * words, sentences, and the normalized form used to find a document's text inside a prompt.
 * No network and no model: everything the analysis decides is decided from these.
 */

export interface Word {
  /** Lower-cased. */
  text: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) out.push({ text: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

// Function words and words every help text shares; they say nothing about which document was used.
const STOPWORDS = new Set(('a an the and or but nor of to in on at by for from with without within into onto over under about as is are was were be been '
  + 'being am do does did done have has had having it its it\'s this that these those there here then than so such very can could '
  + 'will would shall should may might must not no yes if when where which who whom whose what why how all any each every '
  + 'some most more less many much few other another own same i you he she we they me him her us them my your his our their '
  + 'also just only up down out off again further once too per via please one s t').split(' '));

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Folds common English inflections so "repaired", "repairs" and "repair" meet. */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Distinct stemmed content words. */
export function contentWords(list: readonly Word[]): Set<string> {
  const out = new Set<string>();
  for (const w of list) if (!isStopword(w.text) && w.text.length > 1) out.add(stem(w.text));
  return out;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/** Sentences split after `.`, `!`, `?` followed by white space, and at line breaks. */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const boundary = /[.!?]+(?=\s|$)|\n+/g;
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  };
  for (const m of text.matchAll(boundary)) {
    const end = m[0].startsWith('\n') ? m.index : m.index + m[0].length;
    push(end);
    start = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

/** Lower-cased with every run of white space made one space: how text is compared with a prompt. */
export function normalizeForMatch(text: string): string {
  // Only runs that are not already one plain space are replaced: most text then needs no new string.
  return text.toLowerCase().replace(/[^\S ]\s*| \s+/g, ' ').trim();
}

/** True when `needle` occurs in `haystack` with no letter, digit, `-` or `_` on either side. */
export function containsToken(haystack: string, needle: string): boolean {
  return tokenIndex(haystack, needle, 0) >= 0;
}

export function tokenIndex(haystack: string, needle: string, from: number): number {
  return tokenIndexInLowered(haystack.toLowerCase(), needle.toLowerCase(), from);
}

const TOKEN_CHAR = /[\p{L}\p{N}_-]/u;

/** tokenIndex on text and needle already lower-cased (a caller searching one text many times). */
export function tokenIndexInLowered(hay: string, n: string, from: number): number {
  if (!n) return -1;
  for (let i = hay.indexOf(n, from); i >= 0; i = hay.indexOf(n, i + 1)) {
    const before = i > 0 ? hay[i - 1] : ' ';
    const after = i + n.length < hay.length ? hay[i + n.length] : ' ';
    if (!TOKEN_CHAR.test(before) && !TOKEN_CHAR.test(after)) return i;
  }
  return -1;
}
