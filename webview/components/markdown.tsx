/**
 * A small Markdown renderer that builds preact nodes directly, so telemetry text can never become
 * HTML: there is no innerHTML anywhere, and raw HTML in the source shows as literal text. Links are
 * live only for http(s); anything else (javascript:, data:, command:, mailto:) stays text.
 * Covers what model output uses: headings, paragraphs, lists, quotes, fenced code, inline code,
 * bold, italics, links.
 */
import type { ComponentChildren } from 'preact';
import { highlightText } from './highlight';
import { useVsCode } from '../shared/vscode-api';
import { LookAlikeMark } from './look-alike-mark';

/** A web link that VS Code opens (with its own confirmation), never the webview itself. */
function ExternalLink({ href, children }: { href: string; children: ComponentChildren }) {
  const vscode = useVsCode();
  return (
    <a
      href={href}
      title={href}
      rel="noreferrer noopener"
      onClick={(e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'openExternal', url: href });
      }}
    >
      {children}
      <LookAlikeMark text={href} />
    </a>
  );
}

const SAFE_LINK = /^https?:\/\//i;
/**
 * Inline tokens, each bounded in length: an unclosed `*` or `_` in a long line must not make the
 * regex scan to the line's end from every position (rendering 20,000 characters took a second).
 */
const INLINE = /(`[^`\n]{1,2000}`)|(\*\*[^*\n]{1,2000}\*\*)|(\*[^*\s][^*\n]{0,500}\*|_[^_\s][^_\n]{0,500}_)|(\[[^\]\n]{1,500}\]\([^)\s]{1,2000}\))/g;

function inline(text: string, query: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let at = 0;
  // matchAll works on a copy of the regex, so the recursive calls below do not disturb this walk.
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push(highlightText(text.slice(at, m.index), query));
    const token = m[0];
    if (m[1]) out.push(<code>{highlightText(token.slice(1, -1), query)}</code>);
    else if (m[2]) out.push(<strong>{inline(token.slice(2, -2), query)}</strong>);
    else if (m[3]) out.push(<em>{inline(token.slice(1, -1), query)}</em>);
    else {
      const label = token.slice(1, token.indexOf(']('));
      const href = token.slice(token.indexOf('](') + 2, -1);
      out.push(
        SAFE_LINK.test(href) ? (
          <ExternalLink href={href}>{highlightText(label, query)}</ExternalLink>
        ) : (
          <span class="tl-unsafe-link" title="link not opened: only http(s) links are">
            {highlightText(token, query)}
          </span>
        ),
      );
    }
    at = m.index + token.length;
  }
  if (at < text.length || out.length === 0) out.push(highlightText(text.slice(at), query));
  return out;
}

export function Markdown({ text, query = '' }: { text: string; query?: string }) {
  const lines = text.split('\n');
  const blocks: ComponentChildren[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i++; // closing fence (or end of text when unclosed)
      blocks.push(
        <pre class="tl-md-code" data-lang={fence[2] || undefined}>
          <code>{highlightText(body.join('\n'), query)}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const Tag = `h${Math.min(6, heading[1].length + 2)}` as 'h3';
      blocks.push(<Tag class="tl-md-heading">{inline(heading[2], query)}</Tag>);
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: ComponentChildren[] = [];
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
        items.push(<li>{inline(lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, ''), query)}</li>);
        i++;
      }
      blocks.push(ordered ? <ol>{items}</ol> : <ul>{items}</ul>);
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ''));
      blocks.push(<blockquote>{inline(quoted.join('\n'), query)}</blockquote>);
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !/^(\s*(```|~~~|>)|#{1,6}\s|\s*([-*+]|\d+[.)])\s+)/.test(lines[i])) para.push(lines[i++]);
    blocks.push(<p>{inline(para.join('\n'), query)}</p>);
  }
  return <div class="tl-markdown">{blocks}</div>;
}
