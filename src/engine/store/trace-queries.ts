/**
 * Read side of the store: the queries behind EngineMethods (list, summary, span rows, one span,
 * Trace JSON). Returns plain objects; content references are resolved here. The list is in
 * trace-list.ts, the span rows in span-rows.ts, one span's JSON in span-json.ts; this class
 * assembles a trace's Trace JSON from them.
 */
import type { ListTracesQuery, SpanLinksInfo, SpanRow, TraceSummary } from '../../protocol/engine-api';
import type { SpanLinksDocument, TraceJsonDocument, TraceJsonSpan, TraceJsonTrace } from '../../protocol/trace-json';
import { traceJsonHeader } from '../../protocol/trace-summary-json';
import { analyzeRetrievalStepIn } from '../../analysis/retrieval';
import type { DecodedLogRecord, DecodedSpan } from '../model';
import { linksJson, linksResolved, spanJson } from './span-json';
import { withContextFromLookups, withCost } from './span-context';
import type { ToolResultFacts } from './span-lookups';
import { runInSlices, runToEnd, SliceClock } from './sliced';
import type { Prebuilt } from './idle-prebuild';
import { buildTraceSpans, type BuiltSpans } from './trace-spans-build';
import { RetrievalAnalysisCache, type AnalysisInput, type NearbyTrace } from './retrieval-analysis-cache';
import { MODEL_CALLS_READ, retrievalStepInTrace } from './retrieval-step-read';
import { SpanOrderCache, type OrderSource } from './span-order-cache';
import { TraceJsonCache } from './trace-json-cache';
import { DEFAULT_TEXT_CACHE_BYTES, joinedDocument, TraceTextCache } from './trace-text-cache';
import type { TraceStore } from './trace-store';

export { DEFAULT_PAGE, MAX_PAGE } from './list-query';
export { inStartOrder, storedInStartOrder, type Orderable } from './span-start-order';

/**
 * Estimated memory of a cached span: each character of its stored text twice (the raw attribute and
 * the normalized message; telemetry text is mostly ASCII, one byte per character in V8), plus the
 * objects around it.
 */
const CACHED_BYTES_PER_CHAR = 2;
const CACHED_BYTES_PER_SPAN = 1024;

const cachedBytes = (built: BuiltSpans): number => built.chars * CACHED_BYTES_PER_CHAR + built.spans.length * CACHED_BYTES_PER_SPAN;

/** Spans linking to one span returned by default (a fan-in can be any size; the rest come by offset). */
export const DEFAULT_LINKED_FROM = 1000;

/** The retrieval analysis runs on every read (it can depend on other traces), over the trace's spans. */
const isRetrievalStep = (span: TraceJsonSpan): boolean => span.kind === 'retrieval' || span.kind === 'rerank';

/** A trace's spans as built at a version. */
interface BuiltVersion {
  version: number;
  spans: readonly TraceJsonSpan[];
  /** What the span cache counts them for. */
  bytes: number;
}

/** Retrieval steps analyzed per slice at most (SLICE_MS bounds a slice of slow ones). */
const ANALYSIS_STEPS_PER_SLICE = 64;

/** Traces whose lookup facts are kept (a few numbers each). */
const MAX_FACT_TRACES = 64;

export class TraceQueries {
  /** Recently read traces' spans, per trace version (see trace-json-cache.ts). */
  readonly cache: TraceJsonCache;
  /** The retrieval analysis of recently read traces (see retrieval-analysis-cache.ts). */
  readonly retrievals = new RetrievalAnalysisCache();
  /** The most bytes of text kept (see trace-text-cache.ts). */
  readonly textBytes = DEFAULT_TEXT_CACHE_BYTES;
  /** Recently read traces as text (see trace-text-cache.ts). */
  readonly texts = new TraceTextCache(this.textBytes);
  /** Span order of the last traces read, for selecting their retrieval steps (span-order-cache.ts). */
  readonly orders = new SpanOrderCache();
  /** Model calls read at most to select one retrieval step (see retrieval-step-read.ts). */
  stepCallsRead = MODEL_CALLS_READ;

  /** Builds in slices under way, by trace and version. */
  private readonly building = new Map<string, Promise<BuiltVersion>>();
  private readonly facts = new Map<string, { version: number; facts: Map<string, ToolResultFacts> }>();

  constructor(private readonly store: TraceStore, cacheBytes?: number) {
    this.cache = new TraceJsonCache(cacheBytes);
  }

  listTraces(request: ListTracesQuery): { traces: TraceSummary[]; total: number } {
    return this.store.listTraces(request);
  }

  getTraceSummary(traceId: string): TraceSummary | null {
    return this.store.traceSummary(traceId);
  }

