/**
 * Finds `file:line` locations in stack traces so the panel can make them clickable. Pure and
 * DOM-free: the webview renders the segments as text and buttons; the host decides whether a
 * location may be opened (only files inside the workspace).
 *
 * Stack traces are telemetry, so they may be hostile or just odd. A location is offered only when
 * it looks like a source file: not a URL, not a URI of another scheme (`command:`, `vscode:`, which
 * VS Code would run rather than open), not a line number that is really a port or a timestamp, and
 * not a piece of a terminal colour code (`ESC[0m.js:1` is colour code `ESC[0m` and the text `.js:1`).
 * At most MAX_FRAMES locations per text are offered; the rest stays plain text.
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
// Terminal colour and cursor codes (CSI sequences), as coloured loggers leave them in messages.
const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
// A URI scheme right before the path (`command:`, `vscode:`, `https://`): the path is part of a URI.
const SCHEME_BEFORE = /[A-Za-z][\w+.-]*:(?:\/\/)?$/;

/** Line numbers beyond this are not source lines (a port, a timestamp); leaves them as text. */
const MAX_LINE = 10_000_000;
/** Locations offered per text: a real stack has tens; a hostile one must not cost a button each. */
export const MAX_FRAMES = 500;

interface Found {
  start: number;
  end: number;
  location: SourceLocation;
}

const validLine = (line: number) => line >= 1 && line <= MAX_LINE;

/** The text with each terminal code replaced by spaces of the same length, so offsets still match. */
function withoutTerminalCodes(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI_SEQUENCE, (code) => ' '.repeat(code.length)) : text;
}

function pythonFrames(text: string): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(PYTHON_FRAME)) {
    const line = Number(m[2]);
    if (validLine(line)) found.push({ start: m.index, end: m.index + m[0].length, location: { file: m[1], line } });
    if (found.length >= MAX_FRAMES) break;
  }
  return found;
}

function pathFrames(text: string, python: readonly Found[]): Found[] {
  const found: Found[] = [];
  let next = 0; // the first Python frame that may still overlap (both lists are in text order)
  for (const m of text.matchAll(PATH_FRAME)) {
    const start = m.index;
    const end = start + m[0].length;
    while (next < python.length && python[next].end <= start) next++;
    if (next < python.length && python[next].start < end) continue;
    const file = m[1];
    // The end of a scheme can pass for a drive letter: "https://x/a.js" would match as "s://x/a.js".
    const driveInWord = /^[A-Za-z]:/.test(file) && /[\w+.-]/.test(text.charAt(start - 1));
    const partOfUri = !file.startsWith('file://') && (driveInWord || SCHEME_BEFORE.test(text.slice(Math.max(0, start - 24), start)));
    if (partOfUri) continue;
    const line = Number(m[2]);
    if (!validLine(line)) continue;
    const column = m[3] !== undefined ? Number(m[3]) : undefined;
    found.push({ start, end, location: { file, line, ...(column ? { column } : {}) } });
    if (found.length >= MAX_FRAMES) break;
  }
  return found;
}

/** Splits a stack trace into text and location segments; joining every `text` gives the input back. */
export function parseStackTrace(text: string): StackSegment[] {
  const scanned = withoutTerminalCodes(text);
  const python = pythonFrames(scanned);
  const frames = [...python, ...pathFrames(scanned, python)].sort((a, b) => a.start - b.start).slice(0, MAX_FRAMES);
  const segments: StackSegment[] = [];
  let at = 0;
  for (const f of frames) {
    if (f.start > at) segments.push({ text: text.slice(at, f.start) });
    segments.push({ text: text.slice(f.start, f.end), location: f.location });
    at = f.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}
