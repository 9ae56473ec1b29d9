/**
 * A span's OTel links in both directions: the spans it links to (a batch consumer's producers, an
 * agent's hand-off) and the spans that link to it. A linked span that is in the store is named and
 * opens where it is (the caller's callback: the trace panel asks its host to open that trace at
 * that span); one that is not shows its ids as text, marked "not in store". Everything from the
 * telemetry (names, ids as sent, trace state, attributes) is text, bidi-isolated with hidden
 * characters shown. Lists come a page at a time: a span can carry 1,000 links.
 */
import type { LinkingSpan, LinkTargetName, SpanLinksInfo } from '../../../src/protocol/engine-api';
import type { SpanLinkJson } from '../../../src/protocol/trace-json';
import { nameOrPlaceholder } from '../../../src/analysis/display-name';
import { Section } from '../ui/section';
import { Button } from '../ui/button';
import { Badge } from '../ui/badge';
import { Highlighted } from '../highlight';
import { LookAlikeMark } from '../look-alike-mark';
import { PagedList } from '../paged-list';
import { displayValue } from './key-values';

/** Opens a stored span, in its own trace or this one. */
export type OpenLinkedSpan = (traceId: string, spanId: string) => void;

/** Attributes shown per link, and characters per value; the whole span is in "Raw JSON". */
const MAX_LINK_ATTRIBUTES = 20;
const MAX_VALUE_CHARS = 300;
const LINKS_PAGE = 100;

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)` : text);

/** A linked span's name as a link when it can be opened, as text otherwise. */
function SpanName({ traceId, spanId, name, onOpen }: { traceId: string; spanId: string; name: string; onOpen?: OpenLinkedSpan }) {
  const label = <Highlighted text={cut(nameOrPlaceholder(name), 200)} />;
  return (
    <>
      {onOpen ? (
        <Button variant="link" class="tl-span-link" onClick={() => onOpen(traceId, spanId)} title={`Open span ${spanId} of trace ${traceId}`}>
          {label}
        </Button>
      ) : (
        <strong>{label}</strong>
      )}
      <LookAlikeMark text={name.slice(0, 200)} />
    </>
  );
}

function InTrace({ traceName, sameTrace }: { traceName?: string; sameTrace: boolean }) {
  if (sameTrace) return <span class="tl-muted"> in this trace</span>;
  if (traceName === undefined) return null;
  return <span class="tl-muted"> in trace <Highlighted text={cut(nameOrPlaceholder(traceName), 120)} /></span>;
}

function Ids({ traceId, spanId }: { traceId: string; spanId: string }) {
  return (
    <div class="tl-link-ids tl-muted">
      trace <Highlighted text={traceId || '(none)'} /> · span <Highlighted text={spanId || '(none)'} />
    </div>
  );
}

function LinkAttributes({ link }: { link: SpanLinkJson }) {
  const entries = Object.entries(link.attributes);
  if (entries.length === 0 && link.traceState === undefined && link.droppedAttributesCount === undefined) return null;
  return (
    <ul class="tl-link-attributes">
      {link.traceState !== undefined && <li><span class="tl-muted">trace state</span> <Highlighted text={cut(link.traceState, MAX_VALUE_CHARS)} /></li>}
      {entries.slice(0, MAX_LINK_ATTRIBUTES).map(([k, v]) => (
        <li key={k}><span class="tl-link-key"><Highlighted text={k} /></span> <Highlighted text={cut(displayValue(v), MAX_VALUE_CHARS)} /></li>
      ))}
      {entries.length > MAX_LINK_ATTRIBUTES && <li class="tl-muted">… {entries.length - MAX_LINK_ATTRIBUTES} more attributes (Raw JSON has them)</li>}
      {link.droppedAttributesCount !== undefined && <li class="tl-muted">{link.droppedAttributesCount} attributes dropped by the SDK</li>}
    </ul>
  );
}

function OutgoingLink({ link, target, traceId, onOpen, onSelect }: {
  link: SpanLinkJson;
  target: LinkTargetName | null | undefined;
  traceId: string;
  onOpen?: OpenLinkedSpan;
  onSelect: (spanId: string) => void;
}) {
  const sameTrace = link.traceId === traceId;
  const open = sameTrace ? (_t: string, spanId: string) => onSelect(spanId) : onOpen;
  return (
    <>
      <div class="tl-link-head">
        {target ? (
          <>
            <SpanName traceId={link.traceId} spanId={link.spanId} name={target.name} onOpen={open} />
            <InTrace traceName={target.traceName} sameTrace={sameTrace} />
          </>
        ) : link.inStore ? (
          <Badge tone="neutral">in store</Badge>
        ) : (
          <Badge tone="warning" title="The linked span was not received, or was evicted or deleted">not in store</Badge>
        )}
      </div>
      <Ids traceId={link.traceId} spanId={link.spanId} />
      <LinkAttributes link={link} />
    </>
  );
}

function LinkingSpanItem({ span, traceId, onOpen, onSelect }: { span: LinkingSpan; traceId: string; onOpen?: OpenLinkedSpan; onSelect: (spanId: string) => void }) {
  const sameTrace = span.traceId === traceId;
  const open = sameTrace ? (_t: string, spanId: string) => onSelect(spanId) : onOpen;
  return (
    <div class="tl-link-head">
      <SpanName traceId={span.traceId} spanId={span.spanId} name={span.name} onOpen={open} />
      <InTrace traceName={span.traceName} sameTrace={sameTrace} />
      <span class="tl-muted"> (its link {span.linkIndex + 1})</span>
    </div>
  );
}

export function LinksSection({ links, info, traceId, onOpen, onSelect }: {
  links: readonly SpanLinkJson[];
  /** The links' targets named and the spans linking here, when the host sent them. */
  info?: SpanLinksInfo;
  /** The trace the span belongs to: links within it select instead of opening. */
  traceId: string;
  onOpen?: OpenLinkedSpan;
  onSelect: (spanId: string) => void;
}) {
  const linkedFrom = info?.linkedFrom ?? [];
  const total = info?.linkedFromTotal ?? 0;
  return (
    <>
      {links.length > 0 && (
        <Section title={`Links · ${links.length.toLocaleString('en-US')}`}>
          <PagedList class="tl-links" items={links} noun="links" pageSize={LINKS_PAGE} render={(link, i) => (
            <OutgoingLink link={link} target={info?.targets[i]} traceId={traceId} onOpen={onOpen} onSelect={onSelect} />
          )} />
        </Section>
      )}
      {total > 0 && (
        <Section title={`Linked from · ${total.toLocaleString('en-US')}`}>
          <PagedList class="tl-links" items={linkedFrom} noun="linking spans" pageSize={LINKS_PAGE} render={(span) => (
            <LinkingSpanItem span={span} traceId={traceId} onOpen={onOpen} onSelect={onSelect} />
          )} />
          {total > linkedFrom.length && (
            <div class="tl-muted">The first {linkedFrom.length.toLocaleString('en-US')} of {total.toLocaleString('en-US')} are listed (the query API pages through all of them).</div>
          )}
        </Section>
      )}
    </>
  );
}
