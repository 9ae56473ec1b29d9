/**
 * The aligned tree: one row per matched pair (A and B side by side) or per step of one run only,
 * with badges for what changed and both runs' bars on one time axis (0 = each run's start).
 * Virtualized: only the rows in view are in the DOM, so 10,000-step runs scroll smoothly.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../../src/analysis/format';
import type { ComparedPair, PairChange } from '../../src/protocol/compare-json';
import type { CompareRowView, CompareSpanBrief, CompareView } from '../../src/protocol/compare-panel';

const ROW_HEIGHT = 24;
const OVERSCAN = 10;

const CHANGE_LABELS: Record<PairChange, string> = {
  input: 'input', output: 'output', model: 'model', status: 'status', documents: 'docs', 'tool-arguments': 'args', 'tool-result': 'result',
};

export function rowMarker(row: CompareRowView, pair: ComparedPair | undefined): { mark: string; tone: string; label: string } {
  if (!row.a) return { mark: '+', tone: 'only-b', label: 'only in B' };
  if (!row.b) return { mark: '−', tone: 'only-a', label: 'only in A' };
  return pair && pair.changes.length > 0 ? { mark: '~', tone: 'changed', label: 'changed' } : { mark: '=', tone: 'same', label: 'same' };
}

function SpanName({ span, depth }: { span: CompareSpanBrief | null; depth: number }) {
  if (!span) return <span class="tl-cmp-name tl-cmp-absent" style={{ paddingLeft: `${Math.min(depth, 24) * 12 + 4}px` }}>—</span>;
  return (
    <span class={`tl-cmp-name kind-${span.kind}${span.status === 'error' ? ' error' : ''}`} style={{ paddingLeft: `${Math.min(depth, 24) * 12 + 4}px` }} title={span.name}>
      <span class="tl-kind-dot" />
      <span class="tl-span-name">{span.name}</span>
      {span.status === 'error' && <span class="tl-error-mark" title="error">!</span>}
    </span>
  );
}

function Bars({ row, scale }: { row: CompareRowView; scale: number }) {
  const bar = (span: CompareSpanBrief | null, side: 'a' | 'b') => span && (
    <span class={`tl-cmp-bar tl-cmp-bar-${side}${span.status === 'error' ? ' error' : ''}`}
      style={{ left: `${(span.offsetMs / scale) * 100}%`, width: `max(2px, ${(span.durationMs / scale) * 100}%)` }}
      title={`${side.toUpperCase()}: ${formatDuration(span.durationMs)} at +${formatDuration(span.offsetMs)}`} />
  );
  return <span class="tl-cmp-bars">{bar(row.a, 'a')}{bar(row.b, 'b')}</span>;
}

export function Axis({ scale }: { scale: number }) {
  const ticks = [0, 0.25, 0.5, 0.75];
  return (
    <div class="tl-cmp-head">
      <span class="tl-cmp-mark" />
      <span class="tl-cmp-name"><span class="tl-cmp-swatch tl-cmp-bar-a" />Run A</span>
      <span class="tl-cmp-name"><span class="tl-cmp-swatch tl-cmp-bar-b" />Run B</span>
      <span class="tl-cmp-changes">Changes</span>
      <span class="tl-cmp-bars tl-cmp-axis">
        {ticks.map((t) => <span key={t} class="tl-tick" style={{ left: `${t * 100}%` }}>{formatDuration(t * scale)}</span>)}
      </span>
    </div>
  );
}

export function AlignedRows({ view, selected, onSelect }: { view: CompareView; selected: number; onSelect: (index: number) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const scale = Math.max(view.comparison.a.durationMs, view.comparison.b.durationMs, 1e-6);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    // Keep the selected row in view when it moves by keyboard or from a restored state.
    const el = scroller.current;
    if (!el || selected < 0) return;
    const top = selected * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selected]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(view.rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    onSelect(Math.min(view.rows.length - 1, Math.max(0, selected + step)));
  };
  return (
    <div class="tl-cmp-table">
      <Axis scale={scale} />
      <div class="tl-rows" ref={scroller} tabIndex={0} role="listbox" aria-label="Aligned steps of run A and run B" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} onKeyDown={onKeyDown}>
        <div class="tl-rows-inner" style={{ height: `${view.rows.length * ROW_HEIGHT}px` }}>
          {view.rows.slice(first, last).map((row, k) => {
            const index = first + k;
            const pair = row.pair >= 0 ? view.comparison.pairs[row.pair] : undefined;
            const marker = rowMarker(row, pair);
            return (
              <div key={index} role="option" aria-selected={index === selected} class={`tl-cmp-row tl-cmp-${marker.tone}${index === selected ? ' selected' : ''}`}
                style={{ top: `${index * ROW_HEIGHT}px` }} onClick={() => onSelect(index)} data-index={index}>
                <span class="tl-cmp-mark" title={marker.label}>{marker.mark}</span>
                <SpanName span={row.a} depth={row.depth} />
                <SpanName span={row.b} depth={row.depth} />
                <span class="tl-cmp-changes">
                  {!row.a && <span class="tl-chip tl-chip-only-b">only in B</span>}
                  {!row.b && <span class="tl-chip tl-chip-only-a">only in A</span>}
                  {pair?.changes.map((c) => <span key={c} class={`tl-chip tl-chip-${c}`}>{CHANGE_LABELS[c]}</span>)}
                </span>
                <Bars row={row} scale={scale} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
