/**
 * The trace panel: header, toolbar, span tree + waterfall on the left, the selected span's detail
 * on the right. View state (selection, collapsed rows, split sizes, raw/rendered) is persisted with
 * `vscode.setState`, so a hidden or reloaded panel comes back as it was, rehydrated from the store.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FromTracePanel, TracePanelPersistedState } from '../../src/protocol/trace-panel';
import type { PromptSource, SpanKind } from '../../src/protocol/trace-json';
import { useVsCode } from '../shared/vscode-api';
import { HighlightContext } from '../components/highlight';
import { buildSpanTree } from '../../src/analysis/span-tree';
import { focusWindow } from '../../src/analysis/time-window';
import { ancestorIds, collapsedBeyondDepth, visibleRows, type RowFilter } from './model/visible-rows';
import { useHostMessages } from './use-host-messages';
import { useTraceSearch } from './use-trace-search';
import { SpanRows } from './span-rows';
import { TimeAxis, tickCountFor } from './time-axis';
import { TraceHeader } from './trace-header';
import { Toolbar } from './toolbar';
import { Splitter } from './splitter';
import { SpanDetail } from '../components/span-detail/span-detail';
import type { ContentMode } from '../components/span-detail/messages';
import { useOpenLocation } from '../shared/use-open-location';

const MAX_PERSISTED_COLLAPSED = 20_000;

export function App() {
  const vscode = useVsCode<FromTracePanel, TracePanelPersistedState>();
  const persisted = useRef(vscode.getState());
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [split, setSplit] = useState(persisted.current?.split ?? 0.55);
  const [nameColumn, setNameColumn] = useState(persisted.current?.nameColumn ?? 0.4);
  const [mode, setMode] = useState<ContentMode>(persisted.current?.rawContent ? 'raw' : 'rendered');
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [maxTicks, setMaxTicks] = useState(6);
  const scrollTop = useRef(persisted.current?.scrollTop ?? 0);
  // Scrolling updates the ref without re-rendering the app; a settled scroll bumps this counter so
  // the persisted state below is written (once per scroll burst, not once per scroll event).
  const [scrollSettled, setScrollSettled] = useState(0);
  const scrollTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingSelect = useRef<string | undefined>(undefined);
  const revealOnMount = useRef(true);
  const mainRef = useRef<HTMLDivElement>(null);
  const leftRef = useRef<HTMLDivElement>(null);

  const host = useHostMessages(vscode, {
    onSnapshot(traceId, selectSpanId) {
      const saved = persisted.current?.traceId === traceId ? persisted.current : undefined;
      if (!saved) scrollTop.current = 0;
      revealOnMount.current = selectSpanId !== undefined || !saved;
      setCollapsed(new Set(saved?.collapsed ?? []));
      pendingSelect.current = selectSpanId ?? saved?.selectedSpanId;
      setSelectedId(pendingSelect.current);
    },
    onSelectSpan(spanId) {
      pendingSelect.current = spanId;
      setSelectedId(spanId);
    },
  });
  const { trace } = host;
  const openLocation = useOpenLocation();
  const openPrompt = (spanId: string) => vscode.postMessage({ type: 'openPrompt', spanId });
  const openJson = (spanId: string) => vscode.postMessage({ type: 'openSpanInEditor', spanId });
  // A linked span, usually in another trace: the host opens that trace at that span.
  const openLinkedSpan = (traceId: string, spanId: string) => vscode.postMessage({ type: 'openTrace', traceId, spanId });
  const openSource = (spanId: string, source: PromptSource) =>
    vscode.postMessage({ type: 'openSource', spanId, path: source.path, startLine: source.startLine, endLine: source.endLine });

  const tree = useMemo(() => buildSpanTree(trace?.rows ?? []), [trace?.version]);
  // The waterfall's range: spans with a broken clock are marked, not drawn to scale.
  const window = useMemo(() => focusWindow(trace?.rows ?? []), [trace?.version]);
  const inspectRetrieval = (spanId: string) => vscode.postMessage({ type: 'inspectRetrieval', spanId });
  // "Inspect retrieval" is offered only in traces that retrieve something.
  const tracesRetrieval = useMemo(() => (trace?.rows ?? []).some((r) => r.kind === 'retrieval' || r.kind === 'rerank'), [trace?.version]);
  const filter: RowFilter = useMemo(() => ({ kinds: new Set(kind ? [kind] : []), errorsOnly }), [kind, errorsOnly]);
  const visible = useMemo(() => visibleRows(tree, collapsed, filter), [tree, collapsed, filter]);
  const kinds = useMemo(() => [...new Set(tree.rows.map((n) => n.span.kind))].sort() as SpanKind[], [tree]);

  // A requested selection (open at a span, next match) is revealed: its ancestors are expanded.
  // With no selection, the first row is selected once rows exist.
  useEffect(() => {
    const want = pendingSelect.current;
    if (want !== undefined && tree.indexById.has(want)) {
      pendingSelect.current = undefined;
      const ancestors = ancestorIds(tree, tree.indexById.get(want)!);
      if (ancestors.some((id) => collapsed.has(id))) setCollapsed((prev) => new Set([...prev].filter((id) => !ancestors.includes(id))));
    } else if ((selectedId === undefined || (want === undefined && !tree.indexById.has(selectedId))) && tree.rows.length) {
      setSelectedId(tree.rows[0].span.spanId);
    }
  }, [tree, selectedId]);

  // The selected span's detail is fetched when not cached, and again after the trace changed.
  const detail = selectedId ? host.details.get(selectedId) : undefined;
  useEffect(() => {
    if (selectedId && tree.indexById.has(selectedId)) host.ensureDetail(selectedId);
  }, [selectedId, tree]);

  const { matches, orderedMatches, searching } = useTraceSearch(query, tree, trace?.version, host.search, host.requestSearch);

  const select = (spanId: string) => {
    const index = tree.indexById.get(spanId);
    if (index === undefined) return;
    const ancestors = ancestorIds(tree, index);
    if (ancestors.some((id) => collapsed.has(id))) setCollapsed((prev) => new Set([...prev].filter((id) => !ancestors.includes(id))));
    setSelectedId(spanId);
  };
  const nextMatch = (step: 1 | -1) => {
    if (!orderedMatches.length) return;
    const current = selectedId ? tree.indexById.get(selectedId) ?? -1 : -1;
    const positions = orderedMatches.map((id) => tree.indexById.get(id)!);
    let i = step === 1 ? positions.findIndex((p) => p > current) : positions.reduce((found, p, j) => (p < current ? j : found), -1);
    if (i < 0) i = step === 1 ? 0 : positions.length - 1;
    select(orderedMatches[i]);
  };

  const setExpanded = (spanId: string, expand: boolean) => {
    // Collapsing over the selection moves it to the collapsed row, so it stays visible.
    const index = tree.indexById.get(spanId);
    const selected = selectedId !== undefined ? tree.indexById.get(selectedId) : undefined;
    if (!expand && index !== undefined && selected !== undefined && selected > index && selected < tree.rows[index].end) setSelectedId(spanId);
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (expand) next.delete(spanId);
      else next.add(spanId);
      return next;
    });
  };
  const expandDepth = (depth: number | 'all') => setCollapsed(depth === 'all' ? new Set() : collapsedBeyondDepth(tree, depth));

  // Persist view state (debounced: scrolling and dragging change it often).
  useEffect(() => {
    if (!trace) return;
    const timer = setTimeout(() => {
      const collapsedList = [...collapsed].slice(0, MAX_PERSISTED_COLLAPSED);
      const state: TracePanelPersistedState = { traceId: trace.traceId, split, nameColumn, rawContent: mode === 'raw', scrollTop: scrollTop.current, collapsed: collapsedList };
      if (selectedId) state.selectedSpanId = selectedId;
      persisted.current = state;
      vscode.setState(state);
    }, 150);
    return () => clearTimeout(timer);
  }, [trace?.traceId, selectedId, collapsed, split, nameColumn, mode, scrollSettled]);
  useEffect(() => () => clearTimeout(scrollTimer.current), []);
  const onRowsScroll = (top: number) => {
    scrollTop.current = top;
    clearTimeout(scrollTimer.current);
    scrollTimer.current = setTimeout(() => setScrollSettled((n) => n + 1), 100);
  };

  if (!trace) return <div class="tl-loading" role="status">Loading trace…</div>;

  const selectedIndex = selectedId !== undefined ? tree.indexById.get(selectedId) : undefined;
  const children = selectedIndex !== undefined ? tree.rows[selectedIndex].children.map((c) => tree.rows[c].span) : [];
  const matchPosition = selectedId ? orderedMatches.indexOf(selectedId) + 1 : 0;

  return (
    <HighlightContext.Provider value={query}>
      <div class="tl-app">
        <TraceHeader traceId={trace.traceId} summary={trace.summary} tree={tree} window={window} actions={host.actions} />
        {trace.removed && <div class="tl-banner" role="alert">This trace was removed from the store (deleted, or evicted by retention). What is shown is what was loaded.</div>}
        {host.error && <div class="tl-banner" role="alert">{host.error}</div>}
        <Toolbar
          query={query}
          onQuery={setQuery}
          matchCount={orderedMatches.length}
          matchPosition={matchPosition}
          searching={searching}
          onNext={nextMatch}
          kinds={kinds}
          kind={kind}
          onKind={setKind}
          errorsOnly={errorsOnly}
          onErrorsOnly={setErrorsOnly}
          onExpandDepth={expandDepth}
        />
        <div class="tl-main" ref={mainRef}>
          <div class="tl-left" ref={leftRef} style={{ width: `${split * 100}%` }}>
            <div class="tl-columns-head">
              <div class="tl-name-head" style={{ width: `${nameColumn * 100}%` }}>
                Span <span class="tl-muted">({visible.indices.length.toLocaleString('en-US')} shown)</span>
              </div>
              <Splitter class="tl-name-splitter" value={nameColumn} onChange={setNameColumn} label="Resize name column" container={() => leftRef.current} />
              <TimeAxis durationMs={window.endMs - window.startMs} maxTicks={maxTicks} onWidth={(px) => setMaxTicks(tickCountFor(px))} />
            </div>
            {visible.indices.length === 0 ? (
              <div class="tl-empty">
                {tree.rows.length
                  ? 'No spans match the filters.'
                  : trace.summary
                    ? 'No spans in this trace yet.'
                    : 'This trace is not in the store: it was deleted or evicted, or the store was cleared since the panel was opened.'}
              </div>
            ) : (
              <SpanRows
                tree={tree}
                window={window}
                indices={visible.indices}
                matched={visible.matched}
                collapsed={collapsed}
                selectedId={selectedId}
                searchMatches={matches}
                query={query}
                nameColumn={nameColumn}
                maxTicks={maxTicks}
                initialScrollTop={scrollTop.current}
                revealSelectionOnMount={revealOnMount.current}
                onSelect={select}
                onToggle={(id) => setExpanded(id, collapsed.has(id))}
                onExpand={setExpanded}
                onScroll={onRowsScroll}
                label={`Spans of ${trace.summary?.name ?? 'trace'}`}
              />
            )}
          </div>
          <Splitter value={split} onChange={setSplit} label="Resize panes" container={() => mainRef.current} />
          <section class="tl-detail" aria-label="Span detail">
            {!selectedId || selectedIndex === undefined ? (
              <div class="tl-empty">Select a span.</div>
            ) : !detail ? (
              <div class="tl-empty" role="status">Loading span…</div>
            ) : !detail.span ? (
              <div class="tl-empty">This span is no longer in the store.</div>
            ) : (
              <SpanDetail
                key={selectedId}
                span={detail.span}
                toolLinks={detail.toolLinks}
                traceId={trace.traceId}
                spanLinks={detail.spanLinks}
                onOpenLinkedSpan={openLinkedSpan}
                children={children}
                traceStartMs={window.startMs}
                mode={mode}
                onMode={setMode}
                onSelect={select}
                onOpenLocation={openLocation}
                onOpenPrompt={host.actions.openPrompt ? openPrompt : undefined}
                onOpenJson={openJson}
                spanName={(id) => {
                  const i = tree.indexById.get(id);
                  return i === undefined ? undefined : tree.rows[i].span.name;
                }}
                onOpenSource={openSource}
                onInspectRetrieval={host.actions.inspectRetrieval && tracesRetrieval ? inspectRetrieval : undefined}
              />
            )}
          </section>
        </div>
      </div>
    </HighlightContext.Provider>
  );
}
