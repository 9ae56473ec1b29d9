/**
 * The last step of normalization, once the families are merged and the kind decided:
 * - generic input/output carriers become messages when no family found real ones;
 * - retrievers without document keys get documents from their output value;
 * - `contentCaptured` is decided for model calls;
 * - values the Trace JSON contract forbids are removed rather than passed on: fields that do not
 *   apply to the kind (a `tool` on a non-tool span, `inputDocuments` off rerank spans, ...),
 *   negative, fractional or inexact (beyond 2^53) token counts (some SDKs send -1 for "unknown"), negative costs,
 *   and `undefined` anywhere (an in-memory document would silently differ from its JSON).
 */
import type { Message, NormalizedFields, RetrievalInfo, SpanKind, Usage } from '../../protocol/trace-json';
import { isRecord, structured, toText } from './attributes';
import { toDocuments } from './documents';
import type { Merged } from './merge';
import { messagesFromValue } from './message-shapes';
import { findUsage } from './usage-shapes';

const RETRIEVAL_NOT_APPLYING = new Set<SpanKind>(['embedding', 'guardrail', 'evaluator', 'other']);

/**
 * The fields that do not apply to the kind, removed. Only keys that are there are deleted: a delete
 * is a slow runtime call even for an absent key, and most spans have none of these.
 */
function omitFieldsNotApplying(kind: SpanKind, out: NormalizedFields): void {
  if (kind !== 'tool' && 'tool' in out) delete out.tool;
  if (kind !== 'llm' && kind !== 'agent' && 'toolDefinitions' in out) delete out.toolDefinitions;
  if (RETRIEVAL_NOT_APPLYING.has(kind) && 'retrieval' in out) delete out.retrieval;
  if (kind !== 'rerank' && out.retrieval && 'inputDocuments' in out.retrieval) delete out.retrieval.inputDocuments;
}

/**
 * Token counts are exact non-negative integers or absent. An int64 beyond 2^53 (sent as a decimal
 * string) cannot be represented exactly: it is dropped rather than shown rounded.
 */
function sanitizeUsage(u: Usage): Usage | undefined {
  const out: Usage = {};
  for (const k in u) {
    const v = u[k as keyof Usage];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) out[k as keyof Usage] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Removes undefined-valued keys from the normalized structure (bounded depth: it is shallow). */
function dropUndefined(value: unknown, depth: number): void {
  if (depth > 8 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) dropUndefined(item, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined) delete obj[key];
    else dropUndefined(obj[key], depth + 1);
  }
}

function hasContent(side: { messages: Message[] } | undefined): boolean {
  if (!side) return false;
  // A tool call without arguments is what instrumentations still send with capture off.
  return side.messages.some((m) => m.parts.some((p) => p.type !== 'tool_call' || p.arguments !== undefined));
}

/** A JSON-encoded string (Genkit, MLflow: `"What is..."` with the quotes) is shown as the string. */
function unquoteJsonString(text: string): string {
  if (text.length < 2 || text[0] !== '"' || text[text.length - 1] !== '"') return text;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'string' ? parsed : text;
  } catch {
    return text;
  }
}

function rawToMessages(raw: unknown, side: 'input' | 'output', kind: SpanKind): Message[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const messages = messagesFromValue(structured(raw), side);
  if (messages) return messages;
  // Not messages: a chain's or tool's input is not a user turn, so it is labelled as what it is.
  // Strings are kept exactly as sent (JSON text included), not re-serialized.
  const role = kind === 'llm' ? (side === 'input' ? 'user' : 'assistant') : side;
  const text = typeof raw === 'string' ? unquoteJsonString(raw) : toText(raw) ?? '';
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
  // An explicit empty list is a retrieval that found nothing, which is worth showing as such.
  const documents = toDocuments(list) ?? (Array.isArray(list) && list.length === 0 ? [] : undefined);
  if (!documents) return undefined;
  const input = structured(rawInput);
  const query = typeof input === 'string' ? input : isRecord(input) ? toText(input.query ?? input.input ?? input.question) : undefined;
  return { query, documents };
}

/**
 * `rowColumnsOnly`: only what the row columns and the ingest's choice of a full normalization read
 * (see fieldsForRowColumns) is made exact: the messages' presence, usage, cost; the rest is left
 * as merged (retrieval documents from raw values, capture, fields not applying, undefined keys).
 */
export function finalizeSpan(kind: SpanKind, m: Merged, rowColumnsOnly = false): NormalizedFields {
  const { rawInput, rawOutput } = m;
  // The merged fields but the raw carriers, after the kind, as `{ kind, ...rest }` would copy them
  // (an object rest with excluded keys is a slow generic copy).
  const out = { kind } as NormalizedFields;
  const fields = out as unknown as Record<string, unknown>;
  for (const key in m) if (key !== 'rawInput' && key !== 'rawOutput') fields[key] = m[key as keyof Merged];
  if (!out.model && out.requestModel) out.model = out.requestModel; // "the model": response model, else the requested one
  // A side with no messages is left as it is, not assigned: a key added as undefined is deleted
  // below, and a deleted key turns the object into a slow dictionary for every later read of it.
  if (!hasContent(out.input)) {
    const messages = rawToMessages(rawInput, 'input', kind);
    if (messages) out.input = { messages };
  }
  if (!hasContent(out.output)) {
    const messages = rawToMessages(rawOutput, 'output', kind);
    if (messages) out.output = { messages };
  }
  if (kind === 'retrieval' && !rowColumnsOnly && !out.retrieval?.documents.length) {
    const fallback = retrievalFromRaw(rawInput, rawOutput);
    if (fallback) out.retrieval = { ...fallback, query: out.retrieval?.query ?? fallback.query };
  }
  // Usage sent only inside a raw response payload (Langfuse/MLflow outputs): still sent, not guessed.
  if (!out.usage && (kind === 'llm' || kind === 'embedding')) out.usage = findUsage(structured(rawOutput));
  for (const side of ['input', 'output'] as const) {
    const messages = out[side]?.messages.filter((msg) => msg.parts.length > 0);
    if (messages && messages.length > 0) out[side] = { messages };
    else if (side in out) delete out[side];
  }
  if (out.tool && !out.tool.name) out.tool.name = '';
  // Absent usage is not added as undefined (see above) where undefined keys are dropped anyway.
  if (out.usage || rowColumnsOnly) out.usage = out.usage && sanitizeUsage(out.usage);
  if (typeof out.costUsd === 'number' && !(out.costUsd >= 0)) delete out.costUsd; // negative "unknown" markers
  if (rowColumnsOnly) return out;
  if (out.code?.line !== undefined && !(Number.isSafeInteger(out.code.line) && out.code.line >= 0)) delete out.code.line;
  if (out.code?.column !== undefined && !(Number.isSafeInteger(out.code.column) && out.code.column >= 0)) delete out.code.column;
  // Only a model call can say "capture was off". Embedding inputs have no content attribute in
  // several conventions (OTel GenAI, AI SDK v7), so for them only a positive answer is given.
  // A failed call that got no response has no messages whatever the capture setting: nothing is
  // claimed about capture then.
  const captured = hasContent(out.input) || hasContent(out.output);
  if (kind === 'llm' && (out.model || out.usage) && (captured || !out.error)) out.contentCaptured = captured;
  else if (kind === 'embedding' && captured) out.contentCaptured = true;
  omitFieldsNotApplying(kind, out);
  dropUndefined(out, 0);
  return out;
}

