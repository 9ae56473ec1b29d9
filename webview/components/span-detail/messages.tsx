/** A conversation: messages by role, each part as text, reasoning, tool call, tool result or media. */
import type { Message, MessagePart, PromptSource } from '../../../src/protocol/trace-json';
import { LongText } from '../long-text';
import { Badge } from '../ui/badge';
import { prettyJson } from '../../shared/format';
import { Highlighted } from '../highlight';
import { Section } from '../ui/section';

export type ContentMode = 'raw' | 'rendered';

function Part({ part, mode }: { part: MessagePart; mode: ContentMode }) {
  switch (part.type) {
    case 'text':
      return <LongText text={part.text} mode={mode} />;
    case 'reasoning':
      return (
        <div class="tl-reasoning">
          <div class="tl-part-label">reasoning</div>
          <LongText text={part.text} mode={mode} />
        </div>
      );
    case 'tool_call':
      return (
        <div class="tl-tool-call">
          <div class="tl-part-label">
            tool call <strong><Highlighted text={part.name} /></strong>
            {part.id && <span class="tl-muted"> · <Highlighted text={part.id} /></span>}
          </div>
          {part.arguments !== undefined && <LongText text={prettyJson(part.arguments).text} />}
        </div>
      );
    case 'tool_result':
      return (
        <div class="tl-tool-result">
          <div class="tl-part-label">
            tool result{part.id && <span class="tl-muted"> · <Highlighted text={part.id} /></span>}
          </div>
          <LongText text={prettyJson(part.result).text} />
        </div>
      );
    case 'media':
      return (
        <div class="tl-media">
          <span class="tl-part-label">{part.modality ?? 'media'}</span> {part.mimeType ?? ''} {part.uri ?? part.fileId ?? ''}
          {part.dataLength !== undefined && <span class="tl-muted"> ({part.dataLength.toLocaleString('en-US')} bytes inline)</span>}
        </div>
      );
    default: {
      // A part type this build does not know (a newer engine): show it as data, never drop it.
      return <pre class="tl-raw">{JSON.stringify(part, null, 2)}</pre>;
    }
  }
}

/** A message's source link: opens the workspace lines it was rendered from. */
export type OpenSource = (source: PromptSource) => void;

function SourceLink({ source, onOpen }: { source: PromptSource; onOpen: OpenSource }) {
  const unsure = (source.candidates?.length ?? 0) > 1;
  const label = `${source.path}:${source.startLine}–${source.endLine}`;
  const also = unsure ? `; also fits: ${source.candidates!.slice(1).map((c) => `${c.path}:${c.startLine}`).join(', ')}` : '';
  return (
    // An inline span with the button role, like the stack-frame links.
    <span
      role="button"
      tabIndex={0}
      class="tl-frame-link tl-source-link"
      title={`Open ${label} (matched by ${source.via}, confidence ${source.confidence.toFixed(2)})${also}`}
      onClick={() => onOpen(source)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(source);
        }
      }}
    >
      {label}{unsure ? ' (unsure)' : ''}
    </span>
  );
}

export function MessageList({ messages, mode, onOpenSource }: { messages: readonly Message[]; mode: ContentMode; onOpenSource?: OpenSource }) {
  return (
    <ol class="tl-messages">
      {messages.map((m, i) => (
        <li key={i} class={`tl-message role-${/^[a-z_]+$/.test(m.role) ? m.role : 'other'}`}>
          <div class="tl-message-head">
            <Badge tone="kind">{m.role}</Badge>
            {m.name && <span class="tl-muted">{m.name}</span>}
            {m.finishReason && <span class="tl-muted">finish: {m.finishReason}</span>}
            {m.source && onOpenSource && <SourceLink source={m.source} onOpen={onOpenSource} />}
          </div>
          {m.parts.length === 0 ? <div class="tl-muted">(empty)</div> : m.parts.map((p, j) => <Part key={j} part={p} mode={mode} />)}
        </li>
      ))}
    </ol>
  );
}

/** A titled section holding a message list; nothing at all when there are no messages. */
export function MessagesSection({ title, messages, mode, onOpenSource }: { title: string; messages: readonly Message[] | undefined; mode: ContentMode; onOpenSource?: OpenSource }) {
  if (!messages?.length) return null;
  return (
    <Section title={title}>
      <MessageList messages={messages} mode={mode} onOpenSource={onOpenSource} />
    </Section>
  );
}
