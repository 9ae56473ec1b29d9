/**
 * One open retrieval inspector's data side: builds the view from the engine's Trace JSON (which
 * carries the retrieval analysis) and sends it again whenever the trace, or the trace holding the
 * answer, changes. No `vscode` import, so it runs in plain Node and webview tests.
 */
import { buildRetrievalView } from '../../analysis/retrieval';
import type { EngineClientLike, EngineEvent } from '../../protocol/engine-api';
import { assertNever } from '../../protocol/panel-messages';
import type { RetrievalPanelRequest, ToRetrievalPanel } from '../../protocol/retrieval-panel';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import type { PanelChannel, PanelSession } from './panel-connection';

const isStep = (s: TraceJsonSpan): boolean => (s.kind === 'retrieval' || s.kind === 'rerank') && !!s.retrieval;

export class RetrievalPanelSession implements PanelSession<RetrievalPanelRequest> {
  private queue: Promise<void> = Promise.resolve();
  private answerTraceId: string | undefined;
  /** No consuming model call found yet: a new trace may hold it (LangChain's second trace). */
  private waitingForAnswer = false;
  private disposed = false;

  constructor(
    readonly traceId: string,
    /** The span opened on; null for a panel restored before its webview said which. */
    private focusSpanId: string | null,
    private readonly engine: EngineClientLike,
    private readonly channel: PanelChannel<ToRetrievalPanel>,
  ) {}

  get spanId(): string | null {
    return this.focusSpanId;
  }

  /** Show the pipeline of another span of the same trace. */
  focus(spanId: string): Promise<void> {
    this.focusSpanId = spanId;
    return this.enqueue(() => this.sendSnapshot());
  }

  onReady(): Promise<void> {
    return this.enqueue(() => this.sendSnapshot());
  }

  handle(message: RetrievalPanelRequest): Promise<void> {
    switch (message.type) {
      case 'focus':
        return this.focus(message.spanId);
      default:
        return assertNever(message.type, 'message from the retrieval inspector');
    }
  }

  onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'changed' || this.disposed) return;
    if (event.evictedTraceIds.includes(this.traceId)) {
      if (this.channel.isReady()) this.channel.post({ type: 'traceRemoved', traceId: this.traceId });
      return;
    }
    const touched = [this.traceId, this.answerTraceId].some((id) => id !== undefined && (event.traceIds.includes(id) || event.evictedTraceIds.includes(id)));
    if (touched || (event.traceIds.length > 0 && this.waitingForAnswer)) void this.enqueue(() => this.sendSnapshot());
  }

  dispose(): void {
    this.disposed = true;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work).catch((e) => this.channel.log.error(`retrieval inspector: ${e instanceof Error ? e.message : String(e)}`));
    this.queue = next;
    return next;
  }

  private async sendSnapshot(): Promise<void> {
    if (!this.channel.isReady()) return;
    const trace = (await this.engine.call('getTraceJson', { traceIds: [this.traceId] })).traces[0];
    if (this.disposed) return;
    if (!trace) {
      this.channel.post({ type: 'traceRemoved', traceId: this.traceId });
      return;
    }
    const spans = trace.spans ?? [];
    // A panel restored without its span shows the trace's first retrieval until the webview asks.
    const focusSpanId = this.focusSpanId ?? spans.find(isStep)?.spanId ?? null;
    const focus = spans.find((s) => s.spanId === focusSpanId);
    const answerSpanId = focus?.kind === 'llm' ? undefined : focus?.retrieval?.answerSpanId;
    this.answerTraceId = spans.find((s) => isStep(s) && answerSpanId !== undefined && s.retrieval?.answerSpanId === answerSpanId)?.retrieval?.answerTraceId;
    const answerTraceSpans = this.answerTraceId
      ? (await this.engine.call('getTraceJson', { traceIds: [this.answerTraceId] })).traces[0]?.spans
      : undefined;
    if (this.disposed) return;
    const view = focusSpanId ? buildRetrievalView({ traceId: this.traceId, traceName: trace.name, spans, focusSpanId, answerTraceSpans }) : null;
    this.waitingForAnswer = !!view && !view.answer;
    const message = view ? undefined
      : !focusSpanId ? 'This trace has no retrieval or rerank step.'
        : focus ? `“${focus.name}” is not a retrieval or rerank step, and no retrieval in this trace fed it.` : 'This span is no longer in the trace.';
    this.channel.post({ type: 'snapshot', focusSpanId, view, ...(message ? { message } : {}) });
  }
}
