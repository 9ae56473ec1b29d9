/**
 * The templates of a workspace, indexed for lookup by the word trigrams of their literal text.
 * Updated file by file (a watcher reports changes); finding the candidates for a message costs a
 * few hundred map lookups whatever the workspace size.
 */
import { extractUnits } from './extract-units';
import { fileOffsetOf, lineAt, lineStarts } from './source-text';
import { templatePieces, type TemplatePieces } from './template-pieces';
import type { TemplateUnit } from './template-unit';

export interface IndexedUnit {
  unit: TemplateUnit;
  pieces: TemplatePieces;
  file: IndexedFile;
}

export interface IndexedFile {
  path: string;
  text: string;
  units: IndexedUnit[];
  lineStarts: number[];
}

/** Trigrams shared by more templates than this say nothing about which one a message came from. */
const COMMON_GRAM = 400;
const MAX_CANDIDATES = 24;

/** FNV-1a of a lower-cased word. */
function wordHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Word trigrams as 32-bit numbers: a collision only adds a candidate, which matching then rejects. */
function trigrams(text: string, into: Set<number>): void {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  let a = 0;
  let b = 0;
  let n = 0;
  for (const w of words) {
    if (w.length === 0) continue;
    const c = wordHash(w);
    if (++n >= 3) into.add((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ c) & 0x3fffffff); // small integers: cheap map keys
    a = b;
    b = c;
  }
}

export class PromptIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly grams = new Map<number, IndexedUnit[]>();

  get fileCount(): number {
    return this.files.size;
  }

  get unitCount(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.units.length;
    return n;
  }

  /** Adds or replaces one file (path relative to the workspace, `/` separators). */
  update(path: string, text: string): void {
    this.remove(path);
    const file: IndexedFile = { path, text, units: [], lineStarts: lineStarts(text) };
    for (const unit of extractUnits(path, text)) {
      const pieces = templatePieces(unit.source);
      if (pieces.literalChars === 0) continue;
      const indexed: IndexedUnit = { unit, pieces, file };
      file.units.push(indexed);
      const grams = new Set<number>();
      for (const p of pieces.pieces) trigrams(p.text, grams);
      for (const g of grams) {
        const list = this.grams.get(g);
        if (list) list.push(indexed);
        else this.grams.set(g, [indexed]);
      }
    }
    this.files.set(path, file);
  }

  remove(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.files.delete(path);
    for (const indexed of old.units) {
      const grams = new Set<number>();
      for (const p of indexed.pieces.pieces) trigrams(p.text, grams);
      for (const g of grams) {
        const list = this.grams.get(g)?.filter((u) => u !== indexed);
        if (list?.length) this.grams.set(g, list);
        else this.grams.delete(g);
      }
    }
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  file(path: string): IndexedFile | undefined {
    return this.files.get(path);
  }

  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  /** The templates sharing the most word trigrams with a normalized message. */
  candidates(message: string): IndexedUnit[] {
    const grams = new Set<number>();
    trigrams(message, grams);
    const hits = new Map<IndexedUnit, number>();
    for (const g of grams) {
      const list = this.grams.get(g);
      if (!list || list.length > COMMON_GRAM) continue;
      for (const u of list) hits.set(u, (hits.get(u) ?? 0) + 1);
    }
    return [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES).map(([u]) => u);
  }
}

/** 1-based inclusive lines of a unit's text between two of its SourceText offsets. */
export function unitLines(indexed: IndexedUnit, start: number, end: number): { startLine: number; endLine: number } {
  const source = indexed.unit.source;
  const starts = indexed.file.lineStarts;
  return { startLine: lineAt(starts, fileOffsetOf(source, start)), endLine: lineAt(starts, fileOffsetOf(source, end)) };
}
