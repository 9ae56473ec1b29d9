/**
 * A span as the spans table stores it: the row's column values and its detail JSON with long
 * strings replaced by content hashes. A pure function of the span and its normalized fields, so it
 * can be computed away from the database (on the prepare thread, see src/engine/prepare) and give
 * exactly the row the store would have computed itself.
 */
import type { NormalizedFields } from '../../protocol/trace-json';
import type { DecodedSpan } from '../model';
import type { ContentWriter } from './detail-codec';
import { placeholderKey } from './pending-spans';
import { normalizedColumns, type NormalizedColumnValues } from './span-columns';
import { encodeSpanDetail, serviceOf } from './span-record';
import { type LinkTarget, linkTargetsOf } from './span-link-index';
import { toolCallKeysOf } from './tool-call-keys';

export interface SpanRowValues {
  /** The span's own ids and fields, as sent (what the detail decodes back with). */
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  statusCode: DecodedSpan['status']['code'];
  statusMessage: string | null;
  startMs: number;
  /** Where the row goes: a pending placeholder is keyed by its real span (pending-spans.ts). */
  rowSpanId: string;
  rowParentSpanId: string | null;
  durationMs: number;
  service: string;
  /** The columns derived from normalization (kind, model, usage, cost, session), by column. */
  normalized: NormalizedColumnValues;
  pending: boolean;
  detail: string;
  /** One content hash per reference the detail holds (repeats included). */
  refs: string[];
  /** The links to index (span-link-index.ts); absent when the span has none with well-formed ids. */
  linkTargets?: LinkTarget[];
  /** A model call's tool-result ids, indexed apart from its row (tool-result-index.ts); absent when none. */
  toolResultIds?: string[];
}

export function spanRowValues(span: DecodedSpan, fields: NormalizedFields, content: ContentWriter): SpanRowValues {
  const pending = fields.pending === true;
  const key = pending ? placeholderKey(span) : span;
  const refs: string[] = [];
  const detail = encodeSpanDetail(span, {
    store: (text, composite) => content.store(text, composite),
    hold: (hash) => {
      content.hold(hash);
      refs.push(hash);
    },
    chains: content.chains,
    pieces: content.pieces,
  });
  const linkTargets = span.links.length > 0 ? linkTargetsOf(span.links) : undefined;
  const toolKeys = toolCallKeysOf(fields);
  const toolResultIds = toolKeys && toolKeys.resultIds.length > 0 ? toolKeys.resultIds : undefined;
  // One literal (absent indexes as undefined, which readers test for): spreads in front of it
  // made every row an object built key by key.
  return {
    linkTargets,
    toolResultIds,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: fields.name ?? span.name,
    statusCode: span.status.code,
    statusMessage: span.status.message ?? null,
    startMs: span.startTimeUnixMs,
    rowSpanId: key.spanId,
    // Malformed telemetry: a span that names itself as its parent would make the trace a cycle
    // instead of a tree; it is stored (and shown, and exported) as a root.
    rowParentSpanId: key.parentSpanId === key.spanId ? null : key.parentSpanId,
    // Malformed telemetry: an end before the start (unfinished span, skewed clock) would draw
    // backwards; the row clamps the duration to 0 and the detail keeps the end as sent.
    durationMs: Math.max(0, span.endTimeUnixMs - span.startTimeUnixMs),
    service: serviceOf(span.resource),
    normalized: normalizedColumns(fields, toolKeys),
    pending,
    detail,
    refs,
  };
}

/** Spans prepared away from the store, with the text of every content hash their rows reference. */
export interface PreparedSpans {
  spans: SpanRowValues[];
  texts: ReadonlyMap<string, string>;
  /**
   * Some texts as the store writes them compressed (encodeContentText), when the store asked for
   * that (its content waiting to be compressed is at its cap) and the prepare thread had time.
   */
  packed?: ReadonlyMap<string, Uint8Array>;
}
