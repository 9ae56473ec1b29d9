/**
 * One span in detail: one view per span kind, then what every span has (error, timing,
 * attributes, events, resource and scope, raw JSON). Shared by every panel that shows a span: it
 * posts nothing itself; what happens on a click is the caller's callback.
 */
import type { SpanLinksInfo, SpanRow } from '../../../src/protocol/engine-api';
import type { PromptSource, TraceJsonSpan } from '../../../src/protocol/trace-json';
import type { ToolCallLinks } from '../../../src/protocol/trace-panel';
import { Section } from '../ui/section';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy-button';
import { LongText } from '../long-text';
import { Highlighted } from '../highlight';
import { formatCost, formatCount, formatDuration } from '../../../src/analysis/format';
import { formatTime, toJson } from '../../shared/format';
import { LlmDetail } from './llm-detail';
import { ToolDetail } from './tool-detail';
import { RetrievalDetail } from './retrieval-detail';
import { AgentDetail, ChildrenSummary } from './agent-detail';
import { ErrorSection, type OpenLocation } from './error-section';
import { AttributesTable } from './attributes-table';
import { KeyValues } from './key-values';
import type { ContentMode } from './messages';
import { MAX_TITLE_CHARS, nameOrPlaceholder } from '../../../src/analysis/display-name';
import { PagedList } from '../paged-list';
import { LookAlikeMark } from '../look-alike-mark';
import { LinksSection, type OpenLinkedSpan } from './links-section';

export interface SpanDetailProps {
  span: TraceJsonSpan;
  toolLinks?: ToolCallLinks;
  children: readonly SpanRow[];
  traceStartMs: number;
  mode: ContentMode;
  onMode: (mode: ContentMode) => void;
  /** Another span of the same trace was clicked (children, tool links). */
  onSelect: (spanId: string) => void;
  /** A `file:line` stack frame was clicked. */
  onOpenLocation: OpenLocation;
  /** Shows "Open prompt" on spans with a prompt reference or linked messages, when given. */
  onOpenPrompt?: (spanId: string) => void;
  /** Shows "Open as JSON" (the whole span, values the view clipped included), when given. */
  onOpenJson?: (spanId: string) => void;
  /** The name of another span of the trace (for links to it). */
  spanName?: (spanId: string) => string | undefined;
  /** A linked input message's source was clicked; links show only when given. */
  onOpenSource?: (spanId: string, source: PromptSource) => void;
  /** Offered on retrieval and rerank spans and on model calls (absent: no button). */
  onInspectRetrieval?: (spanId: string) => void;
  /** The span's trace (links within it select the span instead of opening it). */
  traceId?: string;
  /** The span's links named and the spans linking to it (the host's `getSpanLinks`). */
  spanLinks?: SpanLinksInfo;
  /** A stored linked span in another trace was clicked; without it, linked spans are text. */
  onOpenLinkedSpan?: OpenLinkedSpan;
}

function KindBody(props: SpanDetailProps) {
  const { span, mode } = props;
  const onOpenSource = props.onOpenSource && ((source: PromptSource) => props.onOpenSource!(span.spanId, source));
  switch (span.kind) {
    case 'llm':
    case 'embedding':
      return <LlmDetail span={span} mode={mode} spanName={props.spanName} onSelect={props.onSelect} onOpenSource={onOpenSource} />;
    case 'tool':
      return <ToolDetail span={span} links={props.toolLinks} onSelect={props.onSelect} />;
    case 'retrieval':
    case 'rerank':
      return <RetrievalDetail span={span} />;
    case 'agent':
    case 'chain':
    case 'guardrail':
    case 'evaluator':
    case 'other':
      return <AgentDetail span={span} mode={mode} onOpenSource={onOpenSource} />;
    default: {
      // A kind this build does not know (a newer engine): fall back to the generic view.
      return <AgentDetail span={span} mode={mode} onOpenSource={onOpenSource} />;
    }
  }
}

function hasContent(span: TraceJsonSpan): boolean {
  return !!(span.input?.messages.length || span.output?.messages.length);
}

