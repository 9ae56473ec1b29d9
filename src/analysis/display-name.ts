/**
 * Names as a person should read them: an empty name gets a placeholder instead of vanishing (or
 * making a header claim the trace has no spans), and a 100,000-character name is cut for titles
 * and tooltips with its length said; hidden characters are shown as escapes. Pure.
 */
import { revealHiddenChars } from './unicode-text';

export const UNNAMED = '(unnamed)';
export const EMPTY_KEY = '(empty key)';
/** Longest name shown whole in a title or tooltip. */
export const MAX_TITLE_CHARS = 300;

/** `name`, or the placeholder when it is empty or only white space. */
export function nameOrPlaceholder(name: string | null | undefined, placeholder = UNNAMED): string {
  return name && name.trim() !== '' ? name : placeholder;
}

/** A name for a title or tooltip: placeholder when empty, hidden characters revealed, cut when long. */
export function titleText(name: string | null | undefined, max = MAX_TITLE_CHARS): string {
  const shown = nameOrPlaceholder(name);
  if (shown.length <= max) return revealHiddenChars(shown);
  return `${revealHiddenChars(shown.slice(0, max))}… (${shown.length.toLocaleString('en-US')} characters)`;
}
