/**
 * The input or output messages of a pair, position by position: changed messages as word diffs,
 * messages of one run only marked as such, unchanged ones folded to a line.
 */
import { messageBody } from '../../src/analysis/compare/pair-text';
import type { MessageChange } from '../../src/protocol/compare-json';
import type { Message } from '../../src/protocol/trace-json';
import { Section } from '../components/ui/section';
import { TextChange } from './word-diff';

const CHANGE_TEXT: Record<MessageChange['change'], string> = { changed: 'changed', 'only-in-a': 'only in A', 'only-in-b': 'only in B' };

export function MessageChanges({ title, side, a, b, changes }: {
  title: string; side: 'input' | 'output'; a: readonly Message[]; b: readonly Message[]; changes: readonly MessageChange[];
}) {
  const count = Math.max(a.length, b.length);
  if (count === 0) return null;
  const byIndex = new Map(changes.filter((c) => c.side === side).map((c) => [c.index, c]));
  return (
    <Section title={`${title} (${byIndex.size} of ${count} changed)`}>
      {Array.from({ length: count }, (_, index) => {
        const change = byIndex.get(index);
        const ma = a[index];
        const mb = b[index];
        const role = ma && mb && ma.role !== mb.role ? `${ma.role} → ${mb.role}` : (ma ?? mb).role;
        const body = <TextChange a={ma ? messageBody(ma) : null} b={mb ? messageBody(mb) : null} />;
        return change ? (
          <div key={index} class="tl-msg tl-msg-changed">
            <div class="tl-msg-head"><span class="tl-msg-role">{index} · {role}</span><span class={`tl-chip tl-chip-${change.change}`}>{CHANGE_TEXT[change.change]}</span></div>
            {body}
          </div>
        ) : (
          <details key={index} class="tl-msg tl-msg-same">
            <summary class="tl-msg-head"><span class="tl-msg-role">{index} · {role}</span><span class="tl-muted">unchanged</span></summary>
            {body}
          </details>
        );
      })}
    </Section>
  );
}