export function SpanDetail(props: SpanDetailProps) {
  const { span, onOpenPrompt, onOpenJson, onInspectRetrieval } = props;
  const events = span.events ?? [];
  return (
    <div class="tl-detail-body">
      <div class="tl-detail-head">
        <h2 class="tl-detail-title">
          <span class={`tl-kind-dot kind-${span.kind}`} aria-hidden="true" />
          <Highlighted text={nameOrPlaceholder(span.name).slice(0, MAX_TITLE_CHARS)} />
          {span.name.length > MAX_TITLE_CHARS && (
            <span class="tl-muted tl-name-length">… ({span.name.length.toLocaleString('en-US')} characters)</span>
          )}
          <LookAlikeMark text={span.name.slice(0, MAX_TITLE_CHARS)} />
        </h2>
        <div class="tl-detail-badges">
          <Badge tone="kind">{span.kind}</Badge>
          <Badge tone={span.status === 'error' ? 'error' : span.status === 'ok' ? 'ok' : 'neutral'}>{span.status}</Badge>
          <span class="tl-muted">{formatDuration(span.durationMs)}</span>
          {span.model && <span class="tl-muted">{span.model}</span>}
          {span.usage?.totalTokens !== undefined && <span class="tl-muted">{formatCount(span.usage.totalTokens)} tokens</span>}
          {span.costUsd !== undefined && span.costUsd !== null && <span class="tl-muted">{formatCost(span.costUsd)}</span>}
        </div>
        <div class="tl-detail-actions">
          {hasContent(span) && (
            <div class="tl-toggle" role="group" aria-label="Content view">
              <Button variant={props.mode === 'rendered' ? 'primary' : 'secondary'} aria-pressed={props.mode === 'rendered'} onClick={() => props.onMode('rendered')}>
                Rendered
              </Button>
              <Button variant={props.mode === 'raw' ? 'primary' : 'secondary'} aria-pressed={props.mode === 'raw'} onClick={() => props.onMode('raw')}>
                Raw
              </Button>
            </div>
          )}
          {onOpenPrompt && (span.prompt || span.input?.messages.some((m) => m.source)) && <Button onClick={() => onOpenPrompt(span.spanId)}>Open prompt</Button>}
          {onOpenJson && (
            <Button title="The whole span as JSON in an editor, long values included" onClick={() => onOpenJson(span.spanId)}>
              Open as JSON
            </Button>
          )}
          {span.code?.workspacePath && (
            // Only a call site that resolved inside the workspace gets a button; others stay text (Timing).
            <Button onClick={() => props.onOpenLocation({ file: span.code!.workspacePath!, line: span.code!.line ?? 1 })} title={`Open ${span.code.workspacePath}${span.code.line ? `:${span.code.line}` : ''}`}>
              Open call site
            </Button>
          )}
          {onInspectRetrieval && (span.kind === 'retrieval' || span.kind === 'rerank' || span.kind === 'llm') && (
            <Button onClick={() => onInspectRetrieval(span.spanId)}>Inspect retrieval</Button>
          )}
          <CopyButton text={span.spanId} label="Copy span id" />
        </div>
      </div>
      <ErrorSection span={span} onOpenLocation={props.onOpenLocation} />
      <KindBody {...props} />
      <ChildrenSummary children={props.children} onSelect={props.onSelect} />
      <Section title="Timing" open={false}>
        <KeyValues
          entries={[
            ['start', formatTime(span.startTimeUnixMs)],
            ['offset in trace', formatDuration(span.startTimeUnixMs - props.traceStartMs)],
            ['duration', formatDuration(span.durationMs)],
            ['span id', span.spanId],
            ['parent span id', span.parentSpanId ?? '(root)'],
            ['OTel span kind', span.spanKind],
            ['session', span.sessionId],
            ['user', span.userId],
            ['code', span.code ? `${span.code.file ?? ''}${span.code.line ? `:${span.code.line}` : ''}${span.code.function ? ` (${span.code.function})` : ''}` : undefined],
            ['conventions', span.conventions?.join(', ')],
          ]}
        />
      </Section>
      <Section title={`Attributes · ${Object.keys(span.attributes ?? {}).length}`}>
        <AttributesTable attributes={span.attributes ?? {}} label="attributes" />
      </Section>
      {events.length > 0 && (
        <Section title={`Events · ${events.length}`} open={false}>
          <PagedList class="tl-events" items={events} noun="events" render={(e) => (
            <>
              <div>
                <strong><Highlighted text={nameOrPlaceholder(e.name)} /></strong>{' '}
                <span class="tl-muted">+{formatDuration(e.timeUnixMs - span.startTimeUnixMs)}</span>
              </div>
              {Object.keys(e.attributes).length > 0 && <AttributesTable attributes={e.attributes} label="event attributes" />}
            </>
          )} />
        </Section>
      )}
      <LinksSection links={span.links ?? []} info={props.spanLinks} traceId={props.traceId ?? ''} onOpen={props.onOpenLinkedSpan} onSelect={props.onSelect} />
      <Section title="Resource and scope" open={false}>
        <KeyValues entries={[['service', span.service], ['scope', span.scope ? `${span.scope.name}${span.scope.version ? ` ${span.scope.version}` : ''}` : undefined]]} />
        <AttributesTable attributes={span.resource ?? {}} label="resource attributes" />
      </Section>
      <Section title="Raw JSON" open={false}>
        <LongText text={toJson(span)} />
      </Section>
    </div>
  );
}
