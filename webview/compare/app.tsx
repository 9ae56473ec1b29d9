/**
 * The compare panel: both runs' totals, deltas and verdict on top; the aligned tree on the left;
 * the selected row's differences on the right. The selection (by span ids, so it survives a run
 * that is still arriving) and the split are persisted with `vscode.setState`.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ComparePanelPersistedState, CompareView, FromComparePanel } from '../../src/protocol/compare-panel';
import { useVsCode } from '../shared/vscode-api';
import { AlignedRows } from './aligned-rows';
import { CompareHeader } from './compare-header';
import { PairDetail } from './pair-detail';
import { useCompareHost, type PairSpans } from './use-compare-host';

type Selection = { a: string | null; b: string | null };

/** The row showing `selection`, else the first changed step, else the first row. */
function rowIndexOf(view: CompareView, selection: Selection | undefined): number {
  if (selection) {
    const found = view.rows.findIndex((r) => (r.a?.spanId ?? null) === selection.a && (r.b?.spanId ?? null) === selection.b);
    if (found >= 0) return found;
  }
  const changed = view.rows.findIndex((r) => !r.a || !r.b || view.comparison.pairs[r.pair]?.changes.length > 0);
  return changed >= 0 ? changed : view.rows.length > 0 ? 0 : -1;
}

export function App() {
  const vscode = useVsCode<FromComparePanel, ComparePanelPersistedState>();
  const host = useCompareHost(vscode);
  const [selection, setSelection] = useState<Selection | undefined>(() => vscode.getState()?.selected);
  const [spans, setSpans] = useState<PairSpans | null>(null);
  const view = host.view;
  const index = useMemo(() => (view ? rowIndexOf(view, selection) : -1), [view, selection]);
  const row = view && index >= 0 ? view.rows[index] : undefined;
  const pair = row && row.pair >= 0 ? view!.comparison.pairs[row.pair] : undefined;

  useEffect(() => {
    if (!view) return;
    const selected = row ? { a: row.a?.spanId ?? null, b: row.b?.spanId ?? null } : undefined;
    vscode.setState({ ...vscode.getState(), traceIdA: view.comparison.a.traceId, traceIdB: view.comparison.b.traceId, selected });
  }, [view, row, vscode]);

  useEffect(() => {
    if (!row) return;
    let current = true;
    setSpans(null);
    void host.requestPair(row.a?.spanId ?? null, row.b?.spanId ?? null).then((s) => current && setSpans(s));
    return () => {
      current = false;
    };
    // Fetched again for every new comparison: the spans of a run still arriving change.
  }, [row?.a?.spanId, row?.b?.spanId, host.version]);

  if (host.error && !view) return <p class="tl-empty">{host.error}</p>;
  if (!view && host.missing.length > 0) return <p class="tl-empty">Waiting for run {host.missing.join(' and ')}: the comparison appears as soon as Tracelight receives it.</p>;
  if (!view) return <p class="tl-loading">Comparing the two runs…</p>;
  const openTrace = (traceId: string, spanId?: string) => vscode.postMessage({ type: 'openTrace', traceId, ...(spanId ? { spanId } : {}) });
  return (
    <div class="tl-app">
      <CompareHeader comparison={view.comparison} onOpenTrace={(traceId) => openTrace(traceId)} />
      {host.missing.length > 0 && <p class="tl-banner">Run {host.missing.join(' and ')} is no longer in Tracelight; showing the last comparison.</p>}
      {host.error && <p class="tl-banner">{host.error}</p>}
      <div class="tl-main">
        <div class="tl-left tl-cmp-left">
          <AlignedRows view={view} selected={index} onSelect={(i) => setSelection({ a: view.rows[i].a?.spanId ?? null, b: view.rows[i].b?.spanId ?? null })} />
        </div>
        <div class="tl-detail">
          {row ? (
            <PairDetail row={row} pair={pair} spans={spans}
              onOpenDiff={() => row.a && row.b && vscode.postMessage({ type: 'openDiff', a: row.a.spanId, b: row.b.spanId })}
              onOpenTrace={(side) => {
                const span = side === 'a' ? row.a : row.b;
                if (span) openTrace(side === 'a' ? view.comparison.a.traceId : view.comparison.b.traceId, span.spanId);
              }} />
          ) : <p class="tl-empty">Both runs are empty.</p>}
        </div>
      </div>
    </div>
  );
}
