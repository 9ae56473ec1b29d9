/**
 * Grouping of the traces list by service or by session. Pure: no `vscode`.
 */
import type { TraceSummary } from '../../protocol/engine-api';
import type { TraceGrouping } from '../settings';

export interface TraceGroup {
  /** Stable key (tree item id), also for the "(none)" group. */
  key: string;
  label: string;
  traces: TraceSummary[];
}

const NO_SESSION = '(no session)';
const NO_SERVICE = '(unknown service)';

/**
 * Groups keep the order of their newest trace (the input is newest first), so the group that just
 * received a trace is on top; traces inside a group stay newest first.
 */
export function groupTraces(traces: readonly TraceSummary[], grouping: Exclude<TraceGrouping, 'none'>): TraceGroup[] {
  const groups = new Map<string, TraceGroup>();
  for (const trace of traces) {
    const value = grouping === 'service' ? trace.service : trace.sessionId;
    const label = value || (grouping === 'service' ? NO_SERVICE : NO_SESSION);
    const key = `${grouping}:${value ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, label, traces: [] }));
    group.traces.push(trace);
  }
  return [...groups.values()];
}
