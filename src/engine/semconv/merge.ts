/**
 * Merging the families' answers, which arrive in precedence order (highest first):
 * - single values (provider, models, ids, cost, ...): the first family that sent one wins;
 * - usage, tool, prompt, code, error: field by field, first sender per field wins (one family may
 *   know the input tokens and another the cache reads of the same call);
 * - messages, tool definitions, finish reasons, request parameters, documents: the first non-empty
 *   list wins whole (lists from two conventions describe the same thing twice, never halves).
 */
import type { Message, NormalizedFields } from '../../protocol/trace-json';
import type { FamilyFields } from './family';

export interface Merged extends Omit<NormalizedFields, 'kind'> {
  rawInput?: unknown;
  rawOutput?: unknown;
}

const SCALARS = ['name', 'provider', 'requestModel', 'model', 'costUsd', 'sessionId', 'userId', 'agentName', 'pending', 'rawInput', 'rawOutput'] as const;
const PER_FIELD = ['usage', 'tool', 'prompt', 'code', 'error'] as const;
const WHOLE_LISTS = ['toolDefinitions', 'finishReasons'] as const;

function hasMessages(side: { messages: Message[] } | undefined): boolean {
  return !!side && side.messages.some((m) => m.parts.length > 0);
}

/**
 * `source`'s fields that `target` lacks, added to a copy of `target`. The loops are `for...in` over
 * plain objects (own enumerable keys, in the order Object.entries gives) rather than
 * Object.entries, which allocated an array per field for every family's answer of every span.
 */
function mergeFields<T extends object>(target: T | undefined, source: T | undefined): T | undefined {
  if (!source) return target;
  const out = { ...(target ?? {}) } as Record<string, unknown>;
  const from = source as Record<string, unknown>;
  for (const k in from) {
    const v = from[k];
    if (v !== undefined && v !== '' && out[k] === undefined) out[k] = v;
  }
  return out as T;
}

function onlySystem(side: { messages: Message[] }): boolean {
  return side.messages.every((m) => m.role === 'system');
}

/** True when a family's answer says anything (decides whether it is listed in `conventions`). */
export function contributes(f: FamilyFields): boolean {
  const fields = f as Record<string, unknown>;
  for (const k in fields) {
    const v = fields[k];
    if (k === 'conventions' || v === undefined) continue;
    if (k === 'input' || k === 'output') {
      if (hasMessages(v as { messages: Message[] })) return true;
    } else return true;
  }
  return false;
}

const SCALAR_FIELDS = 1;
const PER_FIELD_FIELDS = 2;
const LIST_FIELDS = 4;
const OTHER_FIELDS = 8;

/** Which of the loops below a field of an answer takes part in. */
const GROUP_OF = new Map<string, number>([
  ...SCALARS.map((k) => [k, SCALAR_FIELDS] as const),
  ...PER_FIELD.map((k) => [k, PER_FIELD_FIELDS] as const),
  ...WHOLE_LISTS.map((k) => [k, LIST_FIELDS] as const),
  ...(['requestParameters', 'input', 'output', 'retrieval'] as const).map((k) => [k, OTHER_FIELDS] as const),
]);

/**
 * The loops an answer needs: those of the groups where it sends a value. Most answers send a few
 * fields (a session id, an error); the loops read every field of every group by name, each read
 * a lookup that cannot be specialized (every family's answer has its own shape), whereas reading
 * the answer's own keys in a for-in is fast.
 */
function groupsSent(f: FamilyFields): number {
  let groups = 0;
  const fields = f as Record<string, unknown>;
  for (const key in fields) if (fields[key] !== undefined) groups |= GROUP_OF.get(key) ?? 0;
  return groups;
}

export function mergeInto(into: Merged, f: FamilyFields): void {
  const groups = groupsSent(f);
  if (groups & SCALAR_FIELDS) mergeScalars(into, f);
  if (groups & PER_FIELD_FIELDS) mergePerField(into, f);
  if (groups & LIST_FIELDS) mergeLists(into, f);
  if (groups & OTHER_FIELDS) mergeTheRest(into, f);
}

function mergeScalars(into: Merged, f: FamilyFields): void {
  for (const key of SCALARS) {
    const v = f[key];
    if (v !== undefined && v !== null && v !== '' && into[key] === undefined) (into as Record<string, unknown>)[key] = v;
  }
}

function mergePerField(into: Merged, f: FamilyFields): void {
  for (const key of PER_FIELD) {
    const source = f[key] as object | undefined;
    // Most answers send few of these: nothing to merge, nothing to store back.
    if (!source) continue;
    const merged = mergeFields(into[key] as object | undefined, source);
    if (merged) (into as Record<string, unknown>)[key] = merged;
  }
}

function mergeLists(into: Merged, f: FamilyFields): void {
  for (const key of WHOLE_LISTS) {
    const list = f[key];
    if (list && list.length > 0 && !into[key]) (into as Record<string, unknown>)[key] = list;
  }
}

function mergeTheRest(into: Merged, f: FamilyFields): void {
  if (f.requestParameters && Object.keys(f.requestParameters).length > 0 && !into.requestParameters) into.requestParameters = f.requestParameters;
  if (hasMessages(f.input)) {
    if (!hasMessages(into.input)) into.input = f.input;
    else if (onlySystem(into.input!) && !onlySystem(f.input!)) {
      // The span had only `gen_ai.system_instructions`, the conversation came in a log record
      // (OpenAI Responses API instrumentation): keep the system message in front unless repeated.
      const repeats = f.input!.messages.some((m) => m.role === 'system');
      into.input = { messages: repeats ? f.input!.messages : [...into.input!.messages, ...f.input!.messages] };
    }
  }
  if (hasMessages(f.output) && !hasMessages(into.output)) into.output = f.output;
  if (f.retrieval) {
    const r = into.retrieval;
    if (!r) into.retrieval = { ...f.retrieval };
    else {
      if (r.documents.length === 0 && f.retrieval.documents.length > 0) r.documents = f.retrieval.documents;
      r.query ??= f.retrieval.query;
      r.inputDocuments ??= f.retrieval.inputDocuments;
    }
  }
}
