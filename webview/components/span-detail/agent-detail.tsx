/** Agent and chain spans: inputs, outputs, and a summary of what ran beneath them. */
import type { SpanRow } from '../../../src/protocol/engine-api';
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { Section } from '../ui/section';
import { Button } from '../ui/button';
import { formatCount, formatDuration } from '../../../src/analysis/format';
import { MessagesSection, type ContentMode, type OpenSource } from './messages';
import { titleText } from '../../../src/analysis/display-name';

export function ChildrenSummary({ children, onSelect }: { children: readonly SpanRow[]; onSelect: (spanId: string) => void }) {
  if (!children.length) return null;
  const byKind = new Map<string, number>();
  for (const c of children) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  const errors = children.filter((c) => c.status === 'error').length;
  const tokens = children.reduce((sum, c) => sum + (c.usage?.totalTokens ?? (c.usage?.inputTokens ?? 0) + (c.usage?.outputTokens ?? 0)), 0);
  return (
    <Section title={`Children · ${children.length}`}>
      <div class="tl-muted">
        {[...byKind].map(([k, n]) => `${n} ${k}`).join(' · ')}
        {errors > 0 && ` · ${errors} with errors`}
        {tokens > 0 && ` · ${formatCount(tokens)} tokens`}
      </div>
      <ol class="tl-children">
        {children.slice(0, 200).map((c) => (
          <li key={c.spanId} class={c.status === 'error' ? 'error' : ''}>
            <span class={`tl-kind-dot kind-${c.kind}`} aria-hidden="true" />
            <Button variant="link" title={titleText(c.name)} onClick={() => onSelect(c.spanId)}><bdi class="tl-text">{titleText(c.name, 120)}</bdi></Button>
            <span class="tl-muted"> {c.kind} · {formatDuration(c.durationMs)}</span>
          </li>
        ))}
      </ol>
      {children.length > 200 && <div class="tl-muted">and {children.length - 200} more</div>}
    </Section>
  );
}

export function AgentDetail({ span, mode, onOpenSource }: { span: TraceJsonSpan; mode: ContentMode; onOpenSource?: OpenSource }) {
  return (
    <>
      {span.agentName && <div class="tl-muted">agent: {span.agentName}</div>}
      <MessagesSection title="Input" messages={span.input?.messages} mode={mode} onOpenSource={onOpenSource} />
      <MessagesSection title="Output" messages={span.output?.messages} mode={mode} />
    </>
  );
}
