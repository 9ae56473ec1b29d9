/**
 * How an answer used its documents, by lexical methods only:
 * - quote: a run of at least QUOTE_WORDS words that appears verbatim (case and punctuation aside)
 *   in the document;
 * - citation: the document's id or source named in the answer, inside brackets or parentheses
 *   (`[doc-2]`, `(returns.md)`, `[^3]`), or anywhere when the name is distinctive (has a digit
 *   or punctuation, like `kb-12` or `returns.md`);
 * - paraphrase: a sentence not explained by a quote whose content words are mostly (≥ half, and at
 *   least four) found within one 50-word window of a document; only the best such document gets it.
 * Every answer sentence is also reported with the documents that support it, so a view can mark
 * sentences no document supports.
 */
import type { RetrievalEvidence } from '../../protocol/trace-json';
import { contentWords, normalizeForMatch, sentences, tokenIndexInLowered, words, type Word } from './lexical';

export const QUOTE_WORDS = 8;
const PARAPHRASE_MIN_SHARED = 4;
const PARAPHRASE_MIN_RATIO = 0.5;
const WINDOW = 50;
/** A sentence needs this many content words before "no supporting passage" is said of it. */
export const JUDGED_MIN_WORDS = 3;

export interface AnswerDocument {
  /** Caller's key for the document (its index in the caller's list). */
  key: number;
  content?: string;
  labels: string[];
}

export interface LocatedEvidence extends RetrievalEvidence {
  /** Offsets of `text` in the answer. */
  start: number;
  end: number;
}

export interface SentenceSupport {
  text: string;
  start: number;
  end: number;
  support: { key: number; kind: RetrievalEvidence['kind'] }[];
  /** False for sentences too short to judge ("Yes."). */
  judged: boolean;
}

export interface AnswerAnalysis {
  evidence: Map<number, LocatedEvidence[]>;
  sentences: SentenceSupport[];
}

interface DocText {
  words: Word[];
  all: Set<string>;
  windows: Set<string>[];
  /** normalizeForMatch of the text: identical copies are told apart from near ones by it. */
  norm: string;
}

function docText(content: string, normalize: (text: string) => string): DocText {
  const w = words(content);
  const windows: Set<string>[] = [];
  for (let i = 0; i === 0 || i + WINDOW / 2 < w.length; i += WINDOW / 2) windows.push(contentWords(w.slice(i, i + WINDOW)));
  return { words: w, all: contentWords(w), windows, norm: normalize(content) };
}

/** The answer's runs of `n` words, by their text, with the positions they start at. */
interface AnswerGrams {
  n: number;
  starts: Map<string, number[]>;
  /** Every word of the answer. */
  vocabulary: Set<string>;
}

function answerGrams(answer: Word[], n: number): AnswerGrams {
  const starts = new Map<string, number[]>();
  for (let i = 0; i + n <= answer.length; i++) {
    const key = answer.slice(i, i + n).map((w) => w.text).join(' ');
    const list = starts.get(key);
    if (list) list.push(i);
    else starts.set(key, [i]);
  }
  return { n, starts, vocabulary: new Set(answer.map((w) => w.text)) };
}

/**
 * Answer word positions that start a verbatim run of `n` document words, merged into runs. The
 * answer's runs are indexed once per answer (`gramsFor`), not once per document.
 */
function quoteRuns(answer: Word[], doc: Word[], gramsFor: (n: number) => AnswerGrams): [number, number][] {
  const n = Math.min(QUOTE_WORDS, doc.length);
  if (doc.length < 5 || answer.length < n) return [];
  const { starts, vocabulary } = gramsFor(n);
  const matched = new Set<number>();
  // Only a run of n document words that all occur in the answer can be a quote: `known` counts
  // them backwards, so the run's text is made only where it may match.
  let known = 0;
  const candidates: number[] = [];
  for (let k = doc.length - 1; k >= 0; k--) {
    known = vocabulary.has(doc[k].text) ? known + 1 : 0;
    if (known >= n) candidates.push(k);
  }
  for (const k of candidates.reverse()) {
    const hit = starts.get(doc.slice(k, k + n).map((w) => w.text).join(' '));
    if (hit) for (const i of hit) matched.add(i);
  }
  const runs: [number, number][] = [];
  for (const i of [...matched].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    // Windows starting at consecutive positions (or overlapping) are one longer run.
    if (last && i <= last[1] - n + 2) last[1] = Math.max(last[1], i + n - 1);
    else runs.push([i, i + n - 1]);
  }
  return runs;
}

const OPENERS: Record<string, string> = { '[': ']', '(': ')', '【': '】' };

/** The bracket group around [start, end) on the same line, if there is one. */
function bracketAround(answer: string, start: number, end: number): [number, number] | undefined {
  for (let i = start - 1; i >= Math.max(0, start - 80); i--) {
    const ch = answer[i];
    if (ch === '\n' || ch === ']' || ch === ')' || ch === '】') return undefined;
    const closer = OPENERS[ch];
    if (!closer) continue;
    const close = answer.indexOf(closer, end);
    const newline = answer.indexOf('\n', end);
    if (close < 0 || close - end > 80 || (newline >= 0 && newline < close)) return undefined;
    return [i, close + 1];
  }
  return undefined;
}

