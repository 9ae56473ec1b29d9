/**
 * One span in Trace JSON: its row fields, its normalized fields in the documented order, its events
 * (with its log records after them) and its raw OTel data; and the placing of a tool span's link.
 */
import type { NormalizedFields, SpanCost, SpanLinkJson, TraceJsonSpan } from '../../protocol/trace-json';
import type { DecodedLink, DecodedLogRecord, DecodedSpan, InstrumentationScope } from '../model';
import type { ToolLink } from '../../analysis/tool-links';
import { eventsWithLogs } from './log-events';

/** The order of the normalized fields in a span's JSON, as DESIGN.md lists them; others follow. */
const FIELD_ORDER = [
  'provider', 'requestModel', 'model', 'usage', 'costUsd', 'input', 'output', 'toolDefinitions', 'tool', 'retrieval',
  'prompt', 'code', 'sessionId', 'userId', 'agentName', 'error', 'finishReasons', 'requestParameters',
  'contentCaptured', 'conventions',
] as const;
const IN_FIELD_ORDER = new Set<string>([...FIELD_ORDER, 'kind']);
/** Each field's position in FIELD_ORDER (fewer than 32, so the fields present fit one bit mask). */
const FIELD_POSITION = new Map<string, number>(FIELD_ORDER.map((key, i) => [key, i]));

/** A span's priced cost (the calls table), which Trace JSON shows in place of the recorded one. */
export interface PricedCost {
  costUsd: number | null;
  cost?: SpanCost;
}

/**
 * What the whole trace adds to a span, placed while its JSON is built instead of by copying it
 * afterwards (withCost, withToolLink): its priced cost, right after its usage, and for a tool span
 * a `toolLink` key where withToolLink would place the link, to be filled or removed by
 * placeToolLink. Without usage, a priced cost goes last (placeCostLast), after the duplicate marks.
 */
export interface SpanPlacement {
  priced: PricedCost | undefined;
}

/** Sets an own property; a key `__proto__` must not set the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Adds the normalized fields (all but kind) in the documented order, each assigned as a spread would.
 * The fields present are found first by reading the object's own keys (a for-in reads them fast);
 * reading each of the twenty names instead was a generic lookup per name on every span, since each
 * kind of span has fields of its own shape.
 */
function addFields(json: Record<string, unknown>, fields: NormalizedFields, placement: SpanPlacement | undefined): void {
  const all = fields as unknown as Record<string, unknown>;
  const toolSlot = placement !== undefined && fields.kind === 'tool';
  let present = 0;
  let others = false;
  for (const key in all) {
    if (all[key] === undefined) continue;
    const at = FIELD_POSITION.get(key);
    if (at !== undefined) present |= 1 << at;
    else if (key !== 'kind') others = true;
  }
  for (let at = 0; present !== 0; at++, present >>>= 1) {
    if ((present & 1) === 0) continue;
    const key = FIELD_ORDER[at];
    // With a placement, the recorded cost gives way to the priced one (withCost).
    if (placement && key === 'costUsd') continue;
    json[key] = all[key];
    if (key === 'usage' && placement?.priced) addPriced(json, placement.priced);
    if (key === 'tool' && toolSlot) json.toolLink = undefined;
  }
  if (!others) return;
  for (const key of Object.keys(all)) {
    if (IN_FIELD_ORDER.has(key) || (placement && key === 'cost') || all[key] === undefined) continue;
    setOwn(json, key, all[key]);
  }
}

function addPriced(json: Record<string, unknown>, priced: PricedCost): void {
  json.costUsd = priced.costUsd;
  if (priced.cost) json.cost = priced.cost;
}

/**
 * A span's links in Trace JSON. Whether a linked span is stored changes with other traces, not
 * with this one: `inStore` is settled on every read (linksResolved), after the per-version cache.
 */
export function linksJson(links: readonly DecodedLink[]): SpanLinkJson[] {
  return links.map((l) => ({
    traceId: l.traceId,
    spanId: l.spanId,
    ...(l.traceState !== undefined ? { traceState: l.traceState } : {}),
    attributes: l.attributes,
    ...(l.droppedAttributesCount !== undefined ? { droppedAttributesCount: l.droppedAttributesCount } : {}),
    inStore: false,
  }));
}

