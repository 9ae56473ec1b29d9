/** Both runs' totals side by side, the deltas (B minus A) and the one-line verdict. */
import { formatCost, formatDuration } from '../../src/analysis/format';
import type { CompareJson, RunTotals } from '../../src/protocol/compare-json';
import { Badge } from '../components/ui/badge';

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);

/** `judged`: whether less is better (time, tokens, cost, errors); more or fewer calls is neither. */
function Delta({ value, text, judged = true }: { value: number | null; text: string; judged?: boolean }) {
  if (value === null) return <span class="tl-muted">–</span>;
  const tone = value === 0 ? 'same' : !judged ? 'neutral' : value < 0 ? 'better' : 'worse';
  return <span class={`tl-delta tl-delta-${tone}`}>{value === 0 ? '±0' : signed(value, text)}</span>;
}

function RunFacts({ label, run, onOpen }: { label: 'A' | 'B'; run: RunTotals; onOpen: () => void }) {
  return (
    <div class={`tl-run tl-run-${label.toLowerCase()}`}>
      <div class="tl-run-title">
        <span class="tl-run-label">{label}</span>
        <button type="button" class="tl-button tl-button-link tl-run-name" title={`Open run ${label} in a trace panel`} onClick={onOpen}>{run.name || run.traceId}</button>
        {run.status === 'error' && <Badge tone="error">error</Badge>}
      </div>
      <div class="tl-muted tl-trace-id">{run.traceId} · {run.service}</div>
      <div class="tl-run-figures">
        <span>{formatDuration(run.durationMs)}</span>
        <span>{run.usage.totalTokens.toLocaleString('en-US')} tok</span>
        <span>{formatCost(run.costUsd)}</span>
        <span>{run.llmCalls} model · {run.toolCalls} tool calls</span>
        {run.errors > 0 && <span class="tl-error-text">{run.errors} failed</span>}
      </div>
    </div>
  );
}

export function CompareHeader({ comparison, onOpenTrace }: { comparison: CompareJson; onOpenTrace: (traceId: string) => void }) {
  const d = comparison.deltas;
  return (
    <header class="tl-compare-header">
      <div class="tl-runs">
        <RunFacts label="A" run={comparison.a} onOpen={() => onOpenTrace(comparison.a.traceId)} />
        <RunFacts label="B" run={comparison.b} onOpen={() => onOpenTrace(comparison.b.traceId)} />
        <dl class="tl-deltas" aria-label="B minus A">
          <div><dt>time</dt><dd><Delta value={d.durationMs} text={formatDuration(d.durationMs)} /></dd></div>
          <div><dt>input tok</dt><dd><Delta value={d.inputTokens} text={String(d.inputTokens)} /></dd></div>
          <div><dt>output tok</dt><dd><Delta value={d.outputTokens} text={String(d.outputTokens)} /></dd></div>
          <div><dt>cost</dt><dd><Delta value={d.costUsd} text={formatCost(d.costUsd)} /></dd></div>
          <div><dt>model calls</dt><dd><Delta value={d.llmCalls} text={String(d.llmCalls)} judged={false} /></dd></div>
          <div><dt>tool calls</dt><dd><Delta value={d.toolCalls} text={String(d.toolCalls)} judged={false} /></dd></div>
          <div><dt>errors</dt><dd><Delta value={d.errors} text={String(d.errors)} /></dd></div>
        </dl>
      </div>
      <p class="tl-verdict">
        <Badge tone={comparison.semanticDifference ? 'warning' : 'ok'}>{comparison.semanticDifference ? 'differs' : 'same'}</Badge>
        <span>{comparison.verdict}</span>
      </p>
    </header>
  );
}