const distinctive = (label: string): boolean => label.length >= 4 && /[^\p{L}\s]/u.test(label) && !/^\d+$/.test(label);

function citations(answer: string, lowered: string, labels: string[]): LocatedEvidence[] {
  const out: LocatedEvidence[] = [];
  for (const label of labels) {
    const needle = label.toLowerCase();
    for (let i = tokenIndexInLowered(lowered, needle, 0); i >= 0; i = tokenIndexInLowered(lowered, needle, i + 1)) {
      const group = bracketAround(answer, i, i + label.length);
      const [start, end] = group ?? (distinctive(label) ? [i, i + label.length] : [-1, -1]);
      if (start < 0 || out.some((e) => e.start === start)) continue;
      out.push({ kind: 'citation', text: answer.slice(start, end), start, end });
    }
  }
  return out;
}

/** `normalize`: normalizeForMatch, or a caller's memo of it (the same texts recur across answers). */
export function analyzeAnswer(answer: string, docs: readonly AnswerDocument[], normalize: (text: string) => string = normalizeForMatch): AnswerAnalysis {
  const answerWords = words(answer);
  const evidence = new Map<number, LocatedEvidence[]>();
  const add = (key: number, e: LocatedEvidence): void => { evidence.set(key, [...(evidence.get(key) ?? []), e]); };
  const lowered = answer.toLowerCase();
  const texts = new Map<string, DocText>();
  const textOf = (content: string): DocText => {
    let t = texts.get(content);
    if (!t) texts.set(content, (t = docText(content, normalize)));
    return t;
  };
  const grams = new Map<number, AnswerGrams>();
  const gramsFor = (n: number): AnswerGrams => {
    let g = grams.get(n);
    if (!g) grams.set(n, (g = answerGrams(answerWords, n)));
    return g;
  };
  const quotedBy = new Map<number, Set<number>>(); // answer word index → doc keys quoting it
  const cited = new Set<number>(); // answer word indexes inside a citation
  for (const doc of docs) {
    for (const c of citations(answer, lowered, doc.labels)) {
      add(doc.key, c);
      answerWords.forEach((w, i) => { if (w.start >= c.start && w.end <= c.end) cited.add(i); });
    }
    if (!doc.content) continue;
    for (const [from, to] of quoteRuns(answerWords, textOf(doc.content).words, gramsFor)) {
      add(doc.key, { kind: 'quote', text: answer.slice(answerWords[from].start, answerWords[to].end), start: answerWords[from].start, end: answerWords[to].end });
      for (let i = from; i <= to; i++) quotedBy.set(i, (quotedBy.get(i) ?? new Set()).add(doc.key));
    }
  }
  const out: SentenceSupport[] = [];
  for (const s of sentences(answer)) {
    const idx = answerWords.map((w, i) => (w.start >= s.start && w.end <= s.end ? i : -1)).filter((i) => i >= 0 && !cited.has(i));
    const support: SentenceSupport['support'] = [];
    for (const doc of docs) {
      if ((evidence.get(doc.key) ?? []).some((e) => e.kind === 'citation' && e.start >= s.start && e.end <= s.end)) support.push({ key: doc.key, kind: 'citation' });
    }
    const quoted = idx.filter((i) => quotedBy.has(i));
    for (const key of new Set(quoted.flatMap((i) => [...(quotedBy.get(i) ?? [])]))) support.push({ key, kind: 'quote' });
    const sentenceWords = contentWords(idx.map((i) => answerWords[i]));
    if (quoted.length * 2 < idx.length && sentenceWords.size >= PARAPHRASE_MIN_SHARED) {
      for (const key of paraphrasedBy(sentenceWords, docs, textOf)) {
        add(key, { kind: 'paraphrase', text: s.text, start: s.start, end: s.end });
        support.push({ key, kind: 'paraphrase' });
      }
    }
    out.push({ ...s, support, judged: sentenceWords.size >= JUDGED_MIN_WORDS });
  }
  return { evidence, sentences: out };
}

/** The documents (the best one and its identical copies) a sentence paraphrases, if any. */
function paraphrasedBy(sentence: Set<string>, docs: readonly AnswerDocument[], textOf: (c: string) => DocText): number[] {
  let best = { ratio: 0, shared: 0, text: '' };
  const scored: { key: number; text: string }[] = [];
  for (const doc of docs) {
    if (!doc.content) continue;
    const t = textOf(doc.content);
    let overlap = 0;
    for (const w of sentence) if (t.all.has(w)) overlap++;
    if (overlap < PARAPHRASE_MIN_SHARED) continue;
    let shared = 0;
    for (const win of t.windows) {
      let n = 0;
      for (const w of sentence) if (win.has(w)) n++;
      shared = Math.max(shared, n);
    }
    const ratio = shared / sentence.size;
    if (shared < PARAPHRASE_MIN_SHARED || ratio < PARAPHRASE_MIN_RATIO) continue;
    scored.push({ key: doc.key, text: t.norm });
    if (ratio > best.ratio || (ratio === best.ratio && shared > best.shared)) best = { ratio, shared, text: t.norm };
  }
  return scored.filter((s) => s.text === best.text).map((s) => s.key);
}

