/**
 * Attributes as a filterable table; each value and the whole set can be copied. Rows come in
 * pages of PAGE_ROWS (a span with 10,000 attributes made 50,000 DOM nodes on every selection);
 * the filter searches all of them.
 */
import { useState } from 'preact/hooks';
import { TextField } from '../ui/text-field';
import { CopyButton } from '../ui/copy-button';
import { Highlighted } from '../highlight';
import { toJson } from '../../shared/format';
import { displayValue } from './key-values';
import { EMPTY_KEY } from '../../../src/analysis/display-name';
import { Button } from '../../components/ui/button';

const PAGE_ROWS = 200;

/** Values longer than this are cut in the table (the copy button still copies all of it). */
const MAX_CELL = 2_000;

export function AttributesTable({ attributes, label }: { attributes: Record<string, unknown>; label: string }) {
  const [filter, setFilter] = useState('');
  const [pages, setPages] = useState(1);
  const needle = filter.trim().toLowerCase();
  const entries = Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shown = needle ? entries.filter(([k, v]) => k.toLowerCase().includes(needle) || displayValue(v).toLowerCase().includes(needle)) : entries;
  if (!entries.length) return <div class="tl-muted">none</div>;
  return (
    <div class="tl-attributes">
      <div class="tl-attributes-bar">
        <TextField value={filter} onValue={setFilter} placeholder={`Filter ${entries.length} ${label}`} aria-label={`Filter ${label}`} />
        <CopyButton text={toJson(attributes)} label={`Copy all ${label} as JSON`} />
      </div>
      <table class="tl-kv tl-attr-table">
        <tbody>
          {shown.slice(0, pages * PAGE_ROWS).map(([k, v]) => {
            const text = displayValue(v);
            return (
              <tr key={k}>
                <th title={k}>{k === '' ? <span class="tl-placeholder">{EMPTY_KEY}</span> : <Highlighted text={k} />}</th>
                <td>
                  <span class="tl-attr-value">
                    {text === '' ? <span class="tl-placeholder">(empty)</span> : <Highlighted text={text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text} />}
                  </span>
                  <CopyButton text={text} label={`Copy ${k}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown.length > pages * PAGE_ROWS && (
        <Button variant="link" class="tl-show-more" onClick={() => setPages(pages + 1)}>
          Show {Math.min(PAGE_ROWS, shown.length - pages * PAGE_ROWS)} more of {shown.length.toLocaleString('en-US')} {label}
        </Button>
      )}
      {needle && shown.length === 0 && <div class="tl-muted">no {label} match “{filter}”</div>}
    </div>
  );
}
