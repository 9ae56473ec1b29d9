/**
 * Retrieved documents and tool definitions in the shapes the families send them, normalized once.
 */
import type { RetrievedDocument, ToolDefinition } from '../../protocol/trace-json';
import { isRecord, structured, toNumber, toText } from './attributes';

const DOC_CONTENT_KEYS = ['content', 'text', 'page_content', 'pageContent', 'document', 'chunk'];
const DOC_KNOWN_KEYS = new Set(['id', 'score', 'metadata', 'distance', 'vector', 'embedding', ...DOC_CONTENT_KEYS]);

/**
 * One document: OpenInference `{document:{id, content, score, metadata}}` (the flattened form,
 * already unflattened), GenAI `{id, score, ...additional}` (content optional; unknown fields become
 * metadata), OpenLLMetry `db.query.result` `{id, score|distance, document, metadata}`, LangChain
 * `{page_content, metadata}`, or a bare string.
 */
export function toDocument(value: unknown): RetrievedDocument | undefined {
  if (typeof value === 'string') return { content: value };
  if (!isRecord(value)) return undefined;
  const d = isRecord(value.document) ? value.document : value;
  const doc: RetrievedDocument = {};
  const id = d.id ?? (isRecord(d.metadata) ? d.metadata.id : undefined);
  if (id !== undefined && id !== null) doc.id = toText(id);
  for (const key of DOC_CONTENT_KEYS) {
    if (key === 'document' && d === value.document) continue;
    const c = d[key];
    if (c !== undefined && c !== null && !isRecord(c)) {
      doc.content = toText(c);
      break;
    }
  }
  const score = toNumber(d.score) ?? toNumber(d.relevance_score);
  if (score !== undefined) doc.score = score;
  else if (toNumber(d.distance) !== undefined) doc.metadata = { distance: toNumber(d.distance) };
  const metadata = structured(d.metadata);
  if (isRecord(metadata)) doc.metadata = { ...(doc.metadata ?? {}), ...metadata };
  else if (metadata !== undefined && metadata !== null && metadata !== '') doc.metadata = { ...(doc.metadata ?? {}), metadata };
  // GenAI documents: fields beyond id/score/content are "additional" properties, kept as metadata.
  for (const [k, v] of Object.entries(d)) {
    if (!DOC_KNOWN_KEYS.has(k) && k !== 'relevance_score' && v !== undefined) doc.metadata = { ...(doc.metadata ?? {}), [k]: v };
  }
  // An empty record (e.g. a `db.query.result` event without attributes) is not a document.
  return Object.keys(doc).length > 0 ? doc : undefined;
}

/** A list of documents with 1-based ranks in the order they were sent. */
export function toDocuments(list: unknown): RetrievedDocument[] | undefined {
  // One document sent as an object where a list was expected (seen in malformed payloads).
  if (isRecord(list)) list = [list];
  if (!Array.isArray(list)) return undefined;
  const docs: RetrievedDocument[] = [];
  for (const item of list) {
    const doc = toDocument(structured(item));
    if (doc) docs.push({ ...doc, rank: docs.length + 1 });
  }
  return docs.length > 0 ? docs : undefined;
}

/**
 * Tool definitions: OTel GenAI `{type, name, description, parameters}`, OpenAI
 * `{type:'function', function:{...}}`, OpenInference `{tool:{json_schema}}` (json_schema itself an
 * OpenAI tool), Anthropic `{name, input_schema}`, AI SDK `{type, name, inputSchema|parameters}`.
 */
export function toToolDefinitions(list: unknown): ToolDefinition[] | undefined {
  if (isRecord(list) && !Array.isArray(list)) {
    // AI SDK v3/v4 sometimes sends a record of tools keyed by name.
    list = Object.entries(list).map(([name, def]) => (isRecord(def) ? { name, ...def } : { name }));
  }
  if (!Array.isArray(list)) return undefined;
  const defs: ToolDefinition[] = [];
  for (const raw of list) {
    let item = structured(raw);
    if (isRecord(item) && isRecord(item.tool)) item = structured(item.tool.json_schema) ?? item.tool;
    if (!isRecord(item)) continue;
    const fn = isRecord(item.function) ? item.function : item;
    const name = toText(fn.name);
    if (!name) continue;
    const def: ToolDefinition = { name };
    const description = toText(fn.description);
    if (description) def.description = description;
    const params = fn.parameters ?? fn.input_schema ?? fn.inputSchema ?? fn.json_schema;
    const paramText = toText(params);
    if (paramText !== undefined) def.parameters = paramText;
    defs.push(def);
  }
  return defs.length > 0 ? defs : undefined;
}
