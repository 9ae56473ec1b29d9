/** The readable summary `tracelight compare` prints without --json. */
import { formatCost, formatDuration } from '../analysis/format';
import type { TraceComparison } from '../analysis/compare/compare-runs';
import type { ComparedPair, RunTotals } from '../protocol/compare-json';

/** More aligned rows than this are summarized by a count (the JSON has them all). */
const MAX_ROWS = 200;

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);

function runLine(label: string, run: RunTotals): string {
  return `${label}  ${run.traceId}  ${run.status === 'error' ? 'ERROR' : 'ok   '}  ${formatDuration(run.durationMs)}  ` +
    `${run.usage.totalTokens} tokens  ${formatCost(run.costUsd)}  ${run.llmCalls} model / ${run.toolCalls} tool calls  ${run.service}: ${run.name}`;
}

function pairNote(pair: ComparedPair): string {
  const notes: string[] = [];
  for (const m of pair.messages) notes.push(`${m.side} #${m.index} ${m.role}${m.roleB ? `→${m.roleB}` : ''} ${m.change}`);
  if (pair.changes.includes('model') && pair.model) notes.push(`model ${pair.model.a ?? '–'} → ${pair.model.b ?? '–'}`);
  if (pair.changes.includes('status')) notes.push(`status ${pair.status.a} → ${pair.status.b}`);
  if (pair.changes.includes('tool-arguments')) notes.push('arguments changed');
  if (pair.changes.includes('tool-result')) notes.push('result changed');
  const d = pair.documents;
  if (d && pair.changes.includes('documents')) {
    notes.push(`documents −${d.onlyInA.length} +${d.onlyInB.length}, ${d.moved.length} moved, ${d.scoreChanged.length} rescored, ${d.contentChanged.length} rewritten`);
  }
  if (pair.changes.includes('input') && !pair.messages.some((m) => m.side === 'input')) notes.push('query changed');
  return notes.join('; ');
}

export function compareSummary(result: TraceComparison): string {
  const { json, rows } = result;
  const d = json.deltas;
  const lines = [
    runLine('A', json.a),
    runLine('B', json.b),
    `Δ  ${signed(d.totalTokens, String(d.totalTokens))} tokens (${signed(d.inputTokens, String(d.inputTokens))} in, ${signed(d.outputTokens, String(d.outputTokens))} out)  ` +
      `${d.costUsd === null ? 'cost unknown' : signed(d.costUsd, formatCost(d.costUsd))}  ${signed(d.durationMs, formatDuration(d.durationMs))}  ` +
      `model calls ${signed(d.llmCalls, String(d.llmCalls))}  tool calls ${signed(d.toolCalls, String(d.toolCalls))}  errors ${signed(d.errors, String(d.errors))}`,
    `${json.semanticDifference ? 'Differs' : 'Same'}: ${json.verdict}`,
    '',
    'Steps (= same, ~ changed, - only in A, + only in B):',
  ];
  const nameOf = new Map<string, string>();
  for (const s of json.onlyInA) nameOf.set(`a:${s.spanId}`, s.name);
  for (const s of json.onlyInB) nameOf.set(`b:${s.spanId}`, s.name);
  for (const row of rows.slice(0, MAX_ROWS)) {
    const indent = '  '.repeat(row.depth + 1);
    if (row.pair >= 0) {
      const pair = json.pairs[row.pair];
      const name = pair.nameA ? `${pair.nameA} → ${pair.name}` : pair.name;
      lines.push(`${indent}${pair.changes.length ? '~' : '='} ${name}${pair.changes.length ? `  (${pairNote(pair)})` : ''}`);
    } else if (row.a) lines.push(`${indent}- ${nameOf.get(`a:${row.a}`) ?? row.a}  (only in A)`);
    else if (row.b) lines.push(`${indent}+ ${nameOf.get(`b:${row.b}`) ?? row.b}  (only in B)`);
  }
  if (rows.length > MAX_ROWS) lines.push(`  … ${rows.length - MAX_ROWS} more steps (see --json)`);
  return `${lines.join('\n')}\n`;
}
