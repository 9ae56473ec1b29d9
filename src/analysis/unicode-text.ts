/**
 * Telemetry text is untrusted: a span name like `invoice_\u202Efdp.exe` reads "invoice_exe.pdf",
 * zero-width characters hide inside "paypal.com", and Cyrillic "а" passes for Latin "a". This
 * module finds such characters so that views can show them instead of obeying them, the way VS
 * Code's editor highlights invisible, bidi-control and ambiguous characters
 * (unicodeTextModelHighlighter). Pure: no DOM, no `vscode`.
 */

export type HiddenCharKind = 'bidi' | 'invisible';

/** A run of ordinary text, or one character to be shown as a visible escape. */
export type TextSegment =
  | { readonly text: string }
  | { readonly hidden: string; readonly codePoint: number; readonly kind: HiddenCharKind; readonly label: string };

/** Bidi controls: embeddings, overrides, isolates and marks (they reorder the text around them). */
const BIDI_NAMES: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE',
};

/** Characters that render as nothing (or as blank space indistinguishable from a space). */
const INVISIBLE_NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN', 0x034f: 'COMBINING GRAPHEME JOINER', 0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER', 0x17b4: 'KHMER VOWEL INHERENT AQ', 0x17b5: 'KHMER VOWEL INHERENT AA',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER', 0x2060: 'WORD JOINER', 0x2061: 'FUNCTION APPLICATION', 0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR', 0x2064: 'INVISIBLE PLUS', 0x206a: 'INHIBIT SYMMETRIC SWAPPING',
  0x206b: 'ACTIVATE SYMMETRIC SWAPPING', 0x206c: 'INHIBIT ARABIC FORM SHAPING', 0x206d: 'ACTIVATE ARABIC FORM SHAPING',
  0x206e: 'NATIONAL DIGIT SHAPES', 0x206f: 'NOMINAL DIGIT SHAPES', 0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE', 0xffa0: 'HALFWIDTH HANGUL FILLER', 0xfff9: 'INTERLINEAR ANNOTATION ANCHOR',
  0xfffa: 'INTERLINEAR ANNOTATION SEPARATOR', 0xfffb: 'INTERLINEAR ANNOTATION TERMINATOR',
};

/**
 * One pass over the string: bidi controls, the invisible characters above, Unicode tag
 * characters (U+E0000–E007F, used to smuggle hidden ASCII), and C0/C1 controls other than tab,
 * line feed and carriage return (an ANSI escape starts with U+001B).
 */
const HIDDEN = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\udb40[\udc00-\udc7f]/g;

function hex(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

function describe(codePoint: number): { kind: HiddenCharKind; label: string } {
  const bidi = BIDI_NAMES[codePoint];
  if (bidi) return { kind: 'bidi', label: `U+${hex(codePoint)} ${bidi}` };
  const name = INVISIBLE_NAMES[codePoint]
    ?? (codePoint >= 0xe0000 ? `TAG ${codePoint >= 0xe0020 && codePoint < 0xe007f ? `'${String.fromCharCode(codePoint - 0xe0000)}'` : 'CHARACTER'}`
      : codePoint === 0x1b ? 'ESCAPE' : 'CONTROL CHARACTER');
  return { kind: 'invisible', label: `U+${hex(codePoint)} ${name}` };
}

/** True when `text` holds anything `segmentText` would mark. Cheap; allocates nothing. */
export function hasHiddenChars(text: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text);
}

/** Splits `text` into ordinary runs and marked hidden characters, in order; joined back they are `text`. */
export function segmentText(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  HIDDEN.lastIndex = 0;
  for (let m = HIDDEN.exec(text); m; m = HIDDEN.exec(text)) {
    if (m.index > last) segments.push({ text: text.slice(last, m.index) });
    const codePoint = m[0].codePointAt(0)!;
    segments.push({ hidden: m[0], codePoint, ...describe(codePoint) });
    last = m.index + m[0].length;
  }
  if (last < text.length || segments.length === 0) segments.push({ text: text.slice(last) });
  return segments;
}

/** The short visible form of a hidden character, e.g. `⟨U+202E⟩`. */
export function escapeLabel(codePoint: number): string {
  return `⟨U+${hex(codePoint)}⟩`;
}

/** `text` with every hidden character replaced by its visible escape (for plain-text places: titles, tooltips, copies of names). */
export function revealHiddenChars(text: string): string {
  if (!hasHiddenChars(text)) return text;
  return text.replace(HIDDEN, (ch) => escapeLabel(ch.codePointAt(0)!));
}