  getSpanRows(traceId: string): SpanRow[] {
    const rows = this.store.spanRowsOfTrace(traceId);
    // Kept for selecting a retrieval step of the trace next (retrieval-step-read.ts).
    const version = this.store.traceSummary(traceId)?.updatedSeq;
    if (version !== undefined) this.orders.put(traceId, version, rows, this.store.spanOrderMark(traceId));
    return rows;
  }

  getSpan(traceId: string, spanId: string): TraceJsonSpan | null {
    const span = this.spanBeforeLinks(traceId, spanId);
    return span?.links ? this.linksResolved([span])[0] : span;
  }

  /**
   * A span's links with the linked spans named (when stored), and the stored spans that link to it
   * (`limit` of them from `offset`, in start order); null when the span is not stored.
   */
  getSpanLinks(traceId: string, spanId: string, offset = 0, limit = DEFAULT_LINKED_FROM): SpanLinksInfo | null {
    const links = this.store.linkIdsOf(traceId, spanId);
    if (!links) return null;
    const { spans, total } = this.store.spansLinkingTo(traceId, spanId, offset, limit);
    return { targets: this.store.linkTargets(links), linkedFrom: spans, linkedFromTotal: total };
  }

  /** The query API's view of a span's links (SpanLinksDocument); null when the span is not stored. */
  getSpanLinksDocument(traceId: string, spanId: string, offset = 0, limit = DEFAULT_LINKED_FROM): SpanLinksDocument | null {
    const span = this.store.spanAsArrived(traceId, spanId);
    if (!span) return null;
    const { spans, total } = this.store.spansLinkingTo(traceId, spanId, offset, limit);
    const links = linksJson(span.span.links);
    const targets = this.store.linkTargets(links);
    return {
      version: 1, traceId, spanId,
      links: links.map((l, i) => ({ ...l, inStore: targets[i] !== null, ...targets[i] })),
      linkedFrom: spans,
      linkedFromTotal: total,
    };
  }

  /** Whether each link's target is stored, for all the spans' links in a few batched lookups. */
  private linksResolved(spans: readonly TraceJsonSpan[]): TraceJsonSpan[] {
    const links: NonNullable<TraceJsonSpan['links']> = [];
    for (const span of spans) if (span.links) links.push(...span.links);
    if (links.length === 0) return spans.slice();
    const targets = this.store.linkTargets(links);
    const stored = new Set(links.flatMap((l, i) => (targets[i] ? [`${l.traceId}/${l.spanId}`] : [])));
    return linksResolved(spans, (t, s) => stored.has(`${t}/${s}`));
  }

  private spanBeforeLinks(traceId: string, spanId: string): TraceJsonSpan | null {
    const summary = this.store.traceSummary(traceId);
    const version = summary?.updatedSeq;
    const cached = version === undefined ? null : this.cache.get(traceId, version);
    if (cached && summary) {
      const at = cached.findIndex((s) => s.spanId === spanId);
      if (at < 0 || !isRetrievalStep(cached[at])) return cached[at] ?? null;
      // The trace's analysis when kept; else this step's alone, over the built spans (no store read).
      const input = this.analysisInput(summary, cached);
      return this.retrievals.keptSpan(input, at)
        ?? analyzeRetrievalStepIn(cached, spanId, { otherTraces: () => input.nearby().map((t) => ({ traceId: t.traceId, spans: input.spansOf(t) })) })
        ?? cached[at];
    }
    const alone = this.spanAlone(traceId, spanId);
    if (!alone) return null;
    const step = summary && isRetrievalStep(alone) ? this.retrievalStep(summary, spanId) : null;
    if (step) return step;
    // Model calls and tool spans are placed by the read indexes, which an old snapshot's spans lack.
    const usesIndexes = alone.kind === 'tool' || alone.kind === 'llm' || alone.kind === 'embedding';
    const json = !usesIndexes || this.store.readIndexed
      ? withContextFromLookups(alone, this.store.spanLookups(traceId, version === undefined ? undefined : this.factsAt(traceId, version)),
        (id) => this.spanAlone(traceId, id)) : null;
    if (json) return json;
    // Only the whole trace can tell (a tool matched by name and order, a step whose row kind differs).
    return this.getTraceJson([traceId]).traces[0]?.spans?.find((s) => s.spanId === spanId) ?? null;
  }

  /** A retrieval or rerank step analyzed from the spans it needs, not the whole trace (retrieval-step-read.ts). */
  private retrievalStep(summary: TraceSummary, spanId: string): TraceJsonSpan | null {
    const { traceId, updatedSeq } = summary;
    const lookups = this.store.spanLookups(traceId);
    return retrievalStepInTrace(spanId, {
      rows: this.orders.rows(traceId, updatedSeq, this.orderSource(traceId)),
      step: (id) => {
        const span = this.spanAlone(traceId, id);
        return span && withCost(span, lookups.costs(id));
      },
      modelCall: (id) => this.spanAlone(traceId, id),
      otherTraces: () => this.tracesNear(summary).map((t) => ({ traceId: t.traceId, spans: this.spansAt(t.traceId, t.version) })),
      maxCallsRead: this.stepCallsRead,
    });
  }

