/** The pipeline at a glance: question → query → retriever → reranker → context → answer, with counts. */
import type { ComponentChildren } from 'preact';
import type { RetrievalView } from '../../src/protocol/retrieval-panel';
import { firstLines } from './identity';

function Stage({ label, count, children, active, onClick, tone }: {
  label: string; count?: string; children?: ComponentChildren; active?: boolean; onClick?: () => void; tone?: 'warn';
}) {
  const body = (
    <>
      <span class="rt-stage-label">{label}</span>
      {count !== undefined && <span class="rt-stage-count">{count}</span>}
      {children && <span class="rt-stage-detail">{children}</span>}
    </>
  );
  const cls = `rt-stage${active ? ' rt-stage-active' : ''}${tone === 'warn' ? ' rt-stage-warn' : ''}`;
  return onClick ? <button type="button" class={cls} onClick={onClick} aria-pressed={active}>{body}</button> : <div class={cls}>{body}</div>;
}

const Arrow = () => <span class="rt-arrow" aria-hidden="true">→</span>;

export function PipelineStrip({ view, activeStep, onStep }: { view: RetrievalView; activeStep?: string; onStep: (spanId: string) => void }) {
  const answer = view.answer;
  const context = view.steps[view.steps.length - 1];
  const used = context.documents.filter((d) => d.used).length;
  const unsupported = answer?.sentences.filter((s) => s.judged && s.supportedBy.length === 0).length ?? 0;
  const items: ComponentChildren[] = [];
  if (view.question !== undefined) items.push(<Stage key="q" label="Question">{firstLines(view.question, 90)}</Stage>);
  items.push(
    <Stage key="query" label={view.question !== undefined ? 'Rewritten query' : 'Query'}>
      {view.query !== undefined ? firstLines(view.query, 90) : <span class="tl-muted">not recorded</span>}
    </Stage>,
  );
  for (const step of view.steps) {
    const count = step.kind === 'rerank' && step.inputCount !== undefined
      ? `${step.documents.length} of ${step.inputCount} kept`
      : `${step.documents.length} document${step.documents.length === 1 ? '' : 's'}`;
    items.push(
      <Stage key={step.spanId} label={step.kind === 'rerank' ? 'Reranker' : 'Retriever'} count={count} active={step.spanId === activeStep}
        onClick={() => onStep(step.spanId)} tone={step.documents.length === 0 ? 'warn' : undefined}>
        {step.name}
      </Stage>,
    );
  }
  items.push(
    <Stage key="context" label="Context" count={answer ? `${answer.inContext.length} in the prompt` : undefined}>
      {answer ? answer.name : <span class="tl-muted">no model call found that received these documents</span>}
    </Stage>,
  );
  items.push(
    <Stage key="answer" label="Answer" count={answer ? `${used} of ${context.documents.length} used` : undefined} tone={unsupported > 0 ? 'warn' : undefined}>
      {answer ? (unsupported > 0 ? `${unsupported} sentence${unsupported === 1 ? '' : 's'} without a supporting passage` : 'every sentence supported') : <span class="tl-muted">none</span>}
    </Stage>,
  );
  return (
    <nav class="rt-pipeline" aria-label="Pipeline">
      {items.flatMap((item, i) => (i === 0 ? [item] : [<Arrow key={`a${i}`} />, item]))}
    </nav>
  );
}
