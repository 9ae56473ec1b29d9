/** A sortable breakdown (by model, flow, prompt, ...) with a bar per row scaled to the largest cost. */
import { costDecimals, formatCostFixed, formatCount } from '../../src/analysis/format';
import type { CostBreakdownRow } from '../../src/protocol/cost';
import type { CostSortColumn } from '../../src/protocol/cost-panel';

export interface Sort {
  column: CostSortColumn;
  descending: boolean;
}

const COLUMNS: Array<{ column: CostSortColumn; label: string; numeric: boolean }> = [
  { column: 'key', label: 'Name', numeric: false },
  { column: 'calls', label: 'Calls', numeric: true },
  { column: 'inputTokens', label: 'Input', numeric: true },
  { column: 'outputTokens', label: 'Output', numeric: true },
  { column: 'costUsd', label: 'Cost', numeric: true },
];

export function sortRows(rows: readonly CostBreakdownRow[], sort: Sort): CostBreakdownRow[] {
  const dir = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const c = sort.column === 'key' ? a.key.localeCompare(b.key) : a[sort.column] - b[sort.column];
    return c !== 0 ? c * dir : a.key.localeCompare(b.key);
  });
}

interface Props {
  rows: readonly CostBreakdownRow[];
  sort: Sort;
  onSort: (sort: Sort) => void;
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
  label: string;
}

export function BreakdownTable({ rows, sort, onSort, selectedKey, onSelect, label }: Props) {
  const max = rows.reduce((m, r) => Math.max(m, r.costUsd), 0);
  const sorted = sortRows(rows, sort);
  // One count of decimals for the column, so its decimal points line up (exact counts have none).
  const decimals = costDecimals(rows.filter((r) => r.unpricedCalls < r.calls).map((r) => r.costUsd));
  if (rows.length === 0) return <p class="tl-empty">No model calls in this window.</p>;
  return (
    <table class="tl-cost-table" aria-label={label}>
      <thead>
        <tr>
          {COLUMNS.map((c) => {
            const active = sort.column === c.column;
            return (
              <th key={c.column} class={c.numeric ? 'tl-num' : ''} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" class="tl-sort" onClick={() => onSort({ column: c.column, descending: active ? !sort.descending : c.numeric })}>
                  {c.label}
                  {active ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            );
          })}
          <th class="tl-bar-col" aria-label="Share of cost" />
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.key} class={r.key === selectedKey ? 'tl-selected' : ''} aria-selected={r.key === selectedKey} onClick={() => onSelect(r.key)}>
            <td class="tl-key" title={r.detail ? `${r.key} (${r.detail})` : r.key}>
              {r.key}
              {r.detail ? <span class="tl-muted"> {r.detail}</span> : null}
            </td>
            <td class="tl-num">{formatCount(r.calls)}</td>
            <td class="tl-num">{formatCount(r.inputTokens)}</td>
            <td class="tl-num">{formatCount(r.outputTokens)}</td>
            <td class="tl-num">
              {/* The note goes before the figure, which keeps to the column's right edge. */}
              {r.unpricedCalls > 0 && r.unpricedCalls < r.calls ? <span class="tl-unpriced" title={`${r.unpricedCalls} call(s) without a price are not in this cost`}>+{r.unpricedCalls} unpriced </span> : null}
              {r.unpricedCalls === r.calls ? <span class="tl-unpriced" title="No price known: not counted as $0">unpriced</span> : formatCostFixed(r.costUsd, decimals)}
            </td>
            <td class="tl-bar-col">
              <div class="tl-bar" style={{ width: `${max > 0 ? (100 * r.costUsd) / max : 0}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
