/**
 * The compare panel's side of the protocol: posts `ready`, keeps the latest comparison (replaced
 * whole on every update: a run still arriving), and fetches the spans of a selected row.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CompareView, FromComparePanel, ToComparePanel } from '../../src/protocol/compare-panel';
import { assertNever } from '../../src/protocol/panel-messages';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import type { VsCodeApi } from '../shared/vscode-api';

export interface PairSpans {
  a: TraceJsonSpan | null;
  b: TraceJsonSpan | null;
}

export interface CompareHost {
  view: CompareView | null;
  missing: string[];
  error: string | null;
  /** Bumped on every comparison received, so a selected pair is fetched again. */
  version: number;
  requestPair(a: string | null, b: string | null): Promise<PairSpans>;
}

export function useCompareHost(vscode: VsCodeApi<FromComparePanel>): CompareHost {
  const [view, setView] = useState<CompareView | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const pending = useRef(new Map<number, (spans: PairSpans) => void>());
  const nextId = useRef(1);

  useEffect(() => {
    const onMessage = (event: MessageEvent<ToComparePanel>) => {
      const message = event.data;
      switch (message.type) {
        case 'comparison':
          setView(message.view);
          setMissing([]);
          setError(null);
          setVersion((v) => v + 1);
          return;
        case 'missing':
          setMissing(message.traceIds);
          return;
        case 'pairDetail': {
          const resolve = pending.current.get(message.requestId);
          pending.current.delete(message.requestId);
          resolve?.({ a: message.a, b: message.b });
          return;
        }
        case 'error':
          setError(message.message);
          return;
        default:
          return assertNever(message, 'message from the host');
      }
    };
    window.addEventListener('message', onMessage);
    vscode.postMessage({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, [vscode]);

  const requestPair = useCallback((a: string | null, b: string | null) => new Promise<PairSpans>((resolve) => {
    const requestId = nextId.current++;
    pending.current.set(requestId, resolve);
    vscode.postMessage({ type: 'requestPair', requestId, a, b });
  }), [vscode]);

  return { view, missing, error, version, requestPair };
}
