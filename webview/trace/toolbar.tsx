/** Search within the trace, filters, and expand/collapse controls. */
import type { SpanKind } from '../../src/protocol/trace-json';
import { Button } from '../components/ui/button';
import { TextField } from '../components/ui/text-field';
import { Checkbox } from '../components/ui/checkbox';
import { Select } from '../components/ui/select';

export interface ToolbarProps {
  query: string;
  onQuery: (q: string) => void;
  matchCount: number;
  matchPosition: number;
  searching: boolean;
  onNext: (step: 1 | -1) => void;
  kinds: readonly SpanKind[];
  kind: string;
  onKind: (kind: string) => void;
  errorsOnly: boolean;
  onErrorsOnly: (v: boolean) => void;
  onExpandDepth: (depth: number | 'all') => void;
}

export function Toolbar(p: ToolbarProps) {
  const matchText = !p.query.trim() ? '' : p.matchCount === 0 ? (p.searching ? 'searching…' : 'no matches') : `${p.matchPosition > 0 ? p.matchPosition : '–'} of ${p.matchCount}${p.searching ? '…' : ''}`;
  return (
    <div class="tl-toolbar" role="toolbar" aria-label="Trace tools">
      <div class="tl-search">
        <TextField
          value={p.query}
          onValue={p.onQuery}
          placeholder="Search names, attributes, content"
          aria-label="Search in trace"
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              p.onNext(e.shiftKey ? -1 : 1);
              e.preventDefault();
            } else if (e.key === 'Escape') p.onQuery('');
          }}
        />
        <span class="tl-match-count" aria-live="polite">{matchText}</span>
        <Button variant="icon" title="Previous match (Shift+Enter)" aria-label="Previous match" disabled={p.matchCount === 0} onClick={() => p.onNext(-1)}>↑</Button>
        <Button variant="icon" title="Next match (Enter)" aria-label="Next match" disabled={p.matchCount === 0} onClick={() => p.onNext(1)}>↓</Button>
      </div>
      <div class="tl-filters">
        <Select label="Filter by kind" value={p.kind} onChange={p.onKind} options={[{ value: '', label: 'All kinds' }, ...p.kinds.map((k) => ({ value: k, label: k }))]} />
        <Checkbox checked={p.errorsOnly} onChange={p.onErrorsOnly}>Errors only</Checkbox>
      </div>
      <div class="tl-expand">
        <Button onClick={() => p.onExpandDepth('all')} title="Expand all">Expand all</Button>
        <Button onClick={() => p.onExpandDepth(0)} title="Collapse all">Collapse all</Button>
        <Select
          label="Expand to depth"
          value=""
          onChange={(v) => v && p.onExpandDepth(Number(v))}
          options={[{ value: '', label: 'Depth…' }, ...[1, 2, 3, 4, 5].map((d) => ({ value: String(d), label: `Depth ${d}` }))]}
        />
      </div>
    </div>
  );
}
