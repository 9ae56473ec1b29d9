/** Attributes as a filterable table; each value and the whole set can be copied. */
import { useState } from 'preact/hooks';
import { TextField } from '../ui/text-field';
import { CopyButton } from '../ui/copy-button';
import { Highlighted } from '../highlight';
import { toJson } from '../../shared/format';
import { displayValue } from './key-values';

/** Values longer than this are cut in the table (the copy button still copies all of it). */
const MAX_CELL = 2_000;

export function AttributesTable({ attributes, label }: { attributes: Record<string, unknown>; label: string }) {
  const [filter, setFilter] = useState('');
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
          {shown.map(([k, v]) => {
            const text = displayValue(v);
            return (
              <tr key={k}>
                <th title={k}><Highlighted text={k} /></th>
                <td>
                  <span class="tl-attr-value"><Highlighted text={text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text} /></span>
                  <CopyButton text={text} label={`Copy ${k}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {needle && shown.length === 0 && <div class="tl-muted">no {label} match “{filter}”</div>}
    </div>
  );
}
