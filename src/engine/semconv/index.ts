/**
 * Normalization entry point: one span (plus the log records joined to it) → Tracelight's model.
 *
 * One small pure module per convention family reads what it knows; the answers are merged by
 * precedence (merge.ts). Precedence, highest first, for every field except the kind:
 *
 * | #  | Family            | Module               | Notable keys                                               |
 * |----|-------------------|----------------------|------------------------------------------------------------|
 * | 1  | errors            | errors.ts            | status, `exception` events, `error.type`                   |
 * | 2  | code, session     | code.ts, session.ts  | `code.*`; session/user coalescing (order in session.ts)    |
 * | 3  | OTel GenAI        | genai.ts             | `gen_ai.input.messages`, `gen_ai.usage.*`, `gen_ai.tool.*` |
 * | 4  | OpenInference     | openinference.ts     | `llm.input_messages.N.*`, `llm.token_count.*`, `retrieval.*` |
 * | 5  | OpenLLMetry       | openllmetry.ts       | `gen_ai.prompt.N.*`, `traceloop.*`, `db.query.result` events |
 * | 6  | Vercel AI SDK     | vercel-ai.ts         | `ai.prompt.messages`, `ai.response.text`, `ai.usage.*`      |
 * | 7  | LangSmith         | langsmith.ts         | `gen_ai.prompt` / `gen_ai.completion` JSON blobs            |
 * | 8  | GenAI events      | genai-events.ts      | log records and span events `gen_ai.*.message`, `gen_ai.choice` |
 * | 9  | Langfuse          | langfuse.ts          | `langfuse.observation.*`                                    |
 * | 10 | Genkit            | genkit.ts            | `genkit:input` / `genkit:output` JSON                       |
 * | 11 | Logfire           | logfire.ts           | `request_data` / `response_data`, pending spans             |
 * | 12 | MLflow, ADK, ...  | mlflow-and-others.ts | `mlflow.*`, `gcp.vertex.agent.*`, `pydantic_ai.*`, `mcp.*`  |
 * | —  | generic carriers  | (rawInput/rawOutput) | `input.value`, `traceloop.entity.*`, `langfuse.observation.input`, ... used only when no family found messages |
 *
 * This follows the canonical mapping of CONVENTIONS.md: response model before request model,
 * structured message attributes before events before generic input/output values.
 *
 * Kind has its own order (KIND_ORDER): `openinference.span.kind` → `langsmith.span.kind` →
 * `gen_ai.operation.name` → `traceloop.span.kind` / `llm.request.type` → `langfuse.observation.type`
 * → `ai.operationId` → `genkit:metadata:subtype` → `mlflow.spanType` / `mcp.method.name`, then
 * from what was found: a model or usage → llm, a tool → tool, documents → retrieval, else other.
 *
 * Never throws: each family runs in its own try/catch, so one family choking on malformed input
 * loses only its own contribution, not the span.
 */
import type { DecodedLogRecord, DecodedSpan } from '../model';
import type { Message, NormalizedFields, RetrievalInfo, SpanKind } from '../../protocol/trace-json';
import { SpanAttributes, isRecord, structured, toText } from './attributes';
import { toDocuments } from './documents';
import { codeFamily } from './code';
import { errorsFamily } from './errors';
import type { Family, FamilyFields, SpanContext } from './family';
import { genAiFamily } from './genai';
import { genAiEventsFamily } from './genai-events';
import { genkitFamily } from './genkit';
import { langfuseFamily } from './langfuse';
import { langSmithFamily } from './langsmith';
import { logfireFamily } from './logfire';
import { contributes, mergeInto, type Merged } from './merge';
import { messagesFromValue } from './message-shapes';
import { mlflowAndOthersFamily } from './mlflow-and-others';
import { openInferenceFamily } from './openinference';
import { openLlmetryFamily } from './openllmetry';
import { sessionFamily } from './session';
import { findUsage } from './usage-shapes';
import { vercelAiFamily } from './vercel-ai';

export const FAMILIES: readonly Family[] = [
  errorsFamily, codeFamily, sessionFamily,
  genAiFamily, openInferenceFamily, openLlmetryFamily, vercelAiFamily, langSmithFamily, genAiEventsFamily,
  langfuseFamily, genkitFamily, logfireFamily, mlflowAndOthersFamily,
];

/**
 * LangSmith comes before `gen_ai.operation.name` (unlike the suggested mapping): its OTel translator
 * derives the operation name from its own run type and loses information (a `retriever` run is
 * sent as `gen_ai.operation.name = embeddings`, seen in the langsmith fixtures).
 */
const KIND_ORDER: readonly Family[] = [
  openInferenceFamily, langSmithFamily, genAiFamily, openLlmetryFamily, langfuseFamily, vercelAiFamily,
  genkitFamily, mlflowAndOthersFamily,
];

