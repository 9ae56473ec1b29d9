/**
 * Which rows are "the same document" across the retriever, the reranker and the answer: the id when
 * there is one, else the start of the text. Selecting a document selects it in every step.
 */
import type { RetrievedDocument } from '../../src/protocol/trace-json';

export function identityOf(doc: RetrievedDocument): string {
  if (doc.id !== undefined) return `id:${doc.id}`;
  return `text:${(doc.content ?? '').replace(/\s+/g, ' ').trim().slice(0, 120)}`;
}

/** The first lines of a document, for its row. */
export function firstLines(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The document's source, from common metadata keys, for its row. */
export function sourceOf(doc: RetrievedDocument): string | undefined {
  const md = doc.metadata ?? {};
  for (const key of ['source', 'file_path', 'filename', 'file_name', 'url', 'title']) {
    const v = md[key];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return undefined;
}
