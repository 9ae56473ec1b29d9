/**
 * What the reranker did, as a picture: the ranks going in on the left, the ranks coming out on the
 * right, a line per kept document (green when it moved up, orange when down), dropped ones greyed.
 * SVG built from elements with text nodes only; clicking a line selects its document.
 */
import type { RetrievalStepView } from '../../src/protocol/retrieval-panel';
import { identityOf } from './identity';

const ROW = 24;
const TOP = 30;
const LEFT_X = 120;
const RIGHT_X = 260;
const WIDTH = 380;
const LABEL = 16;

const short = (s: string): string => (s.length > LABEL ? `${s.slice(0, LABEL - 1)}…` : s);

export function RankChange({ step, selected, onSelect }: { step: RetrievalStepView; selected?: string; onSelect(identity: string): void }) {
  const kept = step.documents.map((d, i) => ({ doc: d, rank: d.rank ?? i + 1 })).filter((k) => k.doc.rankBefore !== undefined);
  const dropped = step.dropped ?? [];
  const inputs = step.inputCount ?? kept.length + dropped.length;
  const rows = Math.max(inputs, step.documents.length);
  const y = (rank: number) => TOP + (rank - 1) * ROW;
  const height = TOP + rows * ROW;
  return (
    <div class="rt-rank-change">
      <h2>Rank change <span class="tl-muted">· {step.name}: {kept.length} kept, {dropped.length} dropped</span></h2>
      <svg class="rt-rank-svg" width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Ranks before and after the reranker">
        <text x={LEFT_X} y={12} class="rt-axis" text-anchor="end">before</text>
        <text x={RIGHT_X} y={12} class="rt-axis">after</text>
        {dropped.map((d) => (
          <g key={`d${d.rankBefore}`} class="rt-dropped-mark">
            <title>{`${d.id ?? 'document'}: #${d.rankBefore}, dropped`}</title>
            <text x={LEFT_X - 10} y={y(d.rankBefore) + 4} text-anchor="end">#{d.rankBefore} {short(d.id ?? '')}</text>
            <circle cx={LEFT_X} cy={y(d.rankBefore)} r={4} />
            <text x={LEFT_X + 8} y={y(d.rankBefore) + 4} class="rt-cross">✕</text>
          </g>
        ))}
        {kept.map(({ doc, rank }) => {
          const before = doc.rankBefore!;
          const identity = identityOf(doc);
          const dir = before > rank ? 'rt-up' : before < rank ? 'rt-down' : 'rt-same';
          const label = short(doc.id ?? (doc.content ?? '').slice(0, LABEL));
          return (
            <g key={`k${rank}`} class={`rt-kept ${dir}${identity === selected ? ' rt-lit' : ''}`} onClick={() => onSelect(identity)} data-identity={identity}>
              <title>{`${doc.id ?? 'document'}: #${before} → #${rank}`}</title>
              <text x={LEFT_X - 10} y={y(before) + 4} text-anchor="end">#{before} {label}</text>
              <line x1={LEFT_X} y1={y(before)} x2={RIGHT_X} y2={y(rank)} />
              <circle cx={LEFT_X} cy={y(before)} r={4} />
              <circle cx={RIGHT_X} cy={y(rank)} r={4} />
              <text x={RIGHT_X + 10} y={y(rank) + 4}>#{rank} {label}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
