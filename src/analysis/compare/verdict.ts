/**
 * The comparison in one line, most telling first: "only timing differs (+640 ms)", or
 * "system prompt changed in 3 calls; answer changed; +18 input tokens, +5 output tokens; +$0.0000057".
 */
import type { ComparedPair, DifferenceKind, RunDeltas, UnmatchedSpan } from '../../protocol/compare-json';
import { formatCost, formatDuration } from '../format';

interface VerdictInput {
  deltas: RunDeltas;
  pairs: readonly ComparedPair[];
  onlyInA: readonly UnmatchedSpan[];
  onlyInB: readonly UnmatchedSpan[];
  differences: readonly DifferenceKind[];
  semanticDifference: boolean;
}

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);
const calls = (n: number) => `${n} call${n === 1 ? '' : 's'}`;

export function verdictOf(v: VerdictInput): string {
  const d = v.deltas;
  if (!v.semanticDifference) {
    return v.differences.includes('latency') ? `only timing differs (${signed(d.durationMs, formatDuration(d.durationMs))})` : 'no difference';
  }
  const parts: string[] = [];
  if (v.differences.includes('structure')) parts.push(structurePart(v));
  const where = (test: (p: ComparedPair) => boolean) => v.pairs.filter(test).length;
  const systemChanged = where((p) => p.messages.some((m) => m.side === 'input' && m.role === 'system' && m.change !== 'only-in-b'));
  if (systemChanged > 0) parts.push(`system prompt changed in ${calls(systemChanged)}`);
  const otherInput = where((p) => p.changes.includes('input') && !p.messages.some((m) => m.side === 'input' && m.role === 'system'));
  if (otherInput > 0) parts.push(`input changed in ${calls(otherInput)}`);
  const modelPair = v.pairs.find((p) => p.changes.includes('model'));
  if (modelPair?.model) parts.push(`model ${modelPair.model.a ?? '?'} → ${modelPair.model.b ?? '?'} in ${calls(where((p) => p.changes.includes('model')))}`);
  const documents = where((p) => p.changes.includes('documents'));
  if (documents > 0) parts.push(`retrieved documents changed in ${documents} step${documents === 1 ? '' : 's'}`);
  const failing = where((p) => p.status.b === 'error' && p.status.a !== 'error');
  const fixed = where((p) => p.status.a === 'error' && p.status.b !== 'error');
  if (failing > 0) parts.push(`${failing} step${failing === 1 ? '' : 's'} now fail${failing === 1 ? 's' : ''}`);
  if (fixed > 0) parts.push(`${fixed} step${fixed === 1 ? '' : 's'} no longer fail${fixed === 1 ? 's' : ''}`);
  const toolIo = where((p) => p.changes.includes('tool-arguments') || p.changes.includes('tool-result'));
  if (toolIo > 0) parts.push(`tool input/output changed in ${calls(toolIo)}`);
  if (v.differences.includes('output-messages')) parts.push(answerChanged(v.pairs) ? 'answer changed' : `output changed in ${calls(where((p) => p.changes.includes('output')))}`);
  const tokens = [
    d.inputTokens !== 0 ? `${signed(d.inputTokens, String(d.inputTokens))} input tokens` : '',
    d.outputTokens !== 0 ? `${signed(d.outputTokens, String(d.outputTokens))} output tokens` : '',
  ].filter(Boolean);
  if (tokens.length > 0) parts.push(tokens.join(', '));
  if (v.differences.includes('cost') && d.costUsd !== null) parts.push(signed(d.costUsd, formatCost(d.costUsd)));
  if (v.differences.includes('latency')) parts.push(signed(d.durationMs, formatDuration(d.durationMs)));
  return parts.join('; ');
}

function structurePart(v: VerdictInput): string {
  const d = v.deltas;
  const counts = [
    d.llmCalls !== 0 ? `${signed(d.llmCalls, String(d.llmCalls))} model ${Math.abs(d.llmCalls) === 1 ? 'call' : 'calls'}` : '',
    d.toolCalls !== 0 ? `${signed(d.toolCalls, String(d.toolCalls))} tool ${Math.abs(d.toolCalls) === 1 ? 'call' : 'calls'}` : '',
  ].filter(Boolean);
  if (counts.length > 0) return counts.join(', ');
  return `${v.onlyInA.length} step${v.onlyInA.length === 1 ? '' : 's'} only in A, ${v.onlyInB.length} only in B`;
}

/** The final answer: the output of the root step, or of the last model call, changed. */
function answerChanged(pairs: readonly ComparedPair[]): boolean {
  const root = pairs[0];
  if (root && root.messages.some((m) => m.side === 'output')) return true;
  const lastLlm = [...pairs].reverse().find((p) => p.kind === 'llm');
  return Boolean(lastLlm?.messages.some((m) => m.side === 'output'));
}
