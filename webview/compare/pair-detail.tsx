/**
 * The selected row's differences: figures of both spans and their deltas, status and error,
 * word diffs of the input and output messages, tool arguments and result, documents, and the
 * buttons to open the pair in VS Code's diff editor or either span in its trace panel.
 */
import { prettyJson } from '../../src/analysis/compare/pair-text';
import { formatCost, formatDuration } from '../../src/analysis/format';
import type { ComparedPair } from '../../src/protocol/compare-json';
import type { CompareRowView } from '../../src/protocol/compare-panel';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import { Button } from '../components/ui/button';
import { Section } from '../components/ui/section';
import { DocumentTable } from './document-table';
import { MessageChanges } from './message-changes';
import type { PairSpans } from './use-compare-host';
import { TextChange } from './word-diff';

const signed = (n: number | null, text: string) => (n === null ? '–' : n > 0 ? `+${text}` : n === 0 ? '±0' : text);

function Figures({ a, b, pair }: { a: TraceJsonSpan | null; b: TraceJsonSpan | null; pair?: ComparedPair }) {
  const d = pair?.deltas;
  const line = (label: string, fa: string, fb: string, delta?: string) => (
    <tr><th>{label}</th><td>{fa}</td><td>{fb}</td><td class="tl-muted">{delta ?? ''}</td></tr>
  );
  const model = (s: TraceJsonSpan | null) => s?.model ?? s?.requestModel ?? '–';
  return (
    <table class="tl-pair-figures">
      <thead><tr><th /><th>A</th><th>B</th><th>B − A</th></tr></thead>
      <tbody>
        {line('duration', a ? formatDuration(a.durationMs) : '–', b ? formatDuration(b.durationMs) : '–', d ? signed(d.durationMs, formatDuration(d.durationMs)) : undefined)}
        {(a?.usage || b?.usage) && line('input tokens', String(a?.usage?.inputTokens ?? '–'), String(b?.usage?.inputTokens ?? '–'), d ? signed(d.inputTokens, String(d.inputTokens)) : undefined)}
        {(a?.usage || b?.usage) && line('output tokens', String(a?.usage?.outputTokens ?? '–'), String(b?.usage?.outputTokens ?? '–'), d ? signed(d.outputTokens, String(d.outputTokens)) : undefined)}
        {(a?.costUsd != null || b?.costUsd != null) && line('cost', formatCost(a?.costUsd), formatCost(b?.costUsd), d ? signed(d.costUsd, formatCost(d.costUsd)) : undefined)}
        {(a?.model || a?.requestModel || b?.model || b?.requestModel) && line('model', model(a), model(b))}
        {line('status', a?.status ?? '–', b?.status ?? '–')}
      </tbody>
    </table>
  );
}

const errorText = (s: TraceJsonSpan | null) => (s && s.status === 'error' ? [s.error?.type, s.error?.message ?? s.statusMessage].filter(Boolean).join(': ') || 'error' : null);

export function PairDetail({ row, pair, spans, onOpenDiff, onOpenTrace }: {
  row: CompareRowView; pair?: ComparedPair; spans: PairSpans | null;
  onOpenDiff: () => void; onOpenTrace: (side: 'a' | 'b') => void;
}) {
  const a = spans?.a ?? null;
  const b = spans?.b ?? null;
  const title = row.a && row.b && row.a.name !== row.b.name ? `${row.a.name} → ${row.b.name}` : (row.b ?? row.a)!.name;
  return (
    <div class="tl-pair-detail">
      <div class="tl-pair-title">
        <h2 class={`kind-${(row.b ?? row.a)!.kind}`}><span class="tl-kind-dot" />{title}</h2>
        <div class="tl-pair-actions">
          {row.a && row.b && <Button variant="primary" onClick={onOpenDiff} title="Both spans as text in VS Code's diff editor">Open in Diff Editor</Button>}
          {row.a && <Button onClick={() => onOpenTrace('a')}>Show in run A</Button>}
          {row.b && <Button onClick={() => onOpenTrace('b')}>Show in run B</Button>}
        </div>
      </div>
      {!row.b && <p class="tl-banner">This step ran only in A.</p>}
      {!row.a && <p class="tl-banner">This step ran only in B.</p>}
      {spans === null ? <p class="tl-loading">Loading…</p> : (
        <>
          <Figures a={a} b={b} pair={pair} />
          {(errorText(a) || errorText(b)) && (
            <Section title="Status and error">
              <TextChange a={a ? errorText(a) ?? '(no error)' : null} b={b ? errorText(b) ?? '(no error)' : null} />
            </Section>
          )}
          <MessageChanges title="Input messages" side="input" a={a?.input?.messages ?? []} b={b?.input?.messages ?? []} changes={pair?.messages ?? []} />
          <MessageChanges title="Output messages" side="output" a={a?.output?.messages ?? []} b={b?.output?.messages ?? []} changes={pair?.messages ?? []} />
          {(a?.tool || b?.tool) && (
            <Section title={`Tool ${(b?.tool ?? a?.tool)!.name}`}>
              <h3>Arguments</h3>
              <TextChange a={a?.tool?.arguments !== undefined ? prettyJson(a.tool.arguments) : a ? '(none)' : null} b={b?.tool?.arguments !== undefined ? prettyJson(b.tool.arguments) : b ? '(none)' : null} />
              <h3>Result</h3>
              <TextChange a={a?.tool?.result !== undefined ? prettyJson(a.tool.result) : a ? '(no result)' : null} b={b?.tool?.result !== undefined ? prettyJson(b.tool.result) : b ? '(no result)' : null} />
            </Section>
          )}
          {(a?.retrieval || b?.retrieval) && (
            <>
              {(a?.retrieval?.query ?? b?.retrieval?.query) !== undefined && (
                <Section title="Query"><TextChange a={a ? a.retrieval?.query ?? '' : null} b={b ? b.retrieval?.query ?? '' : null} /></Section>
              )}
              <DocumentTable a={a?.retrieval?.documents ?? []} b={b?.retrieval?.documents ?? []} changes={pair?.documents} />
            </>
          )}
        </>
      )}
    </div>
  );
}
