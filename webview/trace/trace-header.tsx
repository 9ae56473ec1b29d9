/** The trace's headline: root name, service, start, duration, spans, status, tokens, cost. */
import type { TraceSummary } from '../../src/protocol/engine-api';
import type { FromTracePanel, TracePanelActions } from '../../src/protocol/trace-panel';
import { Button } from '../components/ui/button';
import { useVsCode } from '../shared/vscode-api';
import type { PanelTree } from './model/visible-rows';
import { Badge } from '../components/ui/badge';
import { CopyButton } from '../components/ui/copy-button';
import { formatCost, formatCount, formatDuration } from '../../src/analysis/format';
import { formatTime } from '../shared/format';
import { titleText } from '../../src/analysis/display-name';
import type { TimeWindow } from '../../src/analysis/time-window';

export function TraceHeader({ traceId, summary, tree, window, actions }: { traceId: string; summary: TraceSummary | null; tree: PanelTree; window: TimeWindow; actions: TracePanelActions }) {
  const vscode = useVsCode<FromTracePanel>();
  const root = tree.rows[0]?.span;
  // An empty root name is a placeholder, not "(no spans yet)": the trace has spans.
  const name = tree.rows.length === 0 && !summary ? '(no spans yet)' : titleText(summary ? summary.name : root?.name);
  const errors = summary?.errorCount ?? tree.rows.filter((n) => n.span.status === 'error').length;
  const status = summary?.status ?? (errors > 0 ? 'error' : 'ok');
  const facts: Array<[string, string]> = [
    ['service', summary?.service || root?.service || '–'],
    ['start', formatTime(summary?.startTimeUnixMs ?? tree.startMs)],
    ['duration', formatDuration(summary?.durationMs ?? tree.endMs - tree.startMs)],
    ['spans', formatCount(summary?.spanCount ?? tree.rows.length)],
    ['tokens', summary ? formatCount(summary.usage.totalTokens) : '–'],
    ['cost', formatCost(summary?.costUsd)],
  ];
  return (
    <header class="tl-header">
      <div class="tl-header-title">
        <h1 title={name}><bdi class="tl-text">{name}</bdi></h1>
        <Badge tone={status === 'error' ? 'error' : 'ok'}>{status === 'error' ? `error${errors > 1 ? ` · ${errors} spans` : ''}` : 'ok'}</Badge>
        {summary && !summary.hasRoot && <Badge tone="warning" title="The root span has not arrived yet">root missing</Badge>}
        {window.outliers.size > 0 && (
          <Badge tone="warning" title="Their timestamps are far from the other spans' (a broken clock?): they are marked at the edge of the waterfall, not drawn to scale">
            {window.outliers.size === 1 ? '1 span' : `${window.outliers.size} spans`} outside the time axis
          </Badge>
        )}
        <span class="tl-trace-id tl-muted" title="trace id">{traceId}</span>
        <CopyButton text={traceId} label="Copy trace id" />
        {/* Offered only when the comparison feature registered a handler: no dead buttons. */}
        {actions.compare && (
          <Button class="tl-compare" onClick={() => vscode.postMessage({ type: 'compareWith', traceId })}>
            Compare with…
          </Button>
        )}
      </div>
      <dl class="tl-facts">
        {facts.map(([k, v]) => (
          <div key={k} class="tl-fact">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
