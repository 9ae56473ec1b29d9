/**
 * Text taken out of a file (a whole file body, a YAML block scalar, a decoded string literal) with,
 * for every character, the offset in the file it came from: so a match in the decoded text can be
 * reported as the file's own lines. A HOLE character stands for an interpolation that the file
 * writes as code (`${x}` in a template literal, `{x}` in an f-string).
 */

export const HOLE = '\u0000';

export interface SourceText {
  text: string;
  /** offsets[i] is the file offset of text[i]; absent for a verbatim slice starting at `base`. */
  offsets?: Int32Array;
  base?: number;
}

/** The file offset of character i of a SourceText. */
export function fileOffsetOf(source: SourceText, i: number): number {
  const at = Math.max(0, Math.min(i, source.text.length - 1));
  return source.offsets ? source.offsets[at] : (source.base ?? 0) + at;
}

export class SourceTextBuilder {
  private text = '';
  private offsets = new Int32Array(256);
  private size = 0;

  private reserve(more: number): void {
    if (this.size + more <= this.offsets.length) return;
    const grown = new Int32Array(Math.max(this.offsets.length * 2, this.size + more));
    grown.set(this.offsets.subarray(0, this.size));
    this.offsets = grown;
  }

  /** Characters that stand for one place in the file (an escape, a hole) or a run starting there. */
  push(chars: string, fileOffset: number): void {
    this.reserve(chars.length);
    for (let i = 0; i < chars.length; i++) this.offsets[this.size++] = fileOffset + (chars.length === 1 ? 0 : i);
    this.text += chars;
  }

  /** file[start, end) verbatim. */
  pushRun(file: string, start: number, end: number): void {
    if (end > start) this.push(file.slice(start, end), start);
  }

  appendSource(source: SourceText): void {
    this.reserve(source.text.length);
    for (let i = 0; i < source.text.length; i++) this.offsets[this.size++] = fileOffsetOf(source, i);
    this.text += source.text;
  }

  get length(): number {
    return this.size;
  }

  get lastChar(): string | undefined {
    return this.size > 0 ? this.text[this.size - 1] : undefined;
  }

  build(): SourceText {
    return { text: this.text, offsets: this.offsets.slice(0, this.size) };
  }
}

/** A slice of a file taken verbatim. */
export function verbatim(file: string, start: number, end: number): SourceText {
  return { text: file.slice(start, end), base: start };
}

/** Start offsets of every line, for offset → 1-based line number. */
export function lineStarts(file: string): number[] {
  const starts = [0];
  for (let i = file.indexOf('\n'); i !== -1; i = file.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
