/** The documents of a retrieval pair: every id of either run with both ranks and scores and what changed. */
import type { DocumentChanges } from '../../src/protocol/compare-json';
import type { RetrievedDocument } from '../../src/protocol/trace-json';
import { Section } from '../components/ui/section';
import { TextChange } from './word-diff';

interface DocRow {
  id: string;
  a?: RetrievedDocument & { rank: number };
  b?: RetrievedDocument & { rank: number };
}

const ranked = (docs: readonly RetrievedDocument[]) => docs.map((d, i) => ({ ...d, rank: d.rank ?? i + 1, key: d.id ?? `#${d.rank ?? i + 1}` }));

function rowsOf(a: readonly RetrievedDocument[], b: readonly RetrievedDocument[]): DocRow[] {
  const rows = new Map<string, DocRow>();
  for (const d of ranked(a)) if (!rows.has(d.key)) rows.set(d.key, { id: d.key, a: d });
  for (const d of ranked(b)) {
    const row = rows.get(d.key) ?? { id: d.key };
    if (!row.b) row.b = d;
    rows.set(d.key, row);
  }
  return [...rows.values()].sort((x, y) => (x.b?.rank ?? 1e9) - (y.b?.rank ?? 1e9) || (x.a?.rank ?? 1e9) - (y.a?.rank ?? 1e9));
}

function what(row: DocRow, changes: DocumentChanges | undefined): string[] {
  if (!row.b) return ['only in A'];
  if (!row.a) return ['only in B'];
  const out: string[] = [];
  if (changes?.moved.some((m) => m.id === row.id)) out.push(`moved ${row.a.rank} → ${row.b.rank}`);
  if (changes?.scoreChanged.some((s) => s.id === row.id)) out.push('score');
  if (changes?.contentChanged.includes(row.id)) out.push('text');
  return out;
}

export function DocumentTable({ a, b, changes }: { a: readonly RetrievedDocument[]; b: readonly RetrievedDocument[]; changes?: DocumentChanges }) {
  const rows = rowsOf(a, b);
  if (rows.length === 0) return null;
  return (
    <Section title={`Documents (${a.length} in A, ${b.length} in B)`}>
      <table class="tl-doc-table">
        <thead><tr><th>document</th><th>rank A</th><th>rank B</th><th>score A</th><th>score B</th><th>change</th></tr></thead>
        <tbody>
          {rows.map((row) => {
            const labels = what(row, changes);
            return (
              <tr key={row.id} class={labels.length ? 'tl-doc-changed' : undefined}>
                <td>
                  <details>
                    <summary>{row.id}</summary>
                    <TextChange a={row.a?.content ?? null} b={row.b?.content ?? null} />
                  </details>
                </td>
                <td>{row.a?.rank ?? '–'}</td>
                <td>{row.b?.rank ?? '–'}</td>
                <td>{row.a?.score ?? '–'}</td>
                <td>{row.b?.score ?? '–'}</td>
                <td>{labels.length ? labels.map((l) => <span key={l} class={`tl-chip ${l === 'only in A' ? 'tl-chip-only-a' : l === 'only in B' ? 'tl-chip-only-b' : 'tl-chip-documents'}`}>{l}</span>) : <span class="tl-muted">same</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
