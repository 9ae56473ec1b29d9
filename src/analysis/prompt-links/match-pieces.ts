/**
 * How well a rendered message matches a template: the template's literal pieces are looked for in
 * order, the holes between them may take any text. Text of the message that lies between two
 * matched pieces with no hole between them is unexplained (the template changed, or it is another
 * template); pieces not found lower the coverage.
 */
import type { TemplatePieces } from './template-pieces';

export interface PiecesMatch {
  /** matched / (template literal chars + unexplained message chars): 1 for a faithful rendering. */
  similarity: number;
  /** Share of the template's literal text found. */
  coverage: number;
  matchedChars: number;
  /** Template SourceText offsets of the matched text (holes at the edges included). */
  templateStart: number;
  templateEnd: number;
  /** Where the match lies in the normalized message. */
  messageStart: number;
  messageEnd: number;
}

export const normalizeMessage = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function matchPieces(template: TemplatePieces, message: string): PiecesMatch | undefined {
  const { pieces } = template;
  let pos = 0;
  let matched = 0;
  let unexplained = 0;
  let first = -1;
  let last = -1;
  let messageStart = 0;
  let holeSinceLast = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.holeBefore) holeSinceLast = true;
    const at = message.indexOf(piece.text, pos);
    if (at === -1) continue;
    if (first === -1) {
      first = i;
      messageStart = at;
    } else if (!holeSinceLast) {
      // Separators between pieces (a space for a line break) are not unexplained text.
      unexplained += Math.max(0, at - pos - 1);
    }
    matched += piece.text.length;
    pos = at + piece.text.length;
    last = i;
    holeSinceLast = false;
  }
  if (first === -1) return undefined;
  const templateStart = first === 0 && template.leadHoleStart !== undefined ? template.leadHoleStart : pieces[first].start;
  const templateEnd = last === pieces.length - 1 && template.trailHoleEnd !== undefined ? template.trailHoleEnd : pieces[last].end;
  return {
    similarity: matched / (template.literalChars + unexplained),
    coverage: matched / template.literalChars,
    matchedChars: matched,
    templateStart,
    templateEnd,
    messageStart,
    messageEnd: pos,
  };
}
