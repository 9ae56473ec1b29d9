/**
 * How the documents a retrieval (or reranker) returned changed between two runs: ids only in one
 * run, ids whose 1-based rank moved, whose score changed, whose text changed. A document without
 * an id is known by its rank ("#2"): all that can be said of it is that it is in that place.
 */
import type { DocumentChanges } from '../../protocol/compare-json';
import type { RetrievedDocument } from '../../protocol/trace-json';

interface Ranked {
  id: string;
  rank: number;
  score: number | null;
  content: string | null;
}

export function documentChanges(a: readonly RetrievedDocument[], b: readonly RetrievedDocument[]): DocumentChanges {
  const listA = ranked(a);
  const byIdB = new Map(ranked(b).map((d) => [d.id, d]));
  const idsA = new Set(listA.map((d) => d.id));
  const changes: DocumentChanges = { onlyInA: [], onlyInB: [], moved: [], scoreChanged: [], contentChanged: [] };
  for (const docA of listA) {
    const docB = byIdB.get(docA.id);
    if (!docB) {
      changes.onlyInA.push(docA.id);
      continue;
    }
    if (docA.rank !== docB.rank) changes.moved.push({ id: docA.id, rankA: docA.rank, rankB: docB.rank });
    if (docA.score !== docB.score) changes.scoreChanged.push({ id: docA.id, scoreA: docA.score, scoreB: docB.score });
    if (docA.content !== docB.content) changes.contentChanged.push(docA.id);
  }
  for (const id of byIdB.keys()) if (!idsA.has(id)) changes.onlyInB.push(id);
  return changes;
}

export function hasDocumentChanges(c: DocumentChanges): boolean {
  return c.onlyInA.length + c.onlyInB.length + c.moved.length + c.scoreChanged.length + c.contentChanged.length > 0;
}

/** First copy of an id wins (a list that repeats a document keeps its best rank). */
function ranked(documents: readonly RetrievedDocument[]): Ranked[] {
  const seen = new Set<string>();
  const out: Ranked[] = [];
  documents.forEach((d, i) => {
    const rank = d.rank ?? i + 1;
    const id = d.id ?? `#${rank}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ id, rank, score: d.score ?? null, content: d.content ?? null });
  });
  return out;
}
