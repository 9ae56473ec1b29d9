/**
 * The answer of the consuming model call, sentence by sentence: quotes and citations highlighted
 * in place, paraphrases and supporting documents as chips after each sentence, and sentences no
 * document supports marked "no supporting passage found" (with what was checked). Clicking a
 * highlight or chip selects its document; a selected document lights up its evidence here.
 */
import type { EvidenceMark, RetrievalStepView, RetrievalView } from '../../src/protocol/retrieval-panel';
import { identityOf } from './identity';

interface Props {
  view: RetrievalView;
  context: RetrievalStepView;
  selected?: string;
  onSelectRank(rank: number): void;
}

/** Inline marks (quotes, citations) inside [start, end), merged when several documents share a range. */
function inlineMarks(marks: readonly EvidenceMark[], start: number, end: number): { start: number; end: number; kind: string; ranks: number[] }[] {
  const out: { start: number; end: number; kind: string; ranks: number[] }[] = [];
  for (const m of marks) {
    if (m.kind === 'paraphrase' || m.start < start || m.end > end) continue;
    const same = out.find((o) => o.start === m.start && o.end === m.end);
    if (same) {
      if (!same.ranks.includes(m.rank)) same.ranks.push(m.rank);
      continue;
    }
    if (out.some((o) => m.start < o.end && m.end > o.start)) continue; // overlapping: the first one shows
    out.push({ start: m.start, end: m.end, kind: m.kind, ranks: [m.rank] });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function AnswerView({ view, context, selected, onSelectRank }: Props) {
  const answer = view.answer;
  if (!answer) {
    return (
      <div class="rt-answer">
        <h2>Answer</h2>
        <div class="rt-note">No model call was found whose prompt holds these documents, so whether the answer used them cannot be judged.</div>
      </div>
    );
  }
  const rankIdentity = new Map(context.documents.map((d, i) => [d.rank ?? i + 1, identityOf(d)]));
  const selectedRank = [...rankIdentity].find(([, id]) => id === selected)?.[0];
  const text = answer.text;
  const unsupported = answer.sentences.filter((s) => s.judged && s.supportedBy.length === 0).length;
  const chip = (rank: number, kind: string) => (
    <button type="button" key={`${kind}${rank}`} class={`rt-chip rt-kind-${kind}${rank === selectedRank ? ' rt-chip-selected' : ''}`}
      title={`${kind} of document #${rank}`} onClick={() => onSelectRank(rank)}>{kind === 'paraphrase' ? '≈' : ''}#{rank}</button>
  );
  return (
    <div class="rt-answer">
      <h2>Answer <span class="tl-muted">· {answer.name}{answer.model ? ` · ${answer.model}` : ''}</span></h2>
      {text === '' ? <div class="rt-note">The model call recorded no answer text.</div> : (
        <p class={`rt-answer-text${selectedRank !== undefined ? ' rt-has-selection' : ''}`}>
          {answer.sentences.map((s) => {
            const pieces = [];
            let at = s.start;
            for (const m of inlineMarks(answer.marks, s.start, s.end)) {
              pieces.push(text.slice(at, m.start));
              const lit = selectedRank !== undefined && m.ranks.includes(selectedRank);
              pieces.push(
                <mark key={m.start} class={`rt-ev rt-ev-${m.kind}${lit ? ' rt-ev-lit' : ''}`} data-ranks={m.ranks.join(',')} title={`${m.kind} of document ${m.ranks.map((r) => `#${r}`).join(', ')}`}
                  onClick={() => onSelectRank(m.ranks[0])}>{text.slice(m.start, m.end)}</mark>,
              );
              at = m.end;
            }
            pieces.push(text.slice(at, s.end));
            const paraphrasedBy = answer.marks.filter((m) => m.kind === 'paraphrase' && m.start === s.start).map((m) => m.rank);
            const bad = s.judged && s.supportedBy.length === 0;
            const lit = selectedRank !== undefined && s.supportedBy.includes(selectedRank);
            return (
              <span key={s.start} class={`rt-sentence${bad ? ' rt-unsupported' : ''}${lit ? ' rt-sentence-lit' : ''}`} data-supported-by={s.supportedBy.join(',')}>
                {pieces}
                {paraphrasedBy.map((r) => chip(r, 'paraphrase'))}
                {bad && <span class="rt-nosupport" title="No quote, citation or paraphrase of any document in the prompt was found for this sentence">no supporting passage found</span>}{' '}
              </span>
            );
          })}
        </p>
      )}
      <div class="rt-note rt-checked">
        Checked {answer.inContext.length} document{answer.inContext.length === 1 ? '' : 's'} found in this call's prompt for quotes (8 or more words verbatim),
        citations of their ids or sources, and paraphrases (most of a sentence's content words within one passage).
        {unsupported > 0 ? ` ${unsupported} sentence${unsupported === 1 ? ' has' : 's have'} no supporting passage: the model may know it from elsewhere, or the right document was not retrieved.` : ''}
      </div>
    </div>
  );
}
