/**
 * What a reranker did: for each output document the rank it had going in, and the input documents
 * it did not keep. Outputs are matched to inputs by id when both have one, else by text; each input
 * is matched once, in input order, so duplicates pair up one to one.
 */
import type { RetrievalInfo, RetrievedDocument } from '../../protocol/trace-json';
import { normalizeForMatch } from './lexical';

function sameDocument(a: RetrievedDocument, b: RetrievedDocument, normalize: (text: string) => string): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  return !!a.content && !!b.content && normalize(a.content) === normalize(b.content);
}

export function matchRerankInputs(rerank: RetrievalInfo, inputs: readonly RetrievedDocument[], normalize: (text: string) => string = normalizeForMatch): void {
  const taken = new Set<number>();
  for (const out of rerank.documents) {
    const i = inputs.findIndex((input, k) => !taken.has(k) && sameDocument(out, input, normalize));
    if (i < 0) continue;
    taken.add(i);
    out.rankBefore ??= inputs[i].rank ?? i + 1;
  }
  rerank.dropped = inputs.flatMap((input, k) => (taken.has(k) ? [] : [{ ...(input.id !== undefined ? { id: input.id } : {}), rankBefore: input.rank ?? k + 1 }]));
}