  /** Where the span order is read when not kept: only what ordering needs, or only the spans arrived since. */
  private orderSource(traceId: string): OrderSource {
    return {
      mark: () => this.store.spanOrderMark(traceId),
      whole: () => this.store.spanOrderOfTrace(traceId),
      arrivedAfter: (arrival) => this.store.spansArrivedAfter(traceId, arrival),
    };
  }

  /** Traces where a retrieval's consuming model call may be, with their versions (see the analysis cache). */
  private tracesNear(summary: TraceSummary): NearbyTrace[] {
    return this.store.traceIdsNear(summary).flatMap((id) => {
      const other = this.getTraceSummary(id);
      return other ? [{ traceId: id, version: other.updatedSeq }] : [];
    });
  }

  /** Per-trace facts the lookups found, kept for the trace's version (a new span may change them). */
  private factsAt(traceId: string, version: number): Map<string, ToolResultFacts> {
    let entry = this.facts.get(traceId);
    if (!entry || entry.version !== version) {
      entry = { version, facts: new Map() };
      this.facts.delete(traceId);
      this.facts.set(traceId, entry);
      for (const id of this.facts.keys()) {
        if (this.facts.size <= MAX_FACT_TRACES) break;
        this.facts.delete(id);
      }
    }
    return entry.facts;
  }

  /** One stored span in Trace JSON, before its cost and anything else the spans around it add. */
  private spanAlone(traceId: string, spanId: string): TraceJsonSpan | null {
    const stored = this.store.spanAsArrived(traceId, spanId);
    if (!stored) return null;
    return this.spanJson(stored.span, stored.service, this.store.logsOfSpan(traceId, spanId));
  }

  private spanJson(span: DecodedSpan, service: string, logs: readonly DecodedLogRecord[]): TraceJsonSpan {
    return spanJson(span, service, this.store.normalizedFields(span, logs), logs);
  }

  getTraceJson(traceIds: readonly string[]): TraceJsonDocument {
    return { version: 1, traces: traceIds.flatMap((id) => this.traceRead(id)?.trace ?? []) };
  }

  /**
   * The same document as UTF-8 text, exactly `JSON.stringify(getTraceJson(traceIds))`: a repeat
   * read of an unchanged trace reuses its kept bytes (see trace-text-cache.ts), so what crosses a
   * thread or a socket is shared bytes, not an object graph serialized again. Never write to them.
   */
  getTraceJsonBytes(traceIds: readonly string[]): Uint8Array {
    return joinedDocument(traceIds.flatMap((id) => {
      const read = this.traceRead(id);
      return read ? [this.texts.documentOf(read.trace, read.base)] : [];
    }));
  }

  /**
   * getTraceJsonBytes for a caller that must not stop the engine thread for a big trace's whole
   * build (the query API): a trace not cached at its version is built, then serialized, a slice at a
   * time, awaiting `pause` between slices. The same bytes as getTraceJsonBytes.
   */
  async getTraceJsonBytesInSlices(traceIds: readonly string[], pause: () => Promise<void>): Promise<Uint8Array> {
    const documents: Uint8Array[] = [];
    for (const traceId of traceIds) {
      const read = await this.readInSlices(traceId, pause);
      if (read) documents.push(read.document);
    }
    return joinedDocument(documents);
  }

  /**
   * Builds and keeps a trace's document a slice at a time, as its first read through the query API
   * would (see idle-prebuild.ts): what it holds in the caches, and whether they kept it.
   */
  async prebuild(traceId: string, pause: () => Promise<void>): Promise<Prebuilt> {
    const read = await this.readInSlices(traceId, pause);
    if (!read) return { bytes: 0, kept: false };
    const textBytes = read.document.byteLength;
    const version = this.getTraceSummary(traceId)?.updatedSeq;
    const kept = version !== undefined && this.cache.has(traceId, version) && textBytes <= this.textBytes;
    return { bytes: Math.max(textBytes, read.built?.bytes ?? 0), kept };
  }

