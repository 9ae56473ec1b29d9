/** Retrieval and rerank: the query, then the ranked documents with id, score and first lines. */
import type { RetrievedDocument, TraceJsonSpan } from '../../../src/protocol/trace-json';
import { Section } from '../ui/section';
import { LongText } from '../long-text';
import { Highlighted } from '../highlight';
import { toJson } from '../../shared/format';

function DocumentItem({ doc, index }: { doc: RetrievedDocument; index: number }) {
  const rank = doc.rank ?? index + 1;
  const hasMeta = doc.metadata && Object.keys(doc.metadata).length > 0;
  return (
    <li class="tl-doc">
      <details>
        <summary>
          <span class="tl-doc-rank">#{rank}</span>
          {doc.rankBefore !== undefined && doc.rankBefore !== rank && <span class="tl-muted" title="rank before reranking">(was #{doc.rankBefore})</span>}
          <span class="tl-doc-id">{doc.id !== undefined ? <Highlighted text={doc.id} /> : <span class="tl-muted">no id</span>}</span>
          {doc.score !== undefined && <span class="tl-doc-score" title="score">{Number.isFinite(doc.score) ? doc.score.toFixed(4) : String(doc.score)}</span>}
          <span class="tl-doc-first">
            <Highlighted text={(doc.content ?? '').split('\n').slice(0, 2).join(' ').slice(0, 240)} />
          </span>
        </summary>
        {doc.content !== undefined && <LongText text={doc.content} />}
        {hasMeta && <LongText text={toJson(doc.metadata)} />}
      </details>
    </li>
  );
}

/**
 * A step selected alone is analyzed from a bounded number of the model calls after it; when none of
 * those was given its documents, which call was (and which documents it used) is unknown, not "none".
 */
function AnswerSearchNote({ calls }: { calls: number }) {
  return (
    <div class="tl-muted tl-answer-search" role="note">
      Not known which model call was given these documents: none of the {calls.toLocaleString('en-US')} model calls after
      this step was, and the search stopped there. Inspect retrieval searches the whole trace.
    </div>
  );
}

export function RetrievalDetail({ span }: { span: TraceJsonSpan }) {
  const r = span.retrieval;
  if (!r) return <div class="tl-muted">No query or documents were recorded on this span.</div>;
  return (
    <>
      <Section title="Query">{r.query !== undefined ? <LongText text={r.query} /> : <div class="tl-muted">not recorded</div>}</Section>
      <Section title={`Documents · ${r.documents.length}`}>
        <ol class="tl-docs">
          {r.documents.map((d, i) => <DocumentItem key={`${d.id ?? ''}#${i}`} doc={d} index={i} />)}
        </ol>
        {r.answerSearch && <AnswerSearchNote calls={r.answerSearch.stoppedAfterCalls} />}
      </Section>
      {r.inputDocuments && (
        <Section title={`Input documents · ${r.inputDocuments.length}`} open={false}>
          <ol class="tl-docs">
            {r.inputDocuments.map((d, i) => <DocumentItem key={`${d.id ?? ''}#${i}`} doc={d} index={i} />)}
          </ol>
        </Section>
      )}
    </>
  );
}
