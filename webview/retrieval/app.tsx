/**
 * The retrieval inspector: the pipeline at a glance, the ranked documents of one step, the answer
 * with its evidence, and for rerankers a picture of what moved. Selecting a document highlights it
 * in the answer; selecting a highlight selects its document. View state persists with setState.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { assertNever } from '../../src/protocol/panel-messages';
import type { FromRetrievalPanel, RetrievalPanelPersistedState, RetrievalView, ToRetrievalPanel } from '../../src/protocol/retrieval-panel';
import { Button } from '../components/ui/button';
import { useVsCode, type VsCodeApi } from '../shared/vscode-api';
import { AnswerView } from './answer-view';
import { DocumentRows } from './document-rows';
import { identityOf } from './identity';
import { PipelineStrip } from './pipeline-strip';
import { RankChange } from './rank-change';

type Api = VsCodeApi<FromRetrievalPanel, RetrievalPanelPersistedState>;

interface Loaded {
  focusSpanId: string | null;
  view: RetrievalView | null;
  message?: string;
  removed: boolean;
}

function usePersisted(vscode: Api) {
  const initial = vscode.getState();
  const [selected, setSelected] = useState<string | undefined>(initial?.selected);
  const [stepSpanId, setStepSpanId] = useState<string | undefined>(initial?.stepSpanId);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set(initial?.expanded ?? []));
  return { initial, selected, setSelected, stepSpanId, setStepSpanId, expanded, setExpanded };
}

export function App() {
  const vscode = useVsCode<FromRetrievalPanel, RetrievalPanelPersistedState>();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const p = usePersisted(vscode);
  const askedForFocus = useRef(false);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const msg = event.data as ToRetrievalPanel;
      if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
      switch (msg.type) {
        case 'snapshot':
          // A panel restored after a reload: ask once for the span it showed before.
          if (!askedForFocus.current && p.initial?.spanId && msg.focusSpanId !== p.initial.spanId) {
            askedForFocus.current = true;
            vscode.postMessage({ type: 'focus', spanId: p.initial.spanId });
          }
          askedForFocus.current = true;
          setLoaded({ focusSpanId: msg.focusSpanId, view: msg.view, message: msg.message, removed: false });
          break;
        case 'traceRemoved':
          setLoaded((prev) => (prev ? { ...prev, removed: true } : prev));
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
  }, []);

  const view = loaded?.view ?? null;
  const step = useMemo(() => {
    if (!view) return undefined;
    const fromState = view.steps.find((s) => s.spanId === p.stepSpanId);
    return fromState ?? view.steps.find((s) => s.spanId === loaded?.focusSpanId) ?? view.steps[view.steps.length - 1];
  }, [view, p.stepSpanId, loaded?.focusSpanId]);

  useEffect(() => {
    if (!view || !loaded) return;
    vscode.setState({
      traceId: view.traceId, ...(loaded.focusSpanId ? { spanId: loaded.focusSpanId } : {}),
      ...(step ? { stepSpanId: step.spanId } : {}), ...(p.selected ? { selected: p.selected } : {}),
      ...(p.expanded.size > 0 ? { expanded: [...p.expanded].slice(0, 1000) } : {}),
    } satisfies RetrievalPanelPersistedState);
  }, [view, loaded, step, p.selected, p.expanded]);

  if (error) return <div class="tl-empty">{error}</div>;
  if (!loaded) return <div class="tl-loading">Loading retrieval…</div>;
  if (!view) return <div class="tl-empty">{loaded.message ?? 'Nothing to inspect.'}</div>;
  const context = view.steps[view.steps.length - 1];
  const select = (identity: string | undefined) => p.setSelected(identity);
  const selectRank = (rank: number) => {
    const doc = context.documents.find((d, i) => (d.rank ?? i + 1) === rank);
    if (!doc) return;
    const identity = identityOf(doc);
    p.setStepSpanId(context.spanId);
    p.setSelected(identity);
    p.setExpanded(new Set([...p.expanded, identity]));
  };
  const toggle = (identity: string) => {
    const next = new Set(p.expanded);
    if (next.has(identity)) next.delete(identity);
    else next.add(identity);
    p.setExpanded(next);
  };
  const rerank = view.steps.find((s) => s.kind === 'rerank' && s.dropped);
  return (
    <div class="rt-app">
      <header class="rt-header">
        <h1>Retrieval{view.traceName ? <span class="tl-muted"> · {view.traceName}</span> : null}</h1>
        <Button variant="link" onClick={() => vscode.postMessage({ type: 'openTrace', traceId: view.traceId, ...(loaded.focusSpanId ? { spanId: loaded.focusSpanId } : {}) })}>Show in trace</Button>
      </header>
      {loaded.removed && <div class="rt-banner">This trace was removed from the store; what is shown is the last copy received.</div>}
      <PipelineStrip view={view} activeStep={step?.spanId} onStep={(id) => p.setStepSpanId(id)} />
      <div class="rt-main">
        <section class="rt-docs" aria-label="Documents">
          {step && (
            <DocumentRows
              step={step}
              isContext={step === context}
              inContext={step === context ? view.answer?.inContext : undefined}
              selected={p.selected}
              expanded={p.expanded}
              onSelect={select}
              onToggle={toggle}
            />
          )}
        </section>
        <section class="rt-side" aria-label="Answer">
          <AnswerView view={view} context={context} selected={p.selected} onSelectRank={selectRank} />
          {rerank && <RankChange step={rerank} selected={p.selected} onSelect={(identity) => { p.setStepSpanId(rerank.spanId); select(identity); }} />}
        </section>
      </div>
    </div>
  );
}
