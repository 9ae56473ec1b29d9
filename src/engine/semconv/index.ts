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
 * | 8  | Strands Agents    | strands.ts           | tool arguments/results from its events                       |
 * | 8  | GenAI events      | genai-events.ts      | log records and span events `gen_ai.*.message`, `gen_ai.choice` |
 * | 9  | Langfuse          | langfuse.ts          | `langfuse.observation.*`                                    |
 * | 10 | Genkit            | genkit.ts            | `genkit:input` / `genkit:output` JSON                       |
 * | 11 | Logfire           | logfire.ts           | `request_data` / `response_data`, pending spans, `logfire.msg` |
 * | 11 | pydantic-ai       | pydantic-ai.ts       | `operation.cost`, `tool_arguments` / `tool_response`         |
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
import type { NormalizedFields, SpanKind } from '../../protocol/trace-json';
import { SpanAttributes } from './attributes';
import { codeFamily } from './code';
import { errorsFamily } from './errors';
import type { Family, FamilyFields, SpanContext } from './family';
import { genAiFamily } from './genai';
import { genAiEventsFamily } from './genai-events';
import { genkitFamily } from './genkit';
import { langfuseFamily } from './langfuse';
import { langSmithFamily } from './langsmith';
import { logfireFamily } from './logfire';
import { finalizeSpan } from './finalize';
import { contributes, mergeInto, type Merged } from './merge';
import { mlflowAndOthersFamily } from './mlflow-and-others';
import { openInferenceFamily } from './openinference';
import { openLlmetryFamily } from './openllmetry';
import { pydanticAiFamily } from './pydantic-ai';
import { sessionFamily } from './session';
import { strandsFamily } from './strands';
import { vercelAiFamily } from './vercel-ai';

export const FAMILIES: readonly Family[] = [
  errorsFamily, codeFamily, sessionFamily,
  genAiFamily, openInferenceFamily, openLlmetryFamily, vercelAiFamily, langSmithFamily, strandsFamily, genAiEventsFamily,
  langfuseFamily, genkitFamily, logfireFamily, pydanticAiFamily, mlflowAndOthersFamily,
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

/** Each kind-telling family's place in KIND_ORDER: the first of them that tells a kind decides it. */
const KIND_RANK = new Map<Family, number>(KIND_ORDER.map((family, i) => [family, i]));

/** The kind a family told (the first in KIND_ORDER), else the kind of what was found. */
function decideKind(told: SpanKind | undefined, m: Merged): SpanKind {
  if (told) return told;
  if (m.model || m.requestModel || m.usage) return 'llm';
  if (m.tool?.name) return 'tool';
  if (m.retrieval && m.retrieval.documents.length > 0) return 'retrieval';
  return 'other';
}

/** Families that are listed in no span's `conventions`: they tell what every convention can carry. */
const NOT_LISTED = new Set(['errors', 'code', 'session']);

export function normalizeSpan(span: DecodedSpan, logs: readonly DecodedLogRecord[]): NormalizedFields {
  return normalize(span, logs, false);
}

/**
 * The fields the store's row columns take (span-columns.ts: kind, models, provider, usage, cost,
 * session, pending), for ingest: the same values as normalizeSpan's, without the work only the
 * other fields need (parsing message content). The other fields may be missing: never show these.
 */
export function fieldsForRowColumns(span: DecodedSpan, logs: readonly DecodedLogRecord[]): NormalizedFields {
  return normalize(span, logs, true);
}

/**
 * The families whose answers can change a row column or the kind: errors and code tell only fields
 * no column holds (what normalizeSpan gives is what every read shows; this is for ingest).
 */
const ROW_COLUMN_FAMILIES: readonly Family[] = FAMILIES.filter((f) => f !== errorsFamily && f !== codeFamily);

/**
 * The list of one convention, one array per convention for every span (nothing writes to a span's
 * list): a whole trace's read holds every span's fields until it ends.
 */
const ONE_CONVENTION = new Map<string, string[]>();

function oneConvention(named: string[]): string[] {
  let list = ONE_CONVENTION.get(named[0]);
  if (list === undefined) {
    list = named;
    // Convention names are the families' own (a few dozen): the map stays small.
    ONE_CONVENTION.set(named[0], list);
  }
  return list;
}

function normalize(span: DecodedSpan, logs: readonly DecodedLogRecord[], rowColumnsOnly: boolean): NormalizedFields {
  try {
    const ctx: SpanContext = { span, attrs: new SpanAttributes(span.attributes ?? {}), logs: logs ?? [], rowColumnsOnly };
    const merged: Merged = {};
    // The kind told by the family first in KIND_ORDER, and the conventions listed, as they come.
    let told: SpanKind | undefined;
    let toldRank = KIND_ORDER.length;
    const named: string[] = [];
    for (const family of rowColumnsOnly ? ROW_COLUMN_FAMILIES : FAMILIES) {
      let fields: FamilyFields | undefined;
      try {
        if (!family.applies(ctx)) continue;
        fields = family.read(ctx);
      } catch {
        // Malformed input one family did not anticipate: that family's answer is lost, the span is not.
        continue;
      }
      if (!fields) continue;
      if (fields.kind) {
        const rank = KIND_RANK.get(family) ?? toldRank;
        if (rank < toldRank) {
          told = fields.kind;
          toldRank = rank;
        }
      }
      mergeInto(merged, fields);
      // No column lists the conventions.
      if (!rowColumnsOnly && contributes(fields)) {
        if (!fields.conventions) {
          if (!NOT_LISTED.has(family.name)) named.push(family.name);
        } else for (const name of fields.conventions) if (!NOT_LISTED.has(name)) named.push(name);
      }
    }
    const out = finalizeSpan(decideKind(told, merged), merged, rowColumnsOnly);
    // Most spans follow one convention: no set is needed to list it once, and its list is shared.
    if (named.length === 1) out.conventions = oneConvention(named);
    else if (named.length > 0) out.conventions = [...new Set(named)];
    return out;
  } catch {
    return span?.status?.code === 'error' ? { kind: 'other', error: { message: span.status.message } } : { kind: 'other' };
  }
}
