/**
 * One open trace panel's data side: answers the webview's requests from the engine and turns the
 * engine's `changed` events into incremental updates. No `vscode` import: the host shell gives it
 * a `post` function and the few editor actions it needs, so it runs in plain Node tests.
 */
import type { EngineClientLike, EngineEvent, SpanRow } from '../../protocol/engine-api';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import { assertNever, type LinkedSpan, type ToolCallLinks, type TracePanelRequest, type ToTracePanel, type TracePanelActions } from '../../protocol/trace-panel';
import { searchSpans } from '../../analysis/trace-search';
import type { PanelChannel, PanelSession } from './panel-connection';
import { clipLongStrings } from '../../analysis/clip-values';

/** The webview channel plus the trace panel's extension points (trace-panel-actions.ts). */
export interface TracePanelEditor extends PanelChannel<ToTracePanel> {
  /** Opens text in a new editor (a whole span whose values the panel shows clipped). */
  openText?(content: string, language: string): Promise<void>;
  openPrompt?(traceId: string, spanId: string): void;
  /** Opens the workspace lines a message of span `spanId` came from (only inside the workspace). */
  openSource?(traceId: string, spanId: string, range: { path: string; startLine: number; endLine: number }): Promise<void>;
  compareWith?(traceId: string): void;
  inspectRetrieval?(traceId: string, spanId: string): void;
}

/** Spans linking to the selected span that the panel lists (it says how many more there are). */
export const LINKED_FROM_SHOWN = 1000;

/** Cheap identity of a row's visible content, to send only rows that changed. */
const rowSignature = (r: SpanRow) => JSON.stringify(r);

export class TracePanelSession implements PanelSession<TracePanelRequest> {
  private rows = new Map<string, string>();
  /** Span names by id, to name the spans a tool span links to. */
  private names = new Map<string, string>();
  private traceJson: Promise<TraceJsonSpan[]> | null = null;
  /** Serializes snapshot and update work so a slow query cannot reorder what the webview sees. */
  private queue: Promise<void> = Promise.resolve();
  private pendingSelect: string | undefined;
  private disposed = false;

  constructor(
    readonly traceId: string,
    private readonly engine: EngineClientLike,
    private readonly editor: TracePanelEditor,
    private readonly actions: () => TracePanelActions,
    selectSpanId?: string,
  ) {
    this.pendingSelect = selectSpanId;
  }

  /** Select a span: at the next snapshot if the webview is not loaded, else at once. */
  select(spanId: string): void {
    if (this.editor.isReady()) this.editor.post({ type: 'selectSpan', spanId });
    else this.pendingSelect = spanId;
  }

  /** A feature registered or removed an action handler: show or hide its button. */
  actionsChanged(): void {
    if (this.editor.isReady()) this.editor.post({ type: 'actions', actions: this.actions() });
  }

  /** The webview (re)loaded: a full snapshot, in order with any update under way. */
  onReady(): Promise<void> {
    return this.enqueue(() => this.sendSnapshot());
  }

  handle(message: TracePanelRequest): Promise<void> {
    switch (message.type) {
      case 'requestSpan':
        return this.sendDetail(message.requestId, message.spanId);
      case 'search':
        return this.sendSearch(message.requestId, message.query);
      case 'openPrompt':
        this.editor.openPrompt?.(this.traceId, message.spanId);
        return Promise.resolve();
      case 'openSpanInEditor':
        return this.openSpanInEditor(message.spanId);
      case 'openSource':
        return this.editor.openSource?.(this.traceId, message.spanId, { path: message.path, startLine: message.startLine, endLine: message.endLine }) ?? Promise.resolve();
      case 'compareWith':
        this.editor.compareWith?.(message.traceId);
        return Promise.resolve();
      case 'inspectRetrieval':
        this.editor.inspectRetrieval?.(this.traceId, message.spanId);
        return Promise.resolve();
      default:
        return assertNever(message, 'message from the trace panel');
    }
  }

  onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'changed' || this.disposed) return;
    if (event.evictedTraceIds.includes(this.traceId)) {
      this.traceJson = null;
      if (this.editor.isReady()) this.editor.post({ type: 'traceRemoved', traceId: this.traceId });
      return;
    }
    if (!event.traceIds.includes(this.traceId)) return;
    this.traceJson = null;
    void this.enqueue(() => this.sendUpdate());
  }

  dispose(): void {
    this.disposed = true;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work).catch((e) => this.editor.log.error(`trace panel: ${e instanceof Error ? e.message : String(e)}`));
    this.queue = next;
    return next;
  }

  private async sendSnapshot(): Promise<void> {
    const [summary, rows] = await Promise.all([
      this.engine.call('getTraceSummary', { traceId: this.traceId }),
      this.engine.call('getSpanRows', { traceId: this.traceId }),
    ]);
    if (this.disposed) return;
    this.rows = new Map(rows.map((r) => [r.spanId, rowSignature(r)]));
    this.names = new Map(rows.map((r) => [r.spanId, r.name]));
    const selectSpanId = this.pendingSelect;
    this.pendingSelect = undefined;
    this.editor.post({ type: 'snapshot', traceId: this.traceId, summary, rows, actions: this.actions(), ...(selectSpanId ? { selectSpanId } : {}) });
  }

  private async sendUpdate(): Promise<void> {
    // Not loaded: nothing to update; the next `ready` sends a full snapshot.
    if (!this.editor.isReady()) return;
    const [summary, rows] = await Promise.all([
      this.engine.call('getTraceSummary', { traceId: this.traceId }),
      this.engine.call('getSpanRows', { traceId: this.traceId }),
    ]);
    if (this.disposed) return;
    if (!summary && rows.length === 0) {
      this.editor.post({ type: 'traceRemoved', traceId: this.traceId });
      return;
    }
    const upserted = rows.filter((r) => this.rows.get(r.spanId) !== rowSignature(r));
    for (const r of upserted) {
      this.rows.set(r.spanId, rowSignature(r));
      this.names.set(r.spanId, r.name);
    }
    this.editor.post({ type: 'spansChanged', traceId: this.traceId, summary, upserted });
  }

  /** The whole trace with content, for search; fetched once per trace version. */
  private allSpans(): Promise<TraceJsonSpan[]> {
    this.traceJson ??= this.engine
      .call('getTraceJson', { traceIds: [this.traceId] })
      .then((doc) => doc.traces.find((t) => t.traceId === this.traceId)?.spans ?? []);
    const pending = this.traceJson;
    pending.catch(() => {
      if (this.traceJson === pending) this.traceJson = null;
    });
    return pending;
  }

  private async sendDetail(requestId: number, spanId: string): Promise<void> {
    const [span, links] = await Promise.all([
      this.engine.call('getSpan', { traceId: this.traceId, spanId }),
      this.engine.call('getSpanLinks', { traceId: this.traceId, spanId, limit: LINKED_FROM_SHOWN }),
    ]);
    const toolLinks = span?.toolLink ? await this.namedLinks(span.toolLink) : undefined;
    if (this.disposed) return;
    // Only what the panel can show travels: a 10 MB value is clipped (openSpanInEditor has it all).
    const clipped = span ? clipLongStrings(span).value : span;
    const spanLinks = links && (links.targets.length > 0 || links.linkedFromTotal > 0) ? links : undefined;
    this.editor.post({ type: 'spanDetail', requestId, spanId, span: clipped, ...(toolLinks ? { toolLinks } : {}), ...(spanLinks ? { spanLinks } : {}) });
  }

  private async openSpanInEditor(spanId: string): Promise<void> {
    const span = await this.engine.call('getSpan', { traceId: this.traceId, spanId });
    if (span && !this.disposed) await this.editor.openText?.(JSON.stringify(span, null, 2), 'json');
  }

  /** The span's `toolLink` as the engine computed it, with the names the panel shows. */
  private async namedLinks(link: NonNullable<TraceJsonSpan['toolLink']>): Promise<ToolCallLinks> {
    const ids = [link.requestedBySpanId, link.consumedBySpanId];
    // Asked before the snapshot, or the linked span arrived since: read the names afresh.
    if (ids.some((id) => id !== undefined && !this.names.has(id))) {
      const rows = await this.engine.call('getSpanRows', { traceId: this.traceId });
      for (const r of rows) this.names.set(r.spanId, r.name);
    }
    const named = (id: string | undefined): LinkedSpan | undefined => {
      const name = id === undefined ? undefined : this.names.get(id);
      return id !== undefined && name !== undefined ? { spanId: id, name } : undefined;
    };
    const requestedBy = named(link.requestedBySpanId);
    const consumedBy = named(link.consumedBySpanId);
    return { ...(requestedBy ? { requestedBy } : {}), ...(consumedBy ? { consumedBy } : {}) };
  }

  private async sendSearch(requestId: number, query: string): Promise<void> {
    const spanIds = query.trim() ? searchSpans(await this.allSpans(), query) : [];
    if (this.disposed) return;
    this.editor.post({ type: 'searchResult', requestId, query, spanIds });
  }
}
