/**
 * What changed between the two spans of a matched step: messages by position and role, model,
 * status and error, tool arguments and result, retrieved documents, and the deltas (B minus A).
 */
import type { ComparedPair, MessageChange, PairChange, PairDeltas } from '../../protocol/compare-json';
import type { Message, TraceJsonSpan, Usage } from '../../protocol/trace-json';
import { documentChanges, hasDocumentChanges } from './document-changes';
import type { StepPrint } from './step-print';

export function comparePair(a: StepPrint, b: StepPrint): ComparedPair {
  const spanA = a.span;
  const spanB = b.span;
  const changes: PairChange[] = [];
  const inputChanges = messageChanges('input', a.input, b.input, spanA.input?.messages, spanB.input?.messages);
  const outputChanges = messageChanges('output', a.output, b.output, spanA.output?.messages, spanB.output?.messages);
  if (inputChanges.length > 0 || (spanA.retrieval?.query ?? null) !== (spanB.retrieval?.query ?? null)) changes.push('input');
  if (outputChanges.length > 0) changes.push('output');
  const modelA = spanA.model ?? spanA.requestModel ?? null;
  const modelB = spanB.model ?? spanB.requestModel ?? null;
  if (modelA !== modelB || (spanA.requestModel ?? null) !== (spanB.requestModel ?? null)) changes.push('model');
  if (statusChanged(spanA, spanB)) changes.push('status');
  const documents = spanA.retrieval || spanB.retrieval ? documentChanges(spanA.retrieval?.documents ?? [], spanB.retrieval?.documents ?? []) : undefined;
  if (documents && hasDocumentChanges(documents)) changes.push('documents');
  if (a.toolArguments !== b.toolArguments) changes.push('tool-arguments');
  if (a.toolResult !== b.toolResult) changes.push('tool-result');
  return {
    a: spanA.spanId,
    b: spanB.spanId,
    kind: spanB.kind,
    name: spanB.name,
    ...(spanA.name !== spanB.name ? { nameA: spanA.name } : {}),
    changes,
    deltas: pairDeltas(spanA, spanB),
    ...(modelA !== null || modelB !== null ? { model: { a: modelA, b: modelB } } : {}),
    status: { a: spanA.status, b: spanB.status },
    messages: [...inputChanges, ...outputChanges],
    ...(documents ? { documents } : {}),
  };
}

/**
 * Messages compared position by position (the comparable text ignores call ids); a position
 * present on one side only is only-in-a / only-in-b.
 */
function messageChanges(
  side: 'input' | 'output', textsA: readonly string[], textsB: readonly string[],
  messagesA: readonly Message[] = [], messagesB: readonly Message[] = [],
): MessageChange[] {
  const out: MessageChange[] = [];
  for (let index = 0; index < Math.max(textsA.length, textsB.length); index++) {
    if (index >= textsB.length) out.push({ side, index, role: messagesA[index].role, change: 'only-in-a' });
    else if (index >= textsA.length) out.push({ side, index, role: messagesB[index].role, change: 'only-in-b' });
    else if (textsA[index] !== textsB[index]) {
      const roleA = messagesA[index].role;
      const roleB = messagesB[index].role;
      out.push({ side, index, role: roleA, ...(roleA !== roleB ? { roleB } : {}), change: 'changed' });
    }
  }
  return out;
}

/** Failing versus not failing, or failing differently. `unset` and `ok` both mean "did not fail". */
function statusChanged(a: TraceJsonSpan, b: TraceJsonSpan): boolean {
  const failedA = a.status === 'error';
  if (failedA !== (b.status === 'error')) return true;
  return failedA && (a.error?.message ?? a.statusMessage ?? '') !== (b.error?.message ?? b.statusMessage ?? '');
}

function pairDeltas(a: TraceJsonSpan, b: TraceJsonSpan): PairDeltas {
  return {
    durationMs: b.durationMs - a.durationMs,
    inputTokens: minus(a.usage?.inputTokens, b.usage?.inputTokens),
    outputTokens: minus(a.usage?.outputTokens, b.usage?.outputTokens),
    totalTokens: minus(totalTokens(a.usage), totalTokens(b.usage)),
    costUsd: minus(a.costUsd ?? undefined, b.costUsd ?? undefined),
  };
}

/** B minus A; null when either side does not report the figure. */
function minus(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : b - a;
}

function totalTokens(usage: Usage | undefined): number | undefined {
  if (!usage) return undefined;
  if (usage.totalTokens !== undefined) return usage.totalTokens;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
