/** Runs of each flow: the chart, then the spikes and the costliest calls, each opening its trace. */
import { costDecimals, formatCostFixed } from '../../src/analysis/format';
import type { CostlySpan, FlowRun } from '../../src/protocol/cost';
import { Button } from '../components/ui/button';
import { RunsChart } from './runs-chart';

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

interface RunsProps {
  runs: readonly FlowRun[];
  selectedTraceId: string | undefined;
  onSelect: (run: FlowRun) => void;
  onOpen: (traceId: string, spanId?: string) => void;
}

export function Runs({ runs, selectedTraceId, onSelect, onOpen }: RunsProps) {
  if (runs.length === 0) return <p class="tl-empty">No priced runs in this window.</p>;
  const spikes = runs.filter((r) => r.spike).reverse();
  const latest = [...runs].reverse().slice(0, 12);
  const shown = [...spikes, ...latest.filter((r) => !r.spike)].slice(0, 15);
  // Each cost column shares one count of decimals, so its decimal points line up.
  const costDigits = costDecimals(shown.map((r) => r.costUsd));
  const medianDigits = costDecimals(shown.map((r) => r.earlierMedianUsd));
  return (
    <>
      <RunsChart runs={runs} />
      <h3>{spikes.length > 0 ? `Spikes (${spikes.length})` : 'No spikes'}<span class="tl-muted"> · a run costing over 3× the median of its flow's earlier runs</span></h3>
      <table class="tl-cost-table" aria-label="Runs">
        <thead>
          <tr><th>Flow</th><th>Started</th><th class="tl-num">Cost</th><th class="tl-num">Earlier median</th><th /></tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.traceId} class={r.traceId === selectedTraceId ? 'tl-selected' : ''} aria-selected={r.traceId === selectedTraceId} onClick={() => onSelect(r)}>
              <td class="tl-key">{r.spike ? <span class="tl-spike" title="Cost spike">▲ </span> : null}{r.flow}</td>
              <td>{time(r.startTimeUnixMs)}</td>
              <td class="tl-num">{formatCostFixed(r.costUsd, costDigits)}</td>
              <td class="tl-num">{formatCostFixed(r.earlierMedianUsd, medianDigits)}</td>
              <td><Button variant="link" onClick={(e) => { e.stopPropagation(); onOpen(r.traceId); }}>Open</Button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function Costliest({ spans, onOpen }: { spans: readonly CostlySpan[]; onOpen: (traceId: string, spanId: string) => void }) {
  if (spans.length === 0) return null;
  const decimals = costDecimals(spans.map((s) => s.costUsd));
  return (
    <table class="tl-cost-table" aria-label="Costliest calls">
      <thead>
        <tr><th>Call</th><th>Model</th><th>Flow</th><th class="tl-num">Cost</th><th>Source</th></tr>
      </thead>
      <tbody>
        {spans.map((s) => (
          <tr key={`${s.traceId}/${s.spanId}`}>
            <td class="tl-key"><Button variant="link" title="Open the trace at this call" onClick={() => onOpen(s.traceId, s.spanId)}>{s.name}</Button></td>
            <td>{s.model ?? '–'}</td>
            <td class="tl-key">{s.flow}</td>
            <td class="tl-num">{formatCostFixed(s.costUsd, decimals)}</td>
            <td class="tl-muted">{s.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
