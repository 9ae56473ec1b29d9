/**
 * The documents of one step as ranked rows: rank (and the move a reranker made), id, score bar,
 * source, first lines and badges; a row opens to the whole text with search, the evidence and the
 * injection findings. Everything from telemetry is rendered as text.
 */
import type { RetrievalStepView } from '../../src/protocol/retrieval-panel';
import type { RetrievedDocument } from '../../src/protocol/trace-json';
import { Badge } from '../components/ui/badge';
import { DocumentText } from './document-text';
import { firstLines, identityOf, sourceOf } from './identity';

interface RowsProps {
  step: RetrievalStepView;
  isContext: boolean;
  /** Ranks found in the consuming prompt (context step only). */
  inContext?: number[];
  selected?: string;
  expanded: ReadonlySet<string>;
  onSelect(identity: string | undefined): void;
  onToggle(identity: string): void;
}

function Move({ doc, rank }: { doc: RetrievedDocument; rank: number }) {
  if (doc.rankBefore === undefined) return null;
  const delta = doc.rankBefore - rank;
  const text = delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : '=';
  return <span class={`rt-move ${delta > 0 ? 'rt-up' : delta < 0 ? 'rt-down' : ''}`} title={`rank ${doc.rankBefore} before the reranker`}>{text} from #{doc.rankBefore}</span>;
}

function ScoreBar({ doc, max }: { doc: RetrievedDocument; max: number }) {
  if (doc.score === undefined && doc.distance === undefined) return <span class="rt-score tl-muted">no score</span>;
  const value = doc.score ?? doc.distance!;
  const fraction = doc.score !== undefined ? (max > 1 ? value / max : value) : Math.max(0, 1 - value / Math.max(max, 1e-9));
  return (
    <span class="rt-score" title={doc.score !== undefined ? `score (from ${doc.scoreSource ?? 'score'})` : 'distance (smaller is closer)'}>
      <span class="rt-bar"><span class="rt-bar-fill" style={{ width: `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%` }} /></span>
      <span class="rt-score-value">{doc.score === undefined ? 'dist ' : ''}{Number.isInteger(value) ? value : value.toFixed(3)}</span>
    </span>
  );
}

function Badges({ doc, inPrompt }: { doc: RetrievedDocument; inPrompt?: boolean }) {
  const kinds = [...new Set((doc.evidence ?? []).map((e) => e.kind))];
  return (
    <span class="rt-badges">
      {doc.used === true && <Badge tone="ok" title={`the answer shows it: ${kinds.join(', ')}`}>used · {kinds.join(', ')}</Badge>}
      {doc.used === false && <Badge tone="neutral" title={inPrompt === false ? 'not in the prompt of the answering model call' : 'in the prompt, but the answer shows no quote, citation or paraphrase of it'}>{inPrompt === false ? 'not in prompt' : 'unused'}</Badge>}
      {doc.duplicateOf !== undefined && <Badge tone="warning" title="same id or same text as an earlier document">duplicate of #{doc.duplicateOf}</Badge>}
      {(doc.findings ?? []).length > 0 && <Badge tone="error" title="instruction-like text aimed at the model">injection</Badge>}
      {doc.contentSource === 'prompt' && <Badge tone="kind" title="this step listed only the id; the text is what the answering model call's prompt lists under it">text from prompt</Badge>}
    </span>
  );
}

function Row({ doc, index, max, props }: { doc: RetrievedDocument; index: number; max: number; props: RowsProps }) {
  const rank = doc.rank ?? index + 1;
  const identity = identityOf(doc);
  const open = props.expanded.has(identity);
  const inPrompt = props.inContext ? props.inContext.includes(rank) : undefined;
  const source = sourceOf(doc);
  const selected = props.selected === identity;
  return (
    <li class={`rt-row${selected ? ' rt-selected' : ''}${doc.used === false ? ' rt-unused' : ''}`} data-rank={rank} data-identity={identity}>
      <div class="rt-row-head" onClick={() => props.onSelect(selected ? undefined : identity)}>
        <button type="button" class="tl-button tl-button-icon rt-toggle" aria-expanded={open} aria-label={open ? 'Collapse document' : 'Expand document'}
          onClick={(e) => { e.stopPropagation(); props.onToggle(identity); }}>{open ? '▾' : '▸'}</button>
        <span class="rt-rank">#{rank}</span>
        <Move doc={doc} rank={rank} />
        <span class="rt-id" title={doc.idSource ? `id from ${doc.idSource}` : undefined}>{doc.id ?? <span class="tl-muted">no id</span>}</span>
        <ScoreBar doc={doc} max={max} />
        <Badges doc={doc} inPrompt={inPrompt} />
      </div>
      <div class="rt-row-sub">
        {source && source !== doc.id && <span class="rt-source">{source}</span>}
        <span class="rt-first">{doc.content !== undefined ? firstLines(doc.content) : <span class="tl-muted">no text recorded</span>}</span>
      </div>
      {open && <DocumentText doc={doc} />}
    </li>
  );
}

export function DocumentRows(props: RowsProps) {
  const { step } = props;
  const docs = step.documents;
  const max = Math.max(0, ...docs.map((d) => d.score ?? d.distance ?? 0));
  const anyScore = docs.some((d) => d.score !== undefined);
  const anyDistance = docs.some((d) => d.distance !== undefined);
  return (
    <div class="rt-doc-list">
      <h2>{step.kind === 'rerank' ? 'Reranker' : 'Retriever'} · {step.name} <span class="tl-muted">· {docs.length} document{docs.length === 1 ? '' : 's'}{props.isContext ? ' · given to the model' : ''}</span></h2>
      {step.query !== undefined && <div class="rt-query"><span class="tl-muted">query</span> {step.query}</div>}
      {docs.length === 0 && <div class="rt-note">The {step.kind === 'rerank' ? 'reranker' : 'retriever'} returned no documents.</div>}
      {docs.length > 0 && !anyScore && !anyDistance && <div class="rt-note">No scores were recorded for these documents, so they are shown in the order returned.</div>}
      {!anyScore && anyDistance && <div class="rt-note">The store reported distances, not scores: smaller is closer.</div>}
      <ol class="rt-rows">
        {docs.map((d, i) => <Row key={`${identityOf(d)}#${i}`} doc={d} index={i} max={max} props={props} />)}
      </ol>
      {step.dropped && step.dropped.length > 0 && (
        <>
          <h3 class="rt-dropped-title">Dropped by the reranker · {step.dropped.length}</h3>
          <ol class="rt-rows rt-dropped">
            {step.dropped.map((d) => (
              <li key={`${d.id ?? ''}#${d.rankBefore}`} class="rt-row rt-row-dropped">
                <div class="rt-row-head">
                  <span class="rt-rank">was #{d.rankBefore}</span>
                  <span class="rt-id">{d.id ?? <span class="tl-muted">no id</span>}</span>
                  <Badge tone="neutral">dropped</Badge>
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