/** The last scope's Trace JSON: the spans of a read mostly share one scope object (stored-spans.ts). */
let lastScope: InstrumentationScope | undefined;
let lastScopeJson: NonNullable<TraceJsonSpan['scope']> = { name: '' };

/** A scope's Trace JSON (its name and version), one object for the spans that share the scope. */
function scopeJson(scope: InstrumentationScope): NonNullable<TraceJsonSpan['scope']> {
  if (scope !== lastScope) {
    lastScopeJson = scope.version !== undefined ? { name: scope.name, version: scope.version } : { name: scope.name };
    lastScope = scope;
  }
  return lastScopeJson;
}

/**
 * A span in Trace JSON; its log records are shown as events after its own (see log-events.ts).
 * With a placement (a whole trace's read), its priced cost and its tool link's key are placed too.
 */
export function spanJson(span: DecodedSpan, service: string, fields: NormalizedFields, logs: readonly DecodedLogRecord[], placement?: SpanPlacement): TraceJsonSpan {
  const json: Record<string, unknown> = {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: fields.kind ?? 'other',
    status: span.status.code,
  };
  if (span.status.message) json.statusMessage = span.status.message;
  json.startTimeUnixMs = span.startTimeUnixMs;
  json.durationMs = Math.max(0, span.endTimeUnixMs - span.startTimeUnixMs);
  json.service = service;
  addFields(json, fields, placement);
  // withToolLink's place when the span has no `tool` field: before its events, else its attributes.
  const slotBeforeEvents = placement !== undefined && fields.kind === 'tool' && fields.tool === undefined;
  // Without log records the span's own events are read as they are (no copy of the list).
  const events = logs.length === 0 ? span.events : eventsWithLogs(span.events, logs);
  if (events.length > 0) {
    if (slotBeforeEvents) json.toolLink = undefined;
    json.events = events.map((e) => ({ name: e.name, timeUnixMs: e.timeUnixMs, attributes: e.attributes }));
  }
  // Whether a linked span is stored changes with other traces, not with this one: `inStore` is
  // settled on every read (linksResolved), after the per-version cache.
  if (span.links.length > 0) json.links = linksJson(span.links);
  if (slotBeforeEvents && events.length === 0) json.toolLink = undefined;
  json.attributes = span.attributes;
  json.resource = span.resource;
  json.scope = scopeJson(span.scope);
  json.spanKind = span.spanKind;
  return json as unknown as TraceJsonSpan;
}

/** After the duplicate marks: a priced cost the span could not place after its usage goes last, as withCost puts it. */
export function placeCostLast(span: TraceJsonSpan, priced: PricedCost | undefined): void {
  if (priced && span.usage === undefined) addPriced(span as unknown as Record<string, unknown>, priced);
}

/** Fills a tool span's link key (spanJson with a placement made it), or removes it when nothing links. */
export function placeToolLink(span: TraceJsonSpan, link: ToolLink | undefined): void {
  if (link) span.toolLink = link;
  else if ('toolLink' in span) delete span.toolLink;
}

/** The spans with each link's `inStore` as the store is now; spans without links are kept as they are. */
export function linksResolved(spans: readonly TraceJsonSpan[], has: (traceId: string, spanId: string) => boolean): TraceJsonSpan[] {
  return spans.map((span) => (span.links ? { ...span, links: span.links.map((l) => ({ ...l, inStore: has(l.traceId, l.spanId) })) } : span));
}

/** The span with its tool link placed right after its `tool` field (or its kind's fields). */
export function withToolLink(span: TraceJsonSpan, link: ToolLink): TraceJsonSpan {
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const [key, value] of Object.entries(span)) {
    if (!placed && (key === 'events' || key === 'attributes')) {
      out.toolLink = link;
      placed = true;
    }
    out[key] = value;
    if (key === 'tool') {
      out.toolLink = link;
      placed = true;
    }
  }
  if (!placed) out.toolLink = link;
  return out as unknown as TraceJsonSpan;
}
