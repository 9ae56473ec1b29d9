/**
 * An opened document: its text (long ones collapsed to a preview, with search inside that lists
 * every match in context), how the answer used it, its injection findings and its metadata.
 * All as text nodes: a document carrying markup or links stays inert.
 */
import { useMemo, useState } from 'preact/hooks';
import type { RetrievedDocument } from '../../src/protocol/trace-json';
import { Button } from '../components/ui/button';
import { TextField } from '../components/ui/text-field';

const LONG = 2_000;
const PREVIEW = 1_200;
const MAX_MATCHES = 200;
const AROUND = 80;

function marked(text: string, query: string) {
  if (!query) return text;
  const out: (string | preact.JSX.Element)[] = [];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, i + q.length)) {
    out.push(text.slice(at, i), <mark key={i}>{text.slice(i, i + q.length)}</mark>);
    at = i + q.length;
  }
  out.push(text.slice(at));
  return out;
}

function matchesOf(text: string, query: string): { at: number; snippet: string }[] {
  if (!query) return [];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const out: { at: number; snippet: string }[] = [];
  for (let i = lower.indexOf(q); i >= 0 && out.length < MAX_MATCHES; i = lower.indexOf(q, i + q.length)) {
    const from = Math.max(0, i - AROUND);
    out.push({ at: i, snippet: `${from > 0 ? '…' : ''}${text.slice(from, i + q.length + AROUND).replace(/\s+/g, ' ')}${i + q.length + AROUND < text.length ? '…' : ''}` });
  }
  return out;
}

function LongDocument({ text }: { text: string }) {
  const [query, setQuery] = useState('');
  const [all, setAll] = useState(false);
  const matches = useMemo(() => matchesOf(text, query.trim()), [text, query]);
  return (
    <div class="rt-long">
      <div class="rt-long-bar">
        <TextField value={query} onValue={setQuery} placeholder="Search in this document" aria-label="Search in this document" class="rt-doc-search" />
        <span class="tl-muted rt-match-count">{query.trim() ? `${matches.length}${matches.length === MAX_MATCHES ? '+' : ''} match${matches.length === 1 ? '' : 'es'}` : `${text.length.toLocaleString('en-US')} characters`}</span>
        <Button variant="link" onClick={() => setAll(!all)}>{all ? 'Collapse' : 'Show all'}</Button>
      </div>
      {query.trim() && (
        <ol class="rt-matches">
          {matches.map((m) => <li key={m.at}><span class="tl-muted">@{m.at.toLocaleString('en-US')}</span> {marked(m.snippet, query.trim())}</li>)}
        </ol>
      )}
      <pre class="tl-raw rt-text rt-text-scroll">{all ? marked(text, query.trim()) : `${text.slice(0, PREVIEW)}…`}</pre>
    </div>
  );
}

export function DocumentText({ doc }: { doc: RetrievedDocument }) {
  const text = doc.content ?? '';
  return (
    <div class="rt-doc-body">
      {doc.content === undefined ? <div class="tl-muted">No text was recorded for this document.</div>
        : text.length > LONG ? <LongDocument text={text} /> : <pre class="tl-raw rt-text">{text}</pre>}
      {doc.contentSource && <div class="rt-note">Text taken from {doc.contentSource === 'prompt' ? 'the prompt of the answering model call, which lists it under this id' : doc.contentSource}.</div>}
      {(doc.findings ?? []).length > 0 && (
        <div class="rt-findings">
          <h4>Possible prompt injection</h4>
          <ul>{doc.findings!.map((f, i) => <li key={i}><strong>{f.rule ?? f.category}</strong>: <code>{f.text}</code></li>)}</ul>
        </div>
      )}
      {(doc.evidence ?? []).length > 0 && (
        <div class="rt-evidence">
          <h4>In the answer</h4>
          <ul>{doc.evidence!.map((e, i) => <li key={i}><span class={`rt-kind rt-kind-${e.kind}`}>{e.kind}</span> “{e.text}”</li>)}</ul>
        </div>
      )}
      {doc.metadata && Object.keys(doc.metadata).length > 0 && (
        <details class="rt-meta"><summary>Metadata</summary><pre class="tl-raw">{JSON.stringify(doc.metadata, null, 2)}</pre></details>
      )}
    </div>
  );
}
