/**
 * The retrieval analysis of recently read traces, so a repeat read of an unchanged trace (the
 * inspector, the trace panel, the query API asking again) does not analyze it again.
 *
 * A result is reused only while everything it was computed from is unchanged:
 * - the trace's spans: the very array the per-version span cache (trace-json-cache.ts) served,
 *   held weakly, so a trace that cache forgot, cleared or rebuilt is analyzed afresh;
 * - when the analysis looked for the consuming model call in other traces (LangChain can record
 *   it in a second trace), the traces it searched and their versions: a nearby trace that arrives
 *   or changes later is searched on the next read.
 * Only the spans the analysis replaced (retrieval and rerank steps) are kept; the rest of the
 * result is the cached spans themselves. Results are shared between callers and never mutated.
 */
import { analyzeRetrievalsInSlices, type AnalysisSlices, type TraceSpans } from '../../analysis/retrieval';
import { runToEnd } from './sliced';
import type { TraceJsonSpan } from '../../protocol/trace-json';

export interface NearbyTrace {
  traceId: string;
  version: number;
}

export interface AnalysisInput {
  traceId: string;
  /** The trace's spans before the analysis, as the span cache serves them. */
  spans: readonly TraceJsonSpan[];
  /** Traces where a consuming model call may be, with their versions (a store query). */
  nearby: () => NearbyTrace[];
  spansOf: (trace: NearbyTrace) => readonly TraceJsonSpan[];
  /** spansOf for a sliced analysis: a trace not built yet is built pausing on the way. */
  spansOfInSlices?: (trace: NearbyTrace) => Generator<void, readonly TraceJsonSpan[]>;
}

interface Entry {
  input: WeakRef<readonly TraceJsonSpan[]>;
  /** Nearby traces searched, as "id@version" joined; undefined when none was needed. */
  searched?: string;
  replaced: Map<number, TraceJsonSpan>;
}

/** Traces whose analysis is kept; each holds only its retrieval and rerank spans. */
export const DEFAULT_ANALYSES_KEPT = 64;

const fingerprint = (traces: readonly NearbyTrace[]): string => traces.map((t) => `${t.traceId}@${t.version}`).join(',');

export class RetrievalAnalysisCache {
  /** Insertion order is recency order: a hit is moved to the end. */
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = DEFAULT_ANALYSES_KEPT) {}

  /** analyzeRetrievals of the trace, reused when nothing it read has changed. */
  analyzed(input: AnalysisInput): TraceJsonSpan[] {
    return runToEnd(this.analyzedInSlices(input, { due: () => false, restart: () => undefined }));
  }

  /**
   * `analyzed`, pausing between steps whenever `slices` says so (a read that must not stop the
   * engine thread for a big RAG trace's analysis). The result is kept when it ends.
   */
  *analyzedInSlices(input: AnalysisInput, slices: AnalysisSlices): Generator<void, TraceJsonSpan[]> {
    const entry = this.valid(input);
    if (entry) {
      this.hits++;
      this.entries.delete(input.traceId);
      this.entries.set(input.traceId, entry);
      const out = input.spans.slice();
      for (const [i, span] of entry.replaced) out[i] = span;
      return out;
    }
    this.misses++;
    let searched: NearbyTrace[] | undefined;
    const spansOfInSlices = input.spansOfInSlices;
    const out = yield* analyzeRetrievalsInSlices(input.spans, {
      otherTraces: (): TraceSpans[] => (searched = input.nearby()).map((t) => ({ traceId: t.traceId, spans: input.spansOf(t) })),
      ...(spansOfInSlices && {
        otherTracesInSlices: function* (): Generator<void, TraceSpans[]> {
          const traces: TraceSpans[] = [];
          for (const t of (searched = input.nearby())) traces.push({ traceId: t.traceId, spans: yield* spansOfInSlices(t) });
          return traces;
        },
      }),
    }, slices);
    const replaced = new Map<number, TraceJsonSpan>();
    out.forEach((span, i) => { if (span !== input.spans[i]) replaced.set(i, span); });
    this.entries.delete(input.traceId);
    this.entries.set(input.traceId, { input: new WeakRef(input.spans), searched: searched && fingerprint(searched), replaced });
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(id);
    }
    return out;
  }

  /** The span at `index` of the analyzed trace when the kept analysis is still valid; undefined when it must run. */
  keptSpan(input: AnalysisInput, index: number): TraceJsonSpan | undefined {
    const entry = this.valid(input);
    return entry && (entry.replaced.get(index) ?? input.spans[index]);
  }

  private valid(input: AnalysisInput): Entry | undefined {
    const entry = this.entries.get(input.traceId);
    if (!entry || entry.input.deref() !== input.spans) return undefined;
    return entry.searched === undefined || entry.searched === fingerprint(input.nearby()) ? entry : undefined;
  }

  forget(traceId: string): void {
    this.entries.delete(traceId);
  }
}
