/**
 * A pure validator for Trace JSON version 1 documents (see trace-json.ts and the "Trace JSON" part
 * of the design), for tests and for any reader that wants to reject a document before using it.
 * No `vscode`, no DOM, no dependencies.
 *
 * `checkTraceJson(doc)` returns every violation as `path: problem` (empty when the document is
 * valid). What is checked:
 * - shape: `version` is 1, `traces` an array; every fixed field present with its type; optional
 *   fields, when present, of their type. Keys not listed here are allowed (the format may grow).
 * - ids: trace ids 32 and span ids 16 lowercase hex digits, never all zero (W3C invalid ids);
 *   `parentSpanId` 16 hex or null and never the span's own id (a tree reader would loop); no span
 *   id twice in a trace, no trace id twice in a document.
 * - enums: span `kind`, span `status`, trace `status`, OTel `spanKind`, message part `type`.
 * - numbers: finite everywhere (no NaN/Infinity at any depth); durations ≥ 0; token counts and
 *   `spanCount` non-negative integers below 2^53 (larger ones cannot be exact); costs
 *   non-negative numbers, `costUsd` a number or null.
 * - `spanCount` equals `spans.length` when the spans are present.
 * - no `undefined` anywhere (an in-memory document would silently lose such keys when serialized),
 *   and nothing JSON cannot carry (functions, bigints, symbols).
 * - fields that do not apply to a span's kind are omitted: `tool` only on tool spans;
 *   `retrieval.inputDocuments` only on rerank spans; `retrieval` never on embedding, guardrail,
 *   evaluator or other spans (an LLM, tool, chain or agent span may carry the documents it was
 *   given); `toolDefinitions` only on llm and agent spans; `contentCaptured` only on llm and
 *   embedding spans (it describes a model call); `pending` only as `true`.
 */

