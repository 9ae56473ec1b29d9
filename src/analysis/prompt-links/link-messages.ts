/**
 * For each input message of a span, the workspace template that produced it, or nothing. Rules, in
 * order: a faithful rendering beats a near one; a template in the file that made the call, or in a
 * file it reads or imports, beats an exact copy elsewhere; backups, old copies and drafts lose to
 * anything else; when two files still fit as well, the link is kept with a low confidence and the
 * candidates listed. Runtime input matches no template and gets no link.
 */
import type { Message } from '../../protocol/trace-json';
import { isStaleCopy } from './decoys';
import { matchPieces, normalizeMessage, type PiecesMatch } from './match-pieces';
import { templatePieces } from './template-pieces';
import { type IndexedUnit, type PromptIndex, unitLines } from './prompt-index';
import type { PromptSource, SourceRange, SourceVia } from '../../protocol/trace-json';
import { nameMatches, type PromptHints } from './span-hints';
import { verbatim } from './source-text';

export interface LinkContext {
  index: PromptIndex;
  hints: PromptHints;
  /** Workspace files the calling code is in, reads or imports. */
  callSiteFiles: ReadonlySet<string>;
}

/** A match this weak, or this short, is not evidence that a file produced the message. */
const MIN_SIMILARITY = 0.5;
const MIN_MATCHED = 24;
const TIE = 0.05;

interface Scored {
  unit: IndexedUnit;
  match: PiecesMatch;
  score: number;
  via: SourceVia;
}

export const messageText = (m: Message): string =>
  m.parts.map((p) => (p.type === 'text' ? p.text : '')).filter((t) => t).join('\n');

function rangeOf(s: Scored): SourceRange {
  return { path: s.unit.file.path, ...unitLines(s.unit, s.match.templateStart, s.match.templateEnd) };
}

function templateUnits(ctx: LinkContext): Set<IndexedUnit> {
  const found = new Set<IndexedUnit>();
  if (!ctx.hints.template) return found;
  const pieces = templatePieces(verbatim(ctx.hints.template, 0, ctx.hints.template.length));
  const normalized = pieces.pieces.map((p) => p.text).join(' ');
  for (const u of ctx.index.candidates(normalized)) {
    if (u.pieces.pieces.map((p) => p.text).join(' ') === normalized) found.add(u);
  }
  return found;
}

function score(unit: IndexedUnit, match: PiecesMatch, ctx: LinkContext, fromTemplate: Set<IndexedUnit>): Scored {
  const path = unit.file.path;
  let value = match.similarity;
  let via: SourceVia = 'content';
  if (ctx.callSiteFiles.has(path)) {
    value += 0.15;
    via = 'code';
  }
  if (ctx.hints.names.some((n) => nameMatches(n, path, unit.unit.name))) {
    value += 0.1;
    via = 'registry';
  }
  if (fromTemplate.has(unit)) {
    value += 0.2;
    via = 'template';
  }
  if (isStaleCopy(path)) value -= 0.3;
  return { unit, match, score: value, via };
}

const overlaps = (a: PiecesMatch, b: PiecesMatch) => a.messageStart < b.messageEnd && b.messageStart < a.messageEnd;
const sameRange = (a: SourceRange, b: SourceRange) => a.path === b.path && a.startLine === b.startLine && a.endLine === b.endLine;

/** A link with what produced it: the template unit and how faithfully the message matched it. */
export interface DetailedLink {
  source: PromptSource;
  unit: IndexedUnit;
  similarity: number;
}

function choose(scored: Scored[]): DetailedLink | undefined {
  if (scored.length === 0) return undefined;
  scored.sort((a, b) => b.score - a.score || a.match.messageStart - b.match.messageStart);
  const best = scored[0];
  const bestRange = rangeOf(best);
  const rivals = scored.slice(1).filter((s) => overlaps(s.match, best.match) && s.score >= best.score - TIE);
  const candidates = rivals.map(rangeOf).filter((r, i, all) => !sameRange(r, bestRange) && all.findIndex((o) => sameRange(o, r)) === i);
  const contributors = scored.filter((s) => s !== best && !overlaps(s.match, best.match) && s.match.similarity >= 0.9)
    .sort((a, b) => a.match.messageStart - b.match.messageStart).map(rangeOf)
    .filter((r, i, all) => all.findIndex((o) => sameRange(o, r)) === i);
  let confidence = Math.min(1, best.match.similarity + (best.via === 'content' ? 0 : 0.05));
  if (isStaleCopy(best.unit.file.path)) confidence *= 0.7;
  if (candidates.length > 0) confidence = Math.min(confidence, 0.5);
  const source: PromptSource = { ...bestRange, via: best.via, confidence: Math.round(confidence * 100) / 100 };
  if (candidates.length > 0) source.candidates = [bestRange, ...candidates];
  if (contributors.length > 0) source.contributors = contributors;
  return { source, unit: best.unit, similarity: best.match.similarity };
}

function linkOne(text: string, units: Iterable<IndexedUnit>, ctx: LinkContext, fromTemplate: Set<IndexedUnit>, minMatched: number, minCoverage: number): DetailedLink | undefined {
  const scored: Scored[] = [];
  for (const unit of units) {
    const match = matchPieces(unit.pieces, text);
    if (!match || match.similarity < MIN_SIMILARITY || match.coverage < minCoverage) continue;
    if (match.matchedChars < minMatched && !fromTemplate.has(unit)) continue;
    scored.push(score(unit, match, ctx, fromTemplate));
  }
  return choose(scored);
}

export function linkMessages(messages: readonly Message[], ctx: LinkContext): (PromptSource | undefined)[] {
  return linkMessagesDetailed(messages, ctx).map((l) => l?.source);
}

/** The normalized text the matcher compares (whitespace collapsed), per message. */
export const normalizedMessageText = (m: Message): string => normalizeMessage(messageText(m));

export function linkMessagesDetailed(messages: readonly Message[], ctx: LinkContext): (DetailedLink | undefined)[] {
  const fromTemplate = templateUnits(ctx);
  const texts = messages.map((m) => normalizeMessage(messageText(m)));
  const links = texts.map((text) => {
    if (text.length < 8) return undefined;
    const units = new Set([...ctx.index.candidates(text), ...fromTemplate]);
    return linkOne(text, units, ctx, fromTemplate, MIN_MATCHED, 0);
  });
  // A short section (`Ticket: {{ticket}}`) is trusted when a sibling section of the same file
  // produced another message of this call, and every literal of it is there.
  const linkedFiles = new Set(links.filter((l) => l && l.source.confidence >= 0.8).map((l) => l!.source.path));
  return links.map((link, i) => {
    if (link || texts[i].length === 0 || linkedFiles.size === 0) return link;
    const siblings = [...linkedFiles].flatMap((p) => ctx.index.file(p)?.units ?? []);
    return linkOne(texts[i], siblings, ctx, fromTemplate, 5, 0.99);
  });
}
