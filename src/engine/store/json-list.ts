/**
 * Cuts a JSON array text (a conversation: `gen_ai.input.messages`, `ai.prompt.messages`) into its
 * elements, keeping every character between them, and each element into literal structure and its
 * long string values. The concatenation of everything returned is the text, byte for byte, whatever
 * its whitespace or escaping style.
 *
 * Why elements and their strings: an agent re-sends the whole conversation at every model call, so
 * the same elements come back in one array after another (detail-codec.ts stores each once, chained
 * to the prefix before it); and the long strings inside them (a tool result, a system prompt) are
 * often sent elsewhere too (the tool span's own result attribute), so they are stored apart.
 */
import { NotJson, scanString, scanValue, skipWhitespace, type Segment } from './json-split';

export interface ListElement {
  /** Everything between the previous element (or the start) and this one: `[`, `,`, whitespace. */
  before: string;
  /** The element's text. */
  text: string;
}

export interface JsonList {
  elements: ListElement[];
  /** Everything after the last element: `]` and whitespace. */
  after: string;
}

/**
 * An element (a JSON value) as literal structure and its string tokens of at least `minString`
 * characters (quotes included) as pieces.
 */
export function elementParts(text: string, minString: number): Segment[] {
  const parts: Segment[] = [];
  let cursor = 0;
  let at = text.indexOf('"');
  while (at >= 0) {
    const end = scanString(text, at);
    if (end - at >= minString) {
      if (at > cursor) parts.push({ literal: text.slice(cursor, at) });
      parts.push({ piece: text.slice(at, end) });
      cursor = end;
    }
    at = text.indexOf('"', end);
  }
  if (cursor < text.length) parts.push({ literal: text.slice(cursor) });
  return parts;
}

/** The elements of `text`, or null when it is not a JSON array of at least one element. */
export function splitJsonList(text: string): JsonList | null {
  try {
    const start = skipWhitespace(text, 0);
    if (text[start] !== '[') return null;
    let i = skipWhitespace(text, start + 1);
    if (text[i] === ']') return null;
    const elements: ListElement[] = [];
    let cursor = 0;
    for (;;) {
      const end = scanValue(text, i);
      elements.push({ before: text.slice(cursor, i), text: text.slice(i, end) });
      cursor = end;
      i = skipWhitespace(text, end);
      if (text[i] === ',') {
        i = skipWhitespace(text, i + 1);
        continue;
      }
      if (text[i] !== ']' || skipWhitespace(text, i + 1) !== text.length) return null;
      return { elements, after: text.slice(cursor) };
    }
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
}
