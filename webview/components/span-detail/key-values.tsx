/** A two-column table of labelled values; absent values are left out rather than shown as blanks. */
import { Highlighted } from '../highlight';
import { toJson } from '../../shared/format';

export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return toJson(value);
}

export function KeyValues({ entries }: { entries: ReadonlyArray<readonly [string, unknown]> }) {
  const shown = entries.filter(([, v]) => v !== undefined && v !== '');
  if (!shown.length) return null;
  return (
    <table class="tl-kv">
      <tbody>
        {shown.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>
              <Highlighted text={displayValue(v)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
