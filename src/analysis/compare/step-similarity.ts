/**
 * How alike two steps of two runs are, for the alignment. Only steps of the same kind can match.
 * Steps with the same key (kind and step name) always can; a renamed step (another key) only when
 * its content shows it is the same step. The score rewards equal content, so that of two model
 * calls after the same tool, the one that saw the same messages is chosen, and a retry that
 * succeeded matches the call that succeeded in the other run.
 */
import type { StepPrint } from './step-print';

/** Content at least this alike makes a renamed step the same step. */
const RENAMED_MIN = 0.6;

/** Score of a match, or null when the two steps cannot be the same step. */
export function similarity(a: StepPrint, b: StepPrint): number | null {
  if (a.span.kind !== b.span.kind) return null;
  const content = contentSimilarity(a, b);
  if (a.key !== b.key) return content !== null && content >= RENAMED_MIN ? 1 + 2 * content : null;
  const sameOutcome = (a.span.status === 'error') === (b.span.status === 'error') ? 0.25 : 0;
  return 3 + 2 * (content ?? 1) + sameOutcome;
}

/** Everything compared is equal: the steps match without any search. */
export function sameStep(a: StepPrint, b: StepPrint): boolean {
  return a.key === b.key && a.span.kind === b.span.kind &&
    (a.span.status === 'error') === (b.span.status === 'error') &&
    (a.span.model ?? a.span.requestModel) === (b.span.model ?? b.span.requestModel) &&
    equalLists(a.input, b.input) && equalLists(a.output, b.output) &&
    a.toolArguments === b.toolArguments && a.toolResult === b.toolResult &&
    equalLists(a.documentIds, b.documentIds) && a.childKeys === b.childKeys;
}

/** 0..1, the mean over the parts either step has; null when neither has any content. */
export function contentSimilarity(a: StepPrint, b: StepPrint): number | null {
  let sum = 0;
  let parts = 0;
  const add = (score: number) => {
    sum += score;
    parts += 1;
  };
  if (a.input.length || b.input.length) add(positionalAgreement(a.input, b.input));
  if (a.output.length || b.output.length) add(positionalAgreement(a.output, b.output));
  if (a.toolArguments !== null || b.toolArguments !== null) add(a.toolArguments === b.toolArguments ? 1 : 0);
  if (a.toolResult !== null || b.toolResult !== null) add(a.toolResult === b.toolResult ? 1 : 0);
  if (a.documentIds.length || b.documentIds.length) add(jaccard(a.documentIds, b.documentIds));
  if (a.childKeys || b.childKeys) add(a.childKeys === b.childKeys ? 1 : jaccard(a.childKeys.split('\n'), b.childKeys.split('\n')));
  return parts === 0 ? null : sum / parts;
}

function positionalAgreement(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let equal = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) equal++;
  return equal / Math.max(a.length, b.length);
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  let both = 0;
  for (const x of setA) if (setB.has(x)) both++;
  const union = setA.size + setB.size - both;
  return union === 0 ? 1 : both / union;
}

function equalLists(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
