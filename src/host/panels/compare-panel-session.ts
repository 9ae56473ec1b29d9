/**
 * One open compare panel's data side: reads both runs from the engine, compares them (pure
 * analysis), sends the comparison, answers the webview's requests for a pair's spans, and compares
 * again when either run changes (run B still arriving). No `vscode` import: tested in plain Node.
 */
import { clipLongStrings } from '../../analysis/clip-values';
import { compareTraces } from '../../analysis/compare/compare-runs';
import type { EngineClientLike, EngineEvent } from '../../protocol/engine-api';
import type { CompareRowView, CompareSpanBrief, ComparePanelRequest, ToComparePanel } from '../../protocol/compare-panel';
import { assertNever } from '../../protocol/panel-messages';
import type { TraceJsonSpan, TraceJsonTrace } from '../../protocol/trace-json';
import type { PanelChannel, PanelSession } from './panel-connection';

export interface SpanRef {
  traceId: string;
  spanId: string;
  name: string;
}

export interface CompareTab extends PanelChannel<ToComparePanel> {
  setTitle(title: string): void;
  openDiff(a: SpanRef, b: SpanRef): Promise<void>;
}

interface Runs {
  a: TraceJsonTrace;
  b: TraceJsonTrace;
  spansA: Map<string, TraceJsonSpan>;
  spansB: Map<string, TraceJsonSpan>;
}

export class ComparePanelSession implements PanelSession<ComparePanelRequest> {
  private runs: Runs | null = null;
  private running: Promise<void> | null = null;
  /** A change arrived while comparing: compare once more afterwards (never more than one waits). */
  private again = false;
  private disposed = false;

  constructor(
    readonly traceIdA: string,
    readonly traceIdB: string,
    private readonly engine: EngineClientLike,
    private readonly tab: CompareTab,
  ) {}

  onReady(): Promise<void> {
    return this.refresh();
  }

  async handle(message: ComparePanelRequest): Promise<void> {
    switch (message.type) {
      case 'requestPair': {
        const runs = this.runs;
        const a = message.a === null ? null : runs?.spansA.get(message.a) ?? null;
        const b = message.b === null ? null : runs?.spansB.get(message.b) ?? null;
        // Long values are clipped like the trace panel's; the diff editor shows them whole.
        this.tab.post({ type: 'pairDetail', requestId: message.requestId, a: a && clipLongStrings(a).value, b: b && clipLongStrings(b).value });
        return;
      }
      case 'openDiff': {
        const a = this.runs?.spansA.get(message.a);
        const b = this.runs?.spansB.get(message.b);
        if (!a || !b) return this.tab.log.warn(`compare panel: no span pair ${message.a} / ${message.b} to diff`);
        return this.tab.openDiff({ traceId: this.traceIdA, spanId: a.spanId, name: a.name }, { traceId: this.traceIdB, spanId: b.spanId, name: b.name });
      }
      default:
        return assertNever(message, 'message from the compare panel');
    }
  }

  onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'changed' || this.disposed) return;
    const touched = [...event.traceIds, ...event.evictedTraceIds];
    if (touched.includes(this.traceIdA) || touched.includes(this.traceIdB)) void this.refresh();
  }

  /** Compares the runs as they are now; changes during a comparison lead to one more. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.compareNow().catch((error: unknown) => {
          const message = `could not compare the runs: ${error instanceof Error ? error.message : String(error)}`;
          this.tab.log.error(`compare panel: ${message}`);
          this.tab.post({ type: 'error', message });
        });
      } while (this.again && !this.disposed);
      this.running = null;
    })();
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    this.runs = null;
  }

  private async compareNow(): Promise<void> {
    const doc = await this.engine.call('getTraceJson', { traceIds: [this.traceIdA, this.traceIdB] });
    if (this.disposed) return;
    const a = doc.traces.find((t) => t.traceId === this.traceIdA);
    const b = doc.traces.find((t) => t.traceId === this.traceIdB);
    if (!a || !b) {
      this.runs = null;
      this.tab.post({ type: 'missing', traceIds: [a ? null : this.traceIdA, b ? null : this.traceIdB].filter((id): id is string => id !== null) });
      return;
    }
    const spansA = new Map((a.spans ?? []).map((s) => [s.spanId, s]));
    const spansB = new Map((b.spans ?? []).map((s) => [s.spanId, s]));
    this.runs = { a, b, spansA, spansB };
    const { json, rows } = compareTraces(a, b);
    const brief = (span: TraceJsonSpan | undefined, run: TraceJsonTrace): CompareSpanBrief | null => span
      ? { spanId: span.spanId, name: span.name, kind: span.kind, status: span.status, offsetMs: span.startTimeUnixMs - run.startTimeUnixMs, durationMs: span.durationMs }
      : null;
    const rowViews: CompareRowView[] = rows.map((r) => ({
      depth: r.depth, pair: r.pair,
      a: r.a === null ? null : brief(spansA.get(r.a), a),
      b: r.b === null ? null : brief(spansB.get(r.b), b),
    }));
    this.tab.setTitle(a.name === b.name ? `Compare: ${a.name}` : `Compare: ${a.name} ↔ ${b.name}`);
    this.tab.post({ type: 'comparison', view: { comparison: json, rows: rowViews } });
  }
}
