/**
 * What a run put into a template's placeholders, read back from the message it sent: the text of
 * the message between the pieces around each placeholder. Several placeholders between the same
 * two pieces (a loop, a conditional) share one value, given to the first of them. Also the
 * template re-rendered with those values, to compare with what the run sent.
 */
import type { TemplatePieces } from './template-pieces';

export interface HoleValue {
  /** SourceText offsets of the placeholder. */
  start: number;
  end: number;
  value: string;
}

export function holeValues(template: TemplatePieces, message: string): HoleValue[] {
  const at: ({ start: number; end: number } | undefined)[] = [];
  let pos = 0;
  template.pieces.forEach((piece, i) => {
    const found = message.indexOf(piece.text, pos);
    if (found === -1) return;
    at[i] = { start: found, end: found + piece.text.length };
    pos = found + piece.text.length;
  });
  const values: HoleValue[] = [];
  let lastGroup = -2;
  for (const hole of template.holes) {
    if (hole.afterPiece === lastGroup) continue;
    lastGroup = hole.afterPiece;
    const before = hole.afterPiece === -1 ? { start: 0, end: 0 } : at[hole.afterPiece];
    const nextIndex = hole.afterPiece + 1;
    const after = nextIndex < template.pieces.length ? at[nextIndex] : { start: message.length, end: message.length };
    if (!before || !after || after.start < before.end) continue;
    values.push({ start: hole.start, end: hole.end, value: message.slice(before.end, after.start).trim() });
  }
  return values;
}

/** The template's text with each placeholder replaced by its value (others by nothing). */
export function renderWithValues(text: string, template: TemplatePieces, values: readonly HoleValue[]): string {
  const byStart = new Map(values.map((v) => [v.start, v.value]));
  let out = '';
  let last = 0;
  for (const hole of template.holes) {
    out += text.slice(last, hole.start) + (byStart.get(hole.start) ?? '');
    last = hole.end + 1;
  }
  return (out + text.slice(last)).replace(/\u0000/g, '');
}
