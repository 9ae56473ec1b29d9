/**
 * Per-document fields that need nothing but the document: where its id and score come from, the
 * store's distance, text kept in the metadata, and duplicates within one list.
 */
import type { RetrievedDocument } from '../../protocol/trace-json';
import { normalizeForMatch } from './lexical';

type Metadata = Record<string, unknown>;

const ID_KEYS = ['doc_id', 'document_id', 'chunk_id', 'node_id', 'point_id', '_id', 'uuid', 'uid'];
const SOURCE_KEYS = ['source', 'file_path', 'filename', 'file_name', 'path', 'url', 'title'];
const CHUNK_KEYS = ['chunk', 'chunk_index', 'chunk_number', 'chunk_no', 'page', 'page_number', 'start_index'];
const SCORE_KEYS = ['relevance_score', 'score', 'similarity', 'similarity_score', 'rerank_score', '_score'];
const DISTANCE_KEYS = ['distance', '_distance'];
const TEXT_KEYS = ['text', 'page_content', 'pageContent', 'content', 'document', 'chunk_text', 'body'];

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function finiteNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The document's id, or one taken from its metadata, with where it came from. */
export function identify(doc: RetrievedDocument): { id?: string; idSource?: string } {
  const md: Metadata = doc.metadata ?? {};
  if (doc.id !== undefined && doc.id !== '') {
    // The normalizer fills `id` from `metadata.id` when the document has none of its own.
    return { id: doc.id, idSource: scalar(md.id) === doc.id ? 'metadata.id' : 'id' };
  }
  for (const key of ID_KEYS) {
    const v = scalar(md[key]);
    if (v !== undefined) return { id: v, idSource: `metadata.${key}` };
  }
  for (const key of SOURCE_KEYS) {
    const source = scalar(md[key]);
    if (source === undefined) continue;
    for (const chunkKey of CHUNK_KEYS) {
      const chunk = scalar(md[chunkKey]);
      if (chunk !== undefined) return { id: `${source}#${chunk}`, idSource: `metadata.${key}+${chunkKey}` };
    }
    return { id: source, idSource: `metadata.${key}` };
  }
  return {};
}

/** The score, or one taken from the metadata, with where it came from; and the store's distance. */
export function scoreOf(doc: RetrievedDocument): { score?: number; scoreSource?: string; distance?: number } {
  const md: Metadata = doc.metadata ?? {};
  const out: { score?: number; scoreSource?: string; distance?: number } = {};
  if (doc.score !== undefined) Object.assign(out, { score: doc.score, scoreSource: 'score' });
  else {
    for (const key of SCORE_KEYS) {
      const v = finiteNumber(md[key]);
      if (v !== undefined) {
        Object.assign(out, { score: v, scoreSource: `metadata.${key}` });
        break;
      }
    }
  }
  for (const key of DISTANCE_KEYS) {
    const v = finiteNumber(md[key]);
    if (v !== undefined) {
      out.distance = v;
      break;
    }
  }
  return out;
}

/** Text kept in the metadata (Qdrant payloads, LlamaIndex nodes) when the document has none. */
export function textFromMetadata(doc: RetrievedDocument): { content: string; contentSource: string } | undefined {
  if (doc.content !== undefined && doc.content !== '') return undefined;
  const md: Metadata = doc.metadata ?? {};
  for (const key of TEXT_KEYS) {
    const v = md[key];
    if (typeof v === 'string' && v.trim()) return { content: v, contentSource: `metadata.${key}` };
  }
  return undefined;
}

/** Labels a citation may use for the document: its id, its source and the source's file name. */
export function citationLabels(doc: RetrievedDocument): string[] {
  const md: Metadata = doc.metadata ?? {};
  const labels = new Set<string>();
  if (doc.id) labels.add(doc.id);
  for (const key of [...ID_KEYS, ...SOURCE_KEYS]) {
    const v = scalar(md[key]);
    if (v === undefined) continue;
    labels.add(v);
    const base = v.split(/[\\/]/).pop();
    if (base && base !== v && base.length >= 4) labels.add(base);
  }
  return [...labels].filter((l) => l.trim().length > 0);
}

/** Rank of an earlier document with the same id or the same text, per position. */
export function duplicates(docs: readonly RetrievedDocument[], normalize: (text: string) => string = normalizeForMatch): (number | undefined)[] {
  const byId = new Map<string, number>();
  const byText = new Map<string, number>();
  return docs.map((doc, i) => {
    const rank = doc.rank ?? i + 1;
    const text = doc.content ? normalize(doc.content) : undefined;
    const earlier = [doc.id !== undefined ? byId.get(doc.id) : undefined, text ? byText.get(text) : undefined]
      .filter((r): r is number => r !== undefined);
    if (doc.id !== undefined && !byId.has(doc.id)) byId.set(doc.id, rank);
    if (text && !byText.has(text)) byText.set(text, rank);
    return earlier.length > 0 ? Math.min(...earlier) : undefined;
  });
}
