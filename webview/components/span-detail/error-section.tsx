/**
 * Status and error: type, message, and the stack trace with `file:line` frames as buttons. A frame
 * is handed to `onOpenLocation`; in a panel that asks the host, which opens a file only when it lies
 * inside the workspace.
 */
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { parseStackTrace, type SourceLocation } from '../../../src/analysis/stack-frames';
import { Section } from '../ui/section';
import { Highlighted } from '../highlight';
import { CopyButton } from '../ui/copy-button';
import { KeyValues } from './key-values';
import { LongText } from '../long-text';

/** Stack traces longer than this are shown as plain text past the cut (parsing is linear, rendering is not free). */
const MAX_LINKED_CHARS = 200_000;
/** Frames past this many are plain text: a generated 4,000-frame trace made 4,000 links. */
const MAX_FRAME_LINKS = 200;
/** An error message longer than this is cut in the title and shown whole (paged) below it. */
const MAX_TITLE_MESSAGE = 1_000;

export type OpenLocation = (at: SourceLocation) => void;

export function StackTrace({ text, onOpenLocation: open }: { text: string; onOpenLocation: OpenLocation }) {
  const linked = text.slice(0, MAX_LINKED_CHARS);
  return (
    <div class="tl-long-text">
      <CopyButton text={text} label="Copy stack trace" />
      <pre class="tl-raw tl-stack">
        {parseStackTrace(linked).map((seg, i, all) =>
          seg.location && linkIndex(all, i) < MAX_FRAME_LINKS ? (
            // An inline span with the button role (a real <button> cannot wrap inside a long path).
            <span
              key={i}
              role="button"
              tabIndex={0}
              class="tl-frame-link"
              title={`Open ${seg.location.file}:${seg.location.line} (files inside the workspace only)`}
              onClick={() => open(seg.location!)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  open(seg.location!);
                }
              }}
            >
              {seg.text}
            </span>
          ) : (
            <span key={i}>{seg.text}</span>
          ),
        )}
        {text.length > MAX_LINKED_CHARS && text.slice(MAX_LINKED_CHARS)}
      </pre>
    </div>
  );
}

/** How many segments before `i` are frame links (counted once per render through a cache). */
const linkCounts = new WeakMap<readonly unknown[], number[]>();
function linkIndex(all: ReadonlyArray<{ location?: unknown }>, i: number): number {
  let counts = linkCounts.get(all);
  if (!counts) {
    let n = 0;
    counts = all.map((seg) => (seg.location ? n++ : n));
    linkCounts.set(all, counts);
  }
  return counts[i]!;
}

export function ErrorSection({ span, onOpenLocation }: { span: TraceJsonSpan; onOpenLocation: OpenLocation }) {
  const error = span.error;
  if (span.status !== 'error' && !error) return null;
  const message = error?.message ?? span.statusMessage ?? '';
  return (
    <Section title="Error">
      <div class="tl-error-box" role="alert">
        <div class="tl-error-title">
          <Highlighted text={error?.type ?? 'Error'} />
          {message && (
            <>
              {': '}
              <Highlighted text={message.length > MAX_TITLE_MESSAGE ? `${message.slice(0, MAX_TITLE_MESSAGE)}…` : message} />
            </>
          )}
        </div>
        {message.length > MAX_TITLE_MESSAGE && <LongText text={message} />}
        {span.statusMessage && error?.message && span.statusMessage !== error.message && <KeyValues entries={[['status message', span.statusMessage]]} />}
      </div>
      {error?.stacktrace && <StackTrace text={error.stacktrace} onOpenLocation={onOpenLocation} />}
    </Section>
  );
}