function hasContent(side: { messages: Message[] } | undefined): boolean {
  if (!side) return false;
  // A tool call without arguments is what instrumentations still send with capture off.
  return side.messages.some((m) => m.parts.some((p) => p.type !== 'tool_call' || p.arguments !== undefined));
}

function rawToMessages(raw: unknown, side: 'input' | 'output', kind: SpanKind): Message[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const messages = messagesFromValue(structured(raw), side);
  if (messages) return messages;
  // Not messages: a chain's or tool's input is not a user turn, so it is labelled as what it is.
  // Strings are kept exactly as sent (JSON text included), not re-serialized.
  const role = kind === 'llm' ? (side === 'input' ? 'user' : 'assistant') : side;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return [{ role, parts: [{ type: 'text', text }] }];
}

/**
 * A retriever whose family has no document keys (Langfuse, LangSmith, MLflow, Traceloop tasks):
 * documents from its output value (a list, or `{documents|outputs|results: [...]}`), the query
 * from its input value (a string, or `{query|input|question}`).
 */
function retrievalFromRaw(rawInput: unknown, rawOutput: unknown): RetrievalInfo | undefined {
  const output = structured(rawOutput);
  const list = Array.isArray(output) ? output
    : isRecord(output) ? [output.documents, output.outputs, output.results, output.output].find(Array.isArray) : undefined;
  const documents = toDocuments(list);
  if (!documents) return undefined;
  const input = structured(rawInput);
  const query = typeof input === 'string' ? input : isRecord(input) ? toText(input.query ?? input.input ?? input.question) : undefined;
  return { query, documents };
}

function decideKind(results: Map<Family, FamilyFields>, m: Merged): SpanKind {
  for (const family of KIND_ORDER) {
    const kind = results.get(family)?.kind;
    if (kind) return kind;
  }
  if (m.model || m.requestModel || m.usage) return 'llm';
  if (m.tool?.name) return 'tool';
  if (m.retrieval && m.retrieval.documents.length > 0) return 'retrieval';
  return 'other';
}

function finish(kind: SpanKind, m: Merged): NormalizedFields {
  const { rawInput, rawOutput, ...rest } = m;
  const out: NormalizedFields = { kind, ...rest };
  if (!out.model && out.requestModel) out.model = out.requestModel; // "the model": response model, else the requested one
  if (!hasContent(out.input)) {
    const messages = rawToMessages(rawInput, 'input', kind);
    out.input = messages ? { messages } : out.input;
  }
  if (!hasContent(out.output)) {
    const messages = rawToMessages(rawOutput, 'output', kind);
    out.output = messages ? { messages } : out.output;
  }
  if (kind === 'retrieval' && !out.retrieval?.documents.length) {
    const fallback = retrievalFromRaw(rawInput, rawOutput);
    if (fallback) out.retrieval = { ...fallback, query: out.retrieval?.query ?? fallback.query };
  }
  // Usage sent only inside a raw response payload (Langfuse/MLflow outputs): still sent, not guessed.
  if (!out.usage && (kind === 'llm' || kind === 'embedding')) out.usage = findUsage(structured(rawOutput));
  for (const side of ['input', 'output'] as const) {
    const messages = out[side]?.messages.filter((msg) => msg.parts.length > 0);
    if (messages && messages.length > 0) out[side] = { messages };
    else delete out[side];
  }
  if (out.tool && !out.tool.name) out.tool.name = '';
  if ((kind === 'llm' || kind === 'embedding') && (out.model || out.usage)) {
    out.contentCaptured = hasContent(out.input) || hasContent(out.output);
  }
  for (const key of Object.keys(out) as (keyof NormalizedFields)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function normalizeSpan(span: DecodedSpan, logs: readonly DecodedLogRecord[]): NormalizedFields {
  try {
    const ctx: SpanContext = { span, attrs: new SpanAttributes(span.attributes ?? {}), logs: logs ?? [] };
    const results = new Map<Family, FamilyFields>();
    const merged: Merged = {};
    const conventions: string[] = [];
    for (const family of FAMILIES) {
      let fields: FamilyFields | undefined;
      try {
        if (!family.applies(ctx)) continue;
        fields = family.read(ctx);
      } catch {
        // Malformed input one family did not anticipate: that family's answer is lost, the span is not.
        continue;
      }
      if (!fields) continue;
      results.set(family, fields);
      mergeInto(merged, fields);
      if (contributes(fields)) conventions.push(...(fields.conventions ?? [family.name]));
    }
    const out = finish(decideKind(results, merged), merged);
    const named = conventions.filter((c) => c !== 'errors' && c !== 'code' && c !== 'session');
    if (named.length > 0) out.conventions = named;
    return out;
  } catch {
    return span?.status?.code === 'error' ? { kind: 'other', error: { message: span.status.message } } : { kind: 'other' };
  }
}