const SPAN_KINDS = new Set(['llm', 'embedding', 'retrieval', 'rerank', 'tool', 'agent', 'chain', 'guardrail', 'evaluator', 'other']);
const SPAN_STATUSES = new Set(['ok', 'error', 'unset']);
const TRACE_STATUSES = new Set(['ok', 'error']);
const OTEL_SPAN_KINDS = new Set(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
const USAGE_FIELDS = ['inputTokens', 'outputTokens', 'totalTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'];
const TRACE_USAGE_FIELDS = ['inputTokens', 'outputTokens', 'totalTokens'];
const RETRIEVAL_KINDS_FORBIDDEN = new Set(['embedding', 'guardrail', 'evaluator', 'other']);

type Obj = Record<string, unknown>;

/** Collects violations; each checker reports through it with the path of the value. */
class Report {
  readonly problems: string[] = [];
  add(path: string, problem: string): void {
    this.problems.push(`${path}: ${problem}`);
  }
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  if (typeof v === 'number' || typeof v === 'bigint' || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
};

function hexId(r: Report, path: string, v: unknown, digits: number): void {
  if (typeof v !== 'string' || !new RegExp(`^[0-9a-f]{${digits}}$`).test(v)) r.add(path, `must be ${digits} lowercase hex digits, got ${show(v)}`);
  else if (/^0+$/.test(v)) r.add(path, 'must not be all zero');
}

function str(r: Report, o: Obj, key: string, path: string, required = false): void {
  const v = o[key];
  if (v === undefined && !required && !(key in o)) return;
  if (typeof v !== 'string') r.add(`${path}.${key}`, `must be a string, got ${show(v)}`);
}

function num(r: Report, o: Obj, key: string, path: string, opts: { required?: boolean; min?: number; integer?: boolean; nullable?: boolean } = {}): void {
  const v = o[key];
  if (v === undefined && !opts.required && !(key in o)) return;
  if (v === null && opts.nullable) return;
  const p = `${path}.${key}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) return r.add(p, `must be a finite number${opts.nullable ? ' or null' : ''}, got ${show(v)}`);
  // Counts beyond 2^53 cannot be exact in JSON numbers: a count that large is a decoding accident.
  if (opts.integer && !Number.isSafeInteger(v)) r.add(p, `must be an integer below 2^53, got ${v}`);
  if (opts.min !== undefined && v < opts.min) r.add(p, `must be ≥ ${opts.min}, got ${v}`);
}

function enumOf(r: Report, o: Obj, key: string, path: string, allowed: Set<string>, required: boolean): void {
  const v = o[key];
  if (v === undefined && !required && !(key in o)) return;
  if (typeof v !== 'string' || !allowed.has(v)) r.add(`${path}.${key}`, `must be one of ${[...allowed].join('|')}, got ${show(v)}`);
}

function record(r: Report, o: Obj, key: string, path: string, required = false): void {
  const v = o[key];
  if (v === undefined && !required && !(key in o)) return;
  if (!isObject(v)) r.add(`${path}.${key}`, `must be an object, got ${show(v)}`);
}

function stringList(r: Report, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v === undefined && !(key in o)) return;
  if (!Array.isArray(v)) return r.add(`${path}.${key}`, `must be an array of strings, got ${show(v)}`);
  v.forEach((x, i) => typeof x !== 'string' && r.add(`${path}.${key}[${i}]`, `must be a string, got ${show(x)}`));
}

/** Opens an optional object field: reports a wrong type, returns it when it is an object. */
function sub(r: Report, o: Obj, key: string, path: string): Obj | undefined {
  if (!(key in o)) return undefined;
  record(r, o, key, path);
  return isObject(o[key]) ? (o[key] as Obj) : undefined;
}

function usage(r: Report, u: Obj, path: string, fields: string[], required: boolean): void {
  for (const f of fields) num(r, u, f, path, { required, min: 0, integer: true });
}

function part(r: Report, p: unknown, path: string): void {
  if (!isObject(p)) return r.add(path, `must be an object, got ${show(p)}`);
  switch (p.type) {
    case 'text':
    case 'reasoning':
      return str(r, p, 'text', path, true);
    case 'tool_call':
      str(r, p, 'name', path, true);
      str(r, p, 'id', path);
      return str(r, p, 'arguments', path);
    case 'tool_result':
      str(r, p, 'id', path);
      return str(r, p, 'result', path, true);
    case 'media':
      for (const k of ['modality', 'mimeType', 'uri', 'fileId']) str(r, p, k, path);
      return num(r, p, 'dataLength', path, { min: 0, integer: true });
    default:
      r.add(`${path}.type`, `must be text|reasoning|tool_call|tool_result|media, got ${show(p.type)}`);
  }
}

function messages(r: Report, side: Obj, path: string): void {
  if (!Array.isArray(side.messages)) return r.add(`${path}.messages`, `must be an array, got ${show(side.messages)}`);
  side.messages.forEach((m: unknown, i: number) => {
    const mp = `${path}.messages[${i}]`;
    if (!isObject(m)) return r.add(mp, `must be an object, got ${show(m)}`);
    str(r, m, 'role', mp, true);
    str(r, m, 'name', mp);
    str(r, m, 'finishReason', mp);
    if (!Array.isArray(m.parts)) return r.add(`${mp}.parts`, `must be an array, got ${show(m.parts)}`);
    m.parts.forEach((p: unknown, j: number) => part(r, p, `${mp}.parts[${j}]`));
  });
}

function documents(r: Report, list: unknown, path: string): void {
  if (!Array.isArray(list)) return r.add(path, `must be an array, got ${show(list)}`);
  list.forEach((d: unknown, i: number) => {
    const dp = `${path}[${i}]`;
    if (!isObject(d)) return r.add(dp, `must be an object, got ${show(d)}`);
    str(r, d, 'id', dp);
    str(r, d, 'content', dp);
    num(r, d, 'score', dp);
    record(r, d, 'metadata', dp);
    num(r, d, 'rank', dp, { min: 1, integer: true });
    num(r, d, 'rankBefore', dp, { min: 1, integer: true });
    for (const k of ['idSource', 'scoreSource', 'contentSource']) str(r, d, k, dp);
    num(r, d, 'distance', dp);
    num(r, d, 'duplicateOf', dp, { min: 1, integer: true });
    if ('used' in d && typeof d.used !== 'boolean') r.add(`${dp}.used`, `must be a boolean, got ${show(d.used)}`);
    taggedTexts(r, d, 'evidence', dp, EVIDENCE_KINDS, 'kind');
    taggedTexts(r, d, 'findings', dp, FINDING_CATEGORIES, 'category');
  });
}

const EVIDENCE_KINDS = new Set(['quote', 'citation', 'paraphrase']);
const FINDING_CATEGORIES = new Set(['injection']);

/** Retrieval analysis lists: `[{ <tag>: one of allowed, text: string }]`. */
function taggedTexts(r: Report, o: Obj, key: string, path: string, allowed: Set<string>, tag: string): void {
  if (!(key in o)) return;
  const list = o[key];
  if (!Array.isArray(list)) return r.add(`${path}.${key}`, `must be an array, got ${show(list)}`);
  list.forEach((e: unknown, i: number) => {
    const ep = `${path}.${key}[${i}]`;
    if (!isObject(e)) return r.add(ep, `must be an object, got ${show(e)}`);
    if (typeof e[tag] !== 'string' || !allowed.has(e[tag] as string)) r.add(`${ep}.${tag}`, `must be one of ${[...allowed].join(', ')}, got ${show(e[tag])}`);
    str(r, e, 'text', ep, true);
    str(r, e, 'rule', ep);
  });
}

function droppedDocuments(r: Report, list: unknown, path: string): void {
  if (!Array.isArray(list)) return r.add(path, `must be an array, got ${show(list)}`);
  list.forEach((d: unknown, i: number) => {
    if (!isObject(d)) return r.add(`${path}[${i}]`, `must be an object, got ${show(d)}`);
    str(r, d, 'id', `${path}[${i}]`);
    num(r, d, 'rankBefore', `${path}[${i}]`, { required: true, min: 1, integer: true });
  });
}

function spanContent(r: Report, s: Obj, p: string, kind: unknown): void {
  for (const side of ['input', 'output']) {
    const o = sub(r, s, side, p);
    if (o) messages(r, o, `${p}.${side}`);
  }
  const tool = sub(r, s, 'tool', p);
  if (tool) {
    str(r, tool, 'name', `${p}.tool`, true);
    for (const k of ['callId', 'arguments', 'result', 'description']) str(r, tool, k, `${p}.tool`);
    if (kind !== 'tool') r.add(`${p}.tool`, `does not apply to a ${show(kind)} span`);
  }
  if ('toolDefinitions' in s) {
    if (!Array.isArray(s.toolDefinitions)) r.add(`${p}.toolDefinitions`, `must be an array, got ${show(s.toolDefinitions)}`);
    else s.toolDefinitions.forEach((d: unknown, i: number) => {
      const dp = `${p}.toolDefinitions[${i}]`;
      if (!isObject(d)) return r.add(dp, `must be an object, got ${show(d)}`);
      str(r, d, 'name', dp, true);
      str(r, d, 'description', dp);
      str(r, d, 'parameters', dp);
    });
    if (kind !== 'llm' && kind !== 'agent') r.add(`${p}.toolDefinitions`, `does not apply to a ${show(kind)} span`);
  }
  const retrieval = sub(r, s, 'retrieval', p);
  if (retrieval) {
    str(r, retrieval, 'query', `${p}.retrieval`);
    documents(r, retrieval.documents, `${p}.retrieval.documents`);
    str(r, retrieval, 'answerSpanId', `${p}.retrieval`);
    str(r, retrieval, 'answerTraceId', `${p}.retrieval`);
    if ('dropped' in retrieval) droppedDocuments(r, retrieval.dropped, `${p}.retrieval.dropped`);
    if ('inputDocuments' in retrieval) {
      documents(r, retrieval.inputDocuments, `${p}.retrieval.inputDocuments`);
      if (kind !== 'rerank') r.add(`${p}.retrieval.inputDocuments`, `does not apply to a ${show(kind)} span`);
    }
    if (typeof kind === 'string' && RETRIEVAL_KINDS_FORBIDDEN.has(kind)) r.add(`${p}.retrieval`, `does not apply to a ${kind} span`);
  }
  const prompt = sub(r, s, 'prompt', p);
  if (prompt) {
    for (const k of ['name', 'version', 'template', 'id', 'url']) str(r, prompt, k, `${p}.prompt`);
    record(r, prompt, 'variables', `${p}.prompt`);
  }
  const code = sub(r, s, 'code', p);
  if (code) {
    str(r, code, 'file', `${p}.code`);
    str(r, code, 'function', `${p}.code`);
    num(r, code, 'line', `${p}.code`, { min: 0, integer: true });
    num(r, code, 'column', `${p}.code`, { min: 0, integer: true });
  }
  const error = sub(r, s, 'error', p);
  if (error) for (const k of ['type', 'message', 'stacktrace']) str(r, error, k, `${p}.error`);
}

function span(r: Report, s: unknown, p: string): void {
  if (!isObject(s)) return r.add(p, `must be an object, got ${show(s)}`);
  hexId(r, `${p}.spanId`, s.spanId, 16);
  if (s.parentSpanId !== null) hexId(r, `${p}.parentSpanId`, s.parentSpanId, 16);
  if (s.parentSpanId !== null && s.parentSpanId === s.spanId) r.add(`${p}.parentSpanId`, 'must not be the span itself');
  str(r, s, 'name', p, true);
  enumOf(r, s, 'kind', p, SPAN_KINDS, true);
  enumOf(r, s, 'status', p, SPAN_STATUSES, true);
  str(r, s, 'statusMessage', p);
  num(r, s, 'startTimeUnixMs', p, { required: true });
  num(r, s, 'durationMs', p, { required: true, min: 0 });
  for (const k of ['service', 'provider', 'requestModel', 'model', 'sessionId', 'userId', 'agentName']) str(r, s, k, p);
  const u = sub(r, s, 'usage', p);
  if (u) usage(r, u, `${p}.usage`, USAGE_FIELDS, false);
  num(r, s, 'costUsd', p, { min: 0, nullable: true });
  spanContent(r, s, p, s.kind);
  stringList(r, s, 'finishReasons', p);
  stringList(r, s, 'conventions', p);
  record(r, s, 'requestParameters', p);
  if ('contentCaptured' in s) {
    if (typeof s.contentCaptured !== 'boolean') r.add(`${p}.contentCaptured`, `must be a boolean, got ${show(s.contentCaptured)}`);
    if (s.kind !== 'llm' && s.kind !== 'embedding') r.add(`${p}.contentCaptured`, `does not apply to a ${show(s.kind)} span`);
  }
  if ('pending' in s && s.pending !== true) r.add(`${p}.pending`, `must be true when present, got ${show(s.pending)}`);
  if ('events' in s) {
    if (!Array.isArray(s.events)) r.add(`${p}.events`, `must be an array, got ${show(s.events)}`);
    else s.events.forEach((e: unknown, i: number) => {
      const ep = `${p}.events[${i}]`;
      if (!isObject(e)) return r.add(ep, `must be an object, got ${show(e)}`);
      str(r, e, 'name', ep, true);
      num(r, e, 'timeUnixMs', ep, { required: true });
      record(r, e, 'attributes', ep, true);
    });
  }
  if ('links' in s) spanLinks(r, s.links, `${p}.links`);
  record(r, s, 'attributes', p);
  record(r, s, 'resource', p);
  const scope = sub(r, s, 'scope', p);
  if (scope) {
    str(r, scope, 'name', `${p}.scope`, true);
    str(r, scope, 'version', `${p}.scope`);
  }
  enumOf(r, s, 'spanKind', p, OTEL_SPAN_KINDS, false);
}

/** `links`: `[{ traceId, spanId, traceState?, attributes, droppedAttributesCount?, inStore }]`, never empty. */
function spanLinks(r: Report, links: unknown, p: string): void {
  if (!Array.isArray(links) || links.length === 0) return r.add(p, `must be a non-empty array (omitted when there are none), got ${show(links)}`);
  links.forEach((l: unknown, i: number) => {
    const lp = `${p}[${i}]`;
    if (!isObject(l)) return r.add(lp, `must be an object, got ${show(l)}`);
    // Ids are kept as sent; a malformed one is a string that never resolves.
    str(r, l, 'traceId', lp, true);
    str(r, l, 'spanId', lp, true);
    str(r, l, 'traceState', lp);
    record(r, l, 'attributes', lp, true);
    num(r, l, 'droppedAttributesCount', lp, { min: 1, integer: true });
    if (typeof l.inStore !== 'boolean') r.add(`${lp}.inStore`, `must be a boolean, got ${show(l.inStore)}`);
  });
}

function trace(r: Report, t: unknown, p: string): void {
  if (!isObject(t)) return r.add(p, `must be an object, got ${show(t)}`);
  hexId(r, `${p}.traceId`, t.traceId, 32);
  str(r, t, 'name', p, true);
  str(r, t, 'service', p, true);
  num(r, t, 'startTimeUnixMs', p, { required: true });
  num(r, t, 'durationMs', p, { required: true, min: 0 });
  enumOf(r, t, 'status', p, TRACE_STATUSES, true);
  num(r, t, 'spanCount', p, { required: true, min: 0, integer: true });
  if (!isObject(t.usage)) r.add(`${p}.usage`, `must be an object, got ${show(t.usage)}`);
  else usage(r, t.usage, `${p}.usage`, TRACE_USAGE_FIELDS, true);
  num(r, t, 'costUsd', p, { required: true, min: 0, nullable: true });
  str(r, t, 'sessionId', p);
  if (!('spans' in t)) return;
  if (!Array.isArray(t.spans)) return r.add(`${p}.spans`, `must be an array, got ${show(t.spans)}`);
  if (t.spanCount !== t.spans.length) r.add(`${p}.spanCount`, `is ${show(t.spanCount)} but there are ${t.spans.length} spans`);
  const seen = new Set<unknown>();
  t.spans.forEach((s: unknown, i: number) => {
    span(r, s, `${p}.spans[${i}]`);
    const id = isObject(s) ? s.spanId : undefined;
    if (typeof id === 'string' && seen.has(id)) r.add(`${p}.spans[${i}].spanId`, `${id} appears more than once in the trace`);
    seen.add(id);
  });
}

/** Values JSON cannot carry, at any depth: undefined, NaN/Infinity, functions, bigints, symbols. */
function serializable(r: Report, v: unknown, path: string, depth: number): void {
  if (depth > 200) return r.add(path, 'nested more than 200 levels deep');
  if (v === undefined) return r.add(path, 'is undefined');
  if (typeof v === 'number' && !Number.isFinite(v)) return r.add(path, `is ${v}`);
  if (typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') return r.add(path, `is a ${typeof v}`);
  if (Array.isArray(v)) v.forEach((x, i) => serializable(r, x, `${path}[${i}]`, depth + 1));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) serializable(r, x, `${path}.${k}`, depth + 1);
}

export function checkTraceJson(doc: unknown): string[] {
  const r = new Report();
  if (!isObject(doc)) return [`document: must be an object, got ${show(doc)}`];
  serializable(r, doc, 'document', 0);
  if (doc.version !== 1) r.add('version', `must be 1, got ${show(doc.version)}`);
  if (!Array.isArray(doc.traces)) {
    r.add('traces', `must be an array, got ${show(doc.traces)}`);
    return r.problems;
  }
  const seen = new Set<unknown>();
  doc.traces.forEach((t: unknown, i: number) => {
    trace(r, t, `traces[${i}]`);
    const id = isObject(t) ? t.traceId : undefined;
    if (typeof id === 'string' && seen.has(id)) r.add(`traces[${i}].traceId`, `${id} appears more than once in the document`);
    seen.add(id);
  });
  return r.problems;
}
