/**
 * Cuts a template's text into what must appear in a rendered message (literal pieces, one per line
 * of the template, whitespace collapsed) and what rendering replaces (holes: placeholders of every
 * common syntax). Comments of the template syntaxes render to nothing and are neither.
 */
import { HOLE, type SourceText } from './source-text';

export interface Piece {
  /** Whitespace-collapsed literal text, as it must appear in the message. */
  text: string;
  /** Offsets in the template's SourceText of the first and last non-space character. */
  start: number;
  end: number;
  /** A placeholder lies between the previous piece and this one (or before the first). */
  holeBefore: boolean;
}

export interface Hole {
  /** SourceText offsets of the placeholder (first and last character). */
  start: number;
  end: number;
  /** Index of the last piece before it (-1 when it comes first). */
  afterPiece: number;
}

export interface TemplatePieces {
  pieces: Piece[];
  holes: Hole[];
  /** A placeholder follows the last piece. */
  holeAfter: boolean;
  holeCount: number;
  literalChars: number;
  /** Where the template's text starts when it opens with a placeholder (SourceText offset). */
  leadHoleStart?: number;
  /** Where the template's text ends when it closes with a placeholder. */
  trailHoleEnd?: number;
}

// Order matters: comments first, then the longest delimiters.
const SYNTAX = new RegExp([
  '(?<comment>\\{#[\\s\\S]*?#\\}|\\{\\{!--[\\s\\S]*?--\\}\\}|\\{\\{![\\s\\S]*?\\}\\}|<!--[\\s\\S]*?-->)',
  '(?<hole>\\{\\{\\{[\\s\\S]*?\\}\\}\\}|\\{\\{[\\s\\S]*?\\}\\}|\\{%[\\s\\S]*?%\\}|\\$\\{[^}\\n]*\\}',
  '\\{[A-Za-z_][\\w.\\[\\]\'"]*(?:![rsa])?(?::[^{}\\n]*)?\\}|\\{\\d*\\}|%\\(\\w+\\)[sdifr]|%[sdifr]|\\u0000)',
].join('|'), 'g');

/** Pieces shorter than this say little on their own; they act as wildcards. */
const MIN_PIECE = 2;

export function templatePieces(source: SourceText): TemplatePieces {
  const pieces: Piece[] = [];
  const text = source.text;
  let holeBefore = false;
  let holeCount = 0;
  let literalChars = 0;

  const addLiteral = (from: number, to: number) => {
    // One piece per line: a changed line then costs only itself.
    let lineStart = from;
    while (lineStart < to) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1 || lineEnd > to) lineEnd = to;
      let s = lineStart;
      let e = lineEnd;
      while (s < e && /\s/.test(text[s])) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      if (e > s) {
        const collapsed = text.slice(s, e).replace(/\s+/g, ' ');
        if (collapsed.length >= MIN_PIECE) {
          pieces.push({ text: collapsed, start: s, end: e - 1, holeBefore });
          literalChars += collapsed.length;
          holeBefore = false;
        } else {
          holeBefore = true;
        }
      }
      lineStart = lineEnd + 1;
    }
  };

  const holes: Hole[] = [];
  let last = 0;
  let leadHoleStart: number | undefined;
  let lastHoleEnd = -1;
  for (const m of text.matchAll(SYNTAX)) {
    addLiteral(last, m.index);
    if (m.groups?.hole !== undefined) {
      holeBefore = true;
      holeCount++;
      holes.push({ start: m.index, end: m.index + m[0].length - 1, afterPiece: pieces.length - 1 });
      if (pieces.length === 0) leadHoleStart ??= m.index;
      lastHoleEnd = m.index + m[0].length - 1;
    }
    last = m.index + m[0].length;
  }
  addLiteral(last, text.length);
  const trailHoleEnd = holeBefore && lastHoleEnd > (pieces.at(-1)?.end ?? -1) ? lastHoleEnd : undefined;
  return { pieces, holes, holeAfter: holeBefore, holeCount, literalChars, leadHoleStart, trailHoleEnd };
}

export const isHoleChar = (c: string): boolean => c === HOLE;