  /** One trace's document, built (and analyzed) in slices unless kept; undefined when the trace is not stored. */
  private async readInSlices(traceId: string, pause: () => Promise<void>): Promise<{ document: Uint8Array; built?: BuiltVersion } | undefined> {
    // A build this read joined may have been stopped by its own caller (see idle-prebuild.ts); one
    // this read's own pause stopped is not started again (that pause stops it: new spans arrived).
    let stoppedHere: unknown;
    const ownPause = (): Promise<void> => pause().catch((error: unknown) => { stoppedHere = error; throw error; });
    const built = await this.buildInSlices(traceId, ownPause).catch((error: unknown) => {
      if (error === stoppedHere) throw error;
      return this.buildInSlices(traceId, pause);
    });
    await this.analyzeInSlices(traceId, built, pause);
    // What follows (the read, then the text's first slice) starts a slice of its own.
    if (built) await pause();
    // The spans just built even when too big for the cache; a trace that changed meanwhile (still
    // arriving) is read as usual.
    const read = this.traceRead(traceId, built);
    return read ? { document: await runInSlices(this.texts.documentSteps(read.trace, read.base), pause), built } : undefined;
  }

  /** Builds and caches the trace's spans a slice at a time, unless cached at its version (one build at a time per version). */
  private buildInSlices(traceId: string, pause: () => Promise<void>): Promise<BuiltVersion | undefined> {
    const version = this.getTraceSummary(traceId)?.updatedSeq;
    if (version === undefined || this.cache.has(traceId, version)) return Promise.resolve(undefined);
    const key = `${traceId}@${version}`;
    let building = this.building.get(key);
    if (!building) {
      building = runInSlices(this.buildSteps(traceId), pause)
        .then((built) => ({ version, spans: this.keepBuilt(traceId, version, built), bytes: cachedBytes(built) }))
        .finally(() => this.building.delete(key));
      this.building.set(key, building);
    }
    return building;
  }

  /** The retrieval analysis of the trace's built spans, kept for the read that follows, a slice at a time (seconds for a big RAG trace). */
  private async analyzeInSlices(traceId: string, built: BuiltVersion | undefined, pause: () => Promise<void>): Promise<void> {
    const summary = this.getTraceSummary(traceId);
    const spans = summary && (built?.version === summary.updatedSeq ? built.spans : this.cache.get(traceId, summary.updatedSeq));
    if (!summary || !spans) return;
    // A nearby trace searched for a consuming call and not built yet is built pausing too.
    const input = { ...this.analysisInput(summary, spans), spansOfInSlices: (other: NearbyTrace) => this.spansAtInSlices(other.traceId, other.version) };
    await runInSlices(this.retrievals.analyzedInSlices(input, new SliceClock(ANALYSIS_STEPS_PER_SLICE)), pause);
  }

  /** getTraceJsonBytes as a string. */
  getTraceJsonText(traceIds: readonly string[]): string {
    const bytes = this.getTraceJsonBytes(traceIds);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  /** One trace in Trace JSON, and the cached spans (`base`) it was made from; null when not stored. */
  private traceRead(traceId: string, built?: BuiltVersion): { trace: TraceJsonTrace; base: readonly TraceJsonSpan[] } | null {
    const summary = this.getTraceSummary(traceId);
    if (!summary) {
      this.cache.forget(traceId);
      this.retrievals.forget(traceId);
      this.texts.forget(traceId);
      return null;
    }
    const trace = traceJsonHeader(summary);
    const base = built?.version === summary.updatedSeq ? built.spans : this.spansAt(traceId, summary.updatedSeq);
    // Reused while the trace and the other traces it searched are unchanged (see the cache);
    // whether a link's target is stored is settled on every read.
    trace.spans = this.linksResolved(this.retrievals.analyzed(this.analysisInput(summary, base)));
    return { trace, base };
  }

  /** What the retrieval analysis of a trace's built spans reads (see retrieval-analysis-cache.ts). */
  private analysisInput(summary: TraceSummary, spans: readonly TraceJsonSpan[]): AnalysisInput {
    return {
      traceId: summary.traceId,
      spans,
      nearby: () => this.tracesNear(summary),
      spansOf: (other) => this.spansAt(other.traceId, other.version),
    };
  }

  /** A trace's spans in Trace JSON, built from the store and cached at this version. */
  private buildSpans(traceId: string, version: number): TraceJsonSpan[] {
    return this.keepBuilt(traceId, version, runToEnd(this.buildSteps(traceId)));
  }

  private buildSteps(traceId: string): Generator<void, BuiltSpans> {
    return buildTraceSpans(this.store, traceId);
  }

  private keepBuilt(traceId: string, version: number, built: BuiltSpans): TraceJsonSpan[] {
    this.cache.put(traceId, version, built.spans, cachedBytes(built));
    return built.spans;
  }

  /** spansAt, built a slice at a time when not cached. */
  private *spansAtInSlices(traceId: string, version: number): Generator<void, readonly TraceJsonSpan[]> {
    return this.cache.get(traceId, version) ?? this.keepBuilt(traceId, version, yield* this.buildSteps(traceId));
  }

  /** A trace's spans before the retrieval analysis, from the cache or the store. */
  private spansAt(traceId: string, version: number): readonly TraceJsonSpan[] {
    return this.cache.get(traceId, version) ?? this.buildSpans(traceId, version);
  }
}
