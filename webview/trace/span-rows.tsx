/**
 * The span tree and waterfall, one row per span, VIRTUALIZED: only the rows in view (plus a small
 * overscan) exist in the DOM, so 50,000 spans cost the same to draw as 50. Rows have a fixed
 * height, which makes the visible range a division. Keyboard navigation follows the ARIA tree
 * pattern; focus stays on the tree element and `aria-activedescendant` names the selected row.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PanelTree } from './model/visible-rows';
import type { TimeWindow } from '../../src/analysis/time-window';
import { formatDuration } from '../../src/analysis/format';
import { highlightText } from '../components/highlight';
import { revealHiddenChars } from '../../src/analysis/unicode-text';
import { UNNAMED } from '../../src/analysis/display-name';
import { TickLines } from './time-axis';

export const ROW_HEIGHT = 22;
const OVERSCAN = 12;
/** Indent per level; the indent never takes more than INDENT_SHARE of the name column, so a
 * 10,000-deep chain keeps its names, twisties and depth readable. */
const INDENT_PX = 14;
const INDENT_SHARE = 0.25;
/** From this depth on the indent may be capped, so rows say their depth in words. */
const SHOW_DEPTH_FROM = 16;

export interface SpanRowsProps {
  tree: PanelTree;
  window: TimeWindow;
  indices: number[];
  matched: Uint8Array | null;
  collapsed: ReadonlySet<string>;
  selectedId: string | undefined;
  searchMatches: ReadonlySet<string>;
  query: string;
  nameColumn: number;
  maxTicks: number;
  initialScrollTop: number;
  revealSelectionOnMount: boolean;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
  onExpand: (spanId: string, expand: boolean) => void;
  onScroll: (scrollTop: number) => void;
  label: string;
}

/** Where an outlier lies relative to the drawn range: "starts 330 y later", "starts 2 d earlier". */
function outlierLabel(startMs: number, window: TimeWindow): string {
  if (startMs < window.startMs) return `⟵ starts ${formatDuration(window.startMs - startMs)} earlier`;
  if (startMs > window.endMs) return `starts ${formatDuration(startMs - window.endMs)} later ⟶`;
  return 'ends far outside the range ⟶';
}

export const rowDomId = (spanId: string) => `span-row-${spanId}`;

