/**
 * Finds `file:line` locations in stack traces so the panel can make them clickable. Pure and
 * DOM-free: the webview renders the segments as text and buttons; the host decides whether a
 * location may be opened (only files inside the workspace).
 */

export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

export type StackSegment = { text: string; location?: SourceLocation };

// Python: File "/app/agent.py", line 42, in run
const PYTHON_FRAME = /File "([^"\n]+)", line (\d+)/g;
// JavaScript, Go, Rust, Java and most others: path/to/file.ext:12(:5)? — the path has an extension
// and no spaces; an optional file:// scheme is kept for the host to strip.
const PATH_FRAME = /((?:file:\/\/)?(?:[A-Za-z]:[\\/]|[\\/]|\.{1,2}[\\/])?[\w@.\-+~\\/]*[\w\-+~]\.[A-Za-z][\w]{0,9}):(\d+)(?::(\d+))?/g;

/** Line numbers beyond this are not source lines (a port, a timestamp); leaves them as text. */
const MAX_LINE = 10_000_000;

interface Found {
  start: number;
  end: number;
  location: SourceLocation;
}

function findAll(text: string): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(PYTHON_FRAME)) {
    const line = Number(m[2]);
    if (line >= 1 && line <= MAX_LINE) found.push({ start: m.index!, end: m.index! + m[0].length, location: { file: m[1], line } });
  }
  for (const m of text.matchAll(PATH_FRAME)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (found.some((f) => start < f.end && end > f.start)) continue;
    // "http://host:8080" and similar: a URL is not a source location.
    if (/^[a-z]+:\/\//i.test(m[1]) && !m[1].startsWith('file://')) continue;
    if (/[a-z]+:\/\/$/i.test(text.slice(Math.max(0, start - 12), start))) continue;
    const line = Number(m[2]);
    if (line < 1 || line > MAX_LINE) continue;
    const column = m[3] !== undefined ? Number(m[3]) : undefined;
    found.push({ start, end, location: { file: m[1], line, ...(column ? { column } : {}) } });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Splits a stack trace into text and location segments; joining every `text` gives the input back. */
export function parseStackTrace(text: string): StackSegment[] {
  const segments: StackSegment[] = [];
  let at = 0;
  for (const f of findAll(text)) {
    if (f.start > at) segments.push({ text: text.slice(at, f.start) });
    segments.push({ text: text.slice(f.start, f.end), location: f.location });
    at = f.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}
