/**
 * LangChain values as OpenInference's LangChain instrumentor serializes them into `output.value`:
 * a tool's ToolMessage, a retriever's documents with their ids.
 */
import type { RetrievedDocument } from '../../protocol/trace-json';
import { isRecord, toText } from './attributes';

/**
 * A LangChain tool's `output.value` is the serialized ToolMessage (`{"type": "tool", "data":
 * {"content", "tool_call_id", ...}}`, or the flat form): its content is the tool's result.
 */
export function toolMessage(value: unknown): { content: string; callId?: string } | undefined {
  if (!isRecord(value)) return undefined;
  const data = isRecord(value.data) && value.type === 'tool' ? value.data : value;
  if (data.type !== 'tool' || data.content === undefined) return undefined;
  return { content: toText(data.content) ?? '', callId: toText(data.tool_call_id) };
}

/**
 * LangChain retrievers send `retrieval.documents.N.document.*` without ids, while `output.value`
 * holds the same documents with theirs (`{"documents": [{"id", "page_content", ...}]}`): ids are
 * taken from there, position by position, where the content agrees.
 */
export function withIdsFromOutput(documents: RetrievedDocument[], output: unknown): RetrievedDocument[] {
  const list = isRecord(output) && Array.isArray(output.documents) ? output.documents : undefined;
  if (!list || list.length !== documents.length) return documents;
  return documents.map((d, i) => {
    const o = list[i];
    if (d.id !== undefined || !isRecord(o) || o.id === undefined || o.id === null) return d;
    const content = toText(o.page_content ?? o.content);
    return content === undefined || content === d.content ? { ...d, id: toText(o.id) } : d;
  });
}