export function SpanRows(props: SpanRowsProps) {
  const { tree, indices, selectedId } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(props.initialScrollTop);
  const [height, setHeight] = useState(600);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = scroller.current!;
    el.scrollTop = props.initialScrollTop;
    setHeight(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const selectedPos = selectedId === undefined ? -1 : indices.indexOf(tree.indexById.get(selectedId) ?? -1);

  // Keep the selected row in view when the selection moves (keyboard, next match, host request).
  // On mount, a restored scroll position wins unless the host asked to reveal a span.
  const mounted = useRef(false);
  useEffect(() => {
    const el = scroller.current;
    const first = !mounted.current;
    mounted.current = true;
    if (!el || selectedPos < 0 || (first && !props.revealSelectionOnMount)) return;
    const top = selectedPos * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selectedId, selectedPos]);

  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const top = scroller.current?.scrollTop ?? 0;
      setScrollTop(top);
      props.onScroll(top);
    });
  };

  const move = (pos: number) => {
    if (!indices.length) return;
    const clamped = Math.max(0, Math.min(indices.length - 1, pos));
    props.onSelect(tree.rows[indices[clamped]].span.spanId);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const node = selectedPos >= 0 ? tree.rows[indices[selectedPos]] : undefined;
    switch (e.key) {
      case 'ArrowDown': move(selectedPos + 1); break;
      case 'ArrowUp': move(selectedPos < 0 ? 0 : selectedPos - 1); break;
      case 'PageDown': move(selectedPos + page); break;
      case 'PageUp': move(selectedPos - page); break;
      case 'Home': move(0); break;
      case 'End': move(indices.length - 1); break;
      case 'ArrowRight':
        if (!node) return move(0);
        if (node.children.length && props.collapsed.has(node.span.spanId)) props.onExpand(node.span.spanId, true);
        else if (node.children.length) move(selectedPos + 1);
        break;
      case 'ArrowLeft':
        if (!node) return move(0);
        if (node.children.length && !props.collapsed.has(node.span.spanId)) props.onExpand(node.span.spanId, false);
        else if (node.parent >= 0) props.onSelect(tree.rows[node.parent].span.spanId);
        break;
      case 'Enter':
      case ' ':
        if (node?.children.length) props.onToggle(node.span.spanId);
        else if (!node) move(0);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(indices.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const { window } = props;
  const span = Math.max(window.endMs - window.startMs, 1e-6);
  const rows = [];
  for (let pos = first; pos < last; pos++) {
    const index = indices[pos];
    const node = tree.rows[index];
    const row = node.span;
    const outlier = window.outliers.has(row.spanId);
    // An outlier's bar is clamped into the axis and marked; its label says how far off it is.
    const left = Math.max(0, Math.min(100, ((row.startTimeUnixMs - window.startMs) / span) * 100));
    const width = outlier ? 0 : (Math.max(0, row.durationMs) / span) * 100;
    const isCollapsed = props.collapsed.has(row.spanId);
    const selected = row.spanId === selectedId;
    const isError = row.status === 'error';
    const classes = ['tl-row', `kind-${row.kind}`];
    if (selected) classes.push('selected');
    if (isError) classes.push('error');
    if (props.searchMatches.has(row.spanId)) classes.push('search-match');
    if (props.matched && !props.matched[index]) classes.push('filtered-context');
    rows.push(
      <div
        key={row.spanId}
        id={rowDomId(row.spanId)}
        class={classes.join(' ')}
        role="treeitem"
        aria-level={node.depth + 1}
        aria-setsize={node.setSize}
        aria-posinset={node.posInSet}
        aria-selected={selected}
        aria-expanded={node.children.length ? !isCollapsed : undefined}
        aria-label={`${revealHiddenChars(row.name)}, ${row.kind}, ${formatDuration(row.durationMs)}${isError ? ', error' : ''}${node.orphan ? ', parent missing' : ''}`}
        style={{ transform: `translateY(${pos * ROW_HEIGHT}px)` }}
        onClick={() => props.onSelect(row.spanId)}
      >
        <div class="tl-name-cell" style={{ width: `${props.nameColumn * 100}%`, paddingLeft: `min(${4 + node.depth * INDENT_PX}px, ${props.nameColumn * INDENT_SHARE * 100}%)` }}>
          {node.children.length ? (
            <span
              class={`tl-twisty ${isCollapsed ? 'collapsed' : 'expanded'}`}
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation();
                props.onToggle(row.spanId);
              }}
            />
          ) : (
            <span class="tl-twisty leaf" aria-hidden="true" />
          )}
          <span class={`tl-kind-dot kind-${row.kind}`} aria-hidden="true" />
          <span class="tl-span-name" title={revealHiddenChars(row.name)}>
            {row.name.trim() === '' ? <span class="tl-placeholder">{UNNAMED}</span> : highlightText(row.name, props.query)}
          </span>
          {node.depth >= SHOW_DEPTH_FROM && <span class="tl-depth">depth {node.depth}</span>}
          {node.orphan && <span class="tl-orphan" title="The parent span has not arrived (or was evicted)">⤴</span>}
          {isError && <span class="tl-error-mark" title="error">!</span>}
        </div>
        <div class="tl-bar-cell">
          <span class={`tl-bar kind-${row.kind}${outlier ? ' outlier' : ''}`} style={{ left: `${left}%`, width: `max(2px, ${width}%)` }} />
          <span class="tl-bar-label" style={left > 70 ? { right: `${100 - left + 0.5}%` } : { left: `calc(${left + width}% + 4px)` }}>
            {outlier ? outlierLabel(row.startTimeUnixMs, window) : formatDuration(row.durationMs)}
          </span>
        </div>
      </div>,
    );
  }
  return (
    <div
      ref={scroller}
      class="tl-rows"
      role="tree"
      tabIndex={0}
      aria-label={props.label}
      aria-activedescendant={selectedId && selectedPos >= 0 ? rowDomId(selectedId) : undefined}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div class="tl-rows-inner" style={{ height: `${indices.length * ROW_HEIGHT}px` }}>
        <div class="tl-rows-grid" style={{ left: `${props.nameColumn * 100}%` }}>
          <TickLines durationMs={window.endMs - window.startMs} maxTicks={props.maxTicks} />
        </div>
        {rows}
      </div>
    </div>
  );
}
