/**
 * The cost panel: totals for a window, the budget, unpriced models, cost over time by model,
 * breakdowns, runs with spikes, the costliest calls and what-if re-pricing. Every report from the
 * host replaces the data; sorting, the chosen breakdown and the selection stay.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CostDimension, CostReport, CostWindow, WhatIfResult } from '../../src/protocol/cost';
import type { BudgetState, CostPanelPersistedState, FromCostPanel, ToCostPanel } from '../../src/protocol/cost-panel';
import { assertNever } from '../../src/protocol/panel-messages';
import { Button } from '../components/ui/button';
import { usePersistedState, useVsCode } from '../shared/vscode-api';
import { BreakdownTable, type Sort } from './breakdown-table';
import { CostOverTime } from './cost-over-time';
import { Costliest, Runs } from './runs-section';
import { Budget, Totals, Unpriced } from './totals';
import { WhatIf } from './what-if';

const WINDOWS: Array<{ value: CostWindow; label: string }> = [
  { value: '15m', label: 'Last 15 min' }, { value: '1h', label: 'Last hour' }, { value: 'today', label: 'Today' }, { value: 'all', label: 'Everything' },
];
const DIMENSIONS: Array<{ value: CostDimension; label: string }> = [
  { value: 'model', label: 'Model' }, { value: 'flow', label: 'Flow' }, { value: 'prompt', label: 'Prompt' },
  { value: 'session', label: 'Session' }, { value: 'service', label: 'Service' }, { value: 'kind', label: 'Span kind' },
];

type State = CostPanelPersistedState;

export function App() {
  const vscode = useVsCode<FromCostPanel, State>();
  const [report, setReport] = useState<CostReport | null>(null);
  const [budget, setBudget] = useState<BudgetState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [window, setWindow] = usePersistedState<State, 'window'>('window', 'today');
  const [dimension, setDimension] = usePersistedState<State, 'dimension'>('dimension', 'model');
  const [sort, setSort] = usePersistedState<State, 'sort'>('sort', { column: 'costUsd', descending: true });
  const [selectedKey, setSelectedKey] = usePersistedState<State, 'selectedKey'>('selectedKey', undefined);
  const [whatIfModel, setWhatIfModel] = usePersistedState<State, 'whatIfModel'>('whatIfModel', undefined);
  const [selectedRun, setSelectedRun] = useState<{ traceId: string; flow: string } | null>(null);
  const [whatIf, setWhatIf] = useState<WhatIfResult | null>(null);
  const pendingWhatIf = useRef(0);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const onMessage = (e: MessageEvent<ToCostPanel>) => {
      const m = e.data;
      switch (m.type) {
        case 'report':
          setReport(m.report);
          setBudget(m.budget);
          setError(null);
          return;
        case 'whatIf':
          if (m.requestId === pendingWhatIf.current) {
            setWhatIf(m.result);
            setPending(false);
          }
          return;
        case 'error':
          setError(m.message);
          return;
        default:
          assertNever(m, 'message to the cost panel');
      }
    };
    globalThis.addEventListener('message', onMessage);
    vscode.postMessage({ type: 'ready' });
    if (window && window !== 'today') vscode.postMessage({ type: 'setWindow', window });
    return () => globalThis.removeEventListener('message', onMessage);
  }, [vscode]);

  vscode.setState({ ...vscode.getState(), key: 'cost' } as State);
  const chooseWindow = (w: CostWindow) => {
    setWindow(w);
    setWhatIf(null);
    vscode.postMessage({ type: 'setWindow', window: w });
  };
  const askWhatIf = (traceId?: string) => {
    const model = whatIfModel ?? report?.whatIfModels[0];
    if (!model) return;
    pendingWhatIf.current += 1;
    setPending(true);
    vscode.postMessage({ type: 'whatIf', requestId: pendingWhatIf.current, model, ...(traceId ? { traceId } : {}) });
  };
  const open = (traceId: string, spanId?: string) => vscode.postMessage({ type: 'openTrace', traceId, ...(spanId ? { spanId } : {}) });

  return (
    <div class="tl-cost">
      <header class="tl-cost-header">
        <h1>Cost</h1>
        <div class="tl-cost-windows" role="radiogroup" aria-label="Time window">
          {WINDOWS.map((w) => (
            <Button key={w.value} variant={w.value === (window ?? 'today') ? 'primary' : 'secondary'} role="radio" aria-checked={w.value === window} onClick={() => chooseWindow(w.value)}>
              {w.label}
            </Button>
          ))}
        </div>
        <Button onClick={() => vscode.postMessage({ type: 'exportCsv' })} disabled={!report}>Export CSV…</Button>
      </header>
      {error ? <p class="tl-banner" role="alert">{error}</p> : null}
      {!report ? <p class="tl-loading">Loading costs…</p> : (
        <>
          <Totals totals={report.totals} />
          <Budget budget={budget} onSet={() => vscode.postMessage({ type: 'setBudget' })} />
          <Unpriced models={report.unpriced} onAddPrice={(m) => vscode.postMessage({ type: 'addPrice', model: m.model!, ...(m.provider ? { provider: m.provider } : {}) })} />
          <section aria-label="Cost over time">
            <h2>Cost over time <span class="tl-muted">per {report.series.bucketMs >= 3_600_000 ? `${report.series.bucketMs / 3_600_000} h` : `${report.series.bucketMs / 60_000} min`}, by model</span></h2>
            {report.totals.costUsd > 0 ? <CostOverTime series={report.series} /> : <p class="tl-empty">No priced calls in this window.</p>}
          </section>
          <section aria-label="Breakdown">
            <h2>Breakdown</h2>
            <div class="tl-cost-tabs" role="tablist" aria-label="Break down by">
              {DIMENSIONS.map((d) => (
                <button type="button" role="tab" key={d.value} aria-selected={d.value === dimension} class={`tl-tab ${d.value === dimension ? 'tl-tab-active' : ''}`} onClick={() => setDimension(d.value)}>
                  {d.label} <span class="tl-muted">{report.breakdowns[d.value].length}</span>
                </button>
              ))}
            </div>
            <BreakdownTable rows={report.breakdowns[dimension ?? 'model']} sort={sort as Sort} onSort={setSort} selectedKey={selectedKey} onSelect={setSelectedKey} label={`Cost by ${dimension}`} />
          </section>
          <WhatIf models={report.whatIfModels} model={whatIfModel ?? report.whatIfModels[0] ?? ''} onModel={setWhatIfModel} selectedRun={selectedRun} onAsk={askWhatIf} result={whatIf} pending={pending} />
          <section aria-label="Runs">
            <h2>Runs</h2>
            <Runs runs={report.runs} selectedTraceId={selectedRun?.traceId} onSelect={(r) => setSelectedRun({ traceId: r.traceId, flow: r.flow })} onOpen={open} />
          </section>
          <section aria-label="Costliest calls">
            <h2>Costliest calls</h2>
            <Costliest spans={report.costliest} onOpen={open} />
          </section>
        </>
      )}
    </div>
  );
}
