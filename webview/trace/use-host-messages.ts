/**
 * The webview's side of the protocol: the trace as the host last sent it, span details on demand,
 * search results. Every host message type is handled here (`assertNever` keeps it so).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SpanLinksInfo, SpanRow, TraceSummary } from '../../src/protocol/engine-api';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import { assertNever, type FromTracePanel, type ToolCallLinks, type ToTracePanel, type TracePanelActions, type TracePanelPersistedState } from '../../src/protocol/trace-panel';
import type { VsCodeApi } from '../shared/vscode-api';

const MAX_CACHED_DETAILS = 100;

export interface LoadedTrace {
  traceId: string;
  summary: TraceSummary | null;
  rows: SpanRow[];
  /** Bumped on every change, so memoized views know when to recompute. */
  version: number;
  removed: boolean;
}

export interface SpanDetailEntry {
  span: TraceJsonSpan | null;
  toolLinks?: ToolCallLinks;
  spanLinks?: SpanLinksInfo;
}

export interface HostMessageHandlers {
  /** A snapshot arrived (first load or start over), possibly asking to select a span. */
  onSnapshot(traceId: string, selectSpanId: string | undefined): void;
  onSelectSpan(spanId: string): void;
}

export function useHostMessages(vscode: VsCodeApi<FromTracePanel, TracePanelPersistedState>, handlers: HostMessageHandlers) {
  const [trace, setTrace] = useState<LoadedTrace | null>(null);
  const [actions, setActions] = useState<TracePanelActions>({ openPrompt: false, compare: false });
  const [details, setDetails] = useState<ReadonlyMap<string, SpanDetailEntry>>(new Map());
  const [search, setSearch] = useState<{ requestId: number; query: string; spanIds: ReadonlySet<string> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nextRequestId = useRef(1);
  /** The latest request per span, and the data epoch it was made in. */
  const detailRequests = useRef(new Map<string, { requestId: number; epoch: number }>());
  const detailEpoch = useRef(0);
  const latestSearch = useRef(0);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const msg = event.data as ToTracePanel;
      if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
      switch (msg.type) {
        case 'snapshot':
          detailRequests.current.clear();
          setDetails(new Map());
          setActions(msg.actions);
          setTrace((prev) => ({ traceId: msg.traceId, summary: msg.summary, rows: msg.rows, version: (prev?.version ?? 0) + 1, removed: false }));
          handlersRef.current.onSnapshot(msg.traceId, msg.selectSpanId);
          break;
        case 'spansChanged': {
          const changed = new Set(msg.upserted.map((r) => r.spanId));
          setTrace((prev) => {
            if (!prev || prev.traceId !== msg.traceId) return prev;
            const rows = prev.rows.filter((r) => !changed.has(r.spanId)).concat(msg.upserted);
            return { ...prev, summary: msg.summary, rows, version: prev.version + 1 };
          });
          // Any change may touch any span's detail (late log records carry content, attributes are
          // not in the rows): cached details become stale. They stay on screen until the fresh
          // answer replaces them, so the view does not flicker.
          detailEpoch.current++;
          break;
        }
        case 'traceRemoved':
          setTrace((prev) => (prev && prev.traceId === msg.traceId ? { ...prev, removed: true, version: prev.version + 1 } : prev));
          break;
        case 'selectSpan':
          handlersRef.current.onSelectSpan(msg.spanId);
          break;
        case 'spanDetail':
          // Only the latest request for a span counts; older answers may describe an older version.
          if (detailRequests.current.get(msg.spanId)?.requestId !== msg.requestId) break;
          setDetails((prev) => {
            const next = new Map(prev);
            next.delete(msg.spanId); // re-inserted last: the map's order is the order of use
            next.set(msg.spanId, { span: msg.span, ...(msg.toolLinks ? { toolLinks: msg.toolLinks } : {}), ...(msg.spanLinks ? { spanLinks: msg.spanLinks } : {}) });
            // Details can be large (whole conversations): keep only the most recently shown ones.
            for (const id of next.keys()) {
              if (next.size <= MAX_CACHED_DETAILS) break;
              next.delete(id);
              detailRequests.current.delete(id);
            }
            return next;
          });
          break;
        case 'searchResult':
          if (msg.requestId !== latestSearch.current) break;
          setSearch({ requestId: msg.requestId, query: msg.query, spanIds: new Set(msg.spanIds) });
          break;
        case 'actions':
          setActions(msg.actions);
          break;
        case 'error':
          setError(msg.message);
          break;
        default:
          assertNever(msg, 'message from the host');
      }
    };
    window.addEventListener('message', onMessage);
    vscode.postMessage({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, [vscode]);

  /** Requests a span's detail unless a request in the current data epoch was already made. */
  const ensureDetail = (spanId: string) => {
    if (detailRequests.current.get(spanId)?.epoch === detailEpoch.current) return;
    const requestId = nextRequestId.current++;
    detailRequests.current.set(spanId, { requestId, epoch: detailEpoch.current });
    vscode.postMessage({ type: 'requestSpan', requestId, spanId });
  };

  const requestSearch = (query: string) => {
    const requestId = nextRequestId.current++;
    latestSearch.current = requestId;
    vscode.postMessage({ type: 'search', requestId, query });
  };

  return { trace, actions, details, search, error, ensureDetail, requestSearch };
}
