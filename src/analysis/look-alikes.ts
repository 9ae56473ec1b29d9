/**
 * Mixed-script look-alikes: "аpple.com" with a Cyrillic "а", "pаypal" with one Greek letter. A word
 * that mixes Latin letters with letters of a script that has Latin look-alikes (Cyrillic, Greek,
 * Armenian, Cherokee), or a host name made only of such letters, is flagged, as browsers do for
 * IDN host names. Pure: no DOM, no `vscode`.
 */

export interface LookAlike {
  /** The word as written. */
  readonly word: string;
  /** Offset of the word in the text (UTF-16 units). */
  readonly index: number;
  /** Scripts found in the word besides Latin, e.g. ["Cyrillic"]. */
  readonly scripts: readonly string[];
}

const CONFUSABLE_SCRIPTS = ['Cyrillic', 'Greek', 'Armenian', 'Cherokee'] as const;
const SCRIPT_TESTS = CONFUSABLE_SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const LATIN = /\p{Script=Latin}/u;
/** Words: letters, digits and the joiners that occur in names, hosts and identifiers. */
const WORD = /[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}._@-]*/gu;
/** A quick pre-check: no letter outside Latin-1 means nothing to flag. */
const NON_LATIN1_LETTER = /[^\u0000-\u024f\s]/u;

/** Look-alike words in `text`, at most `limit` of them. */
export function findLookAlikes(text: string, limit = 20): LookAlike[] {
  if (!NON_LATIN1_LETTER.test(text)) return [];
  const found: LookAlike[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (!NON_LATIN1_LETTER.test(word)) continue;
    const scripts = SCRIPT_TESTS.filter(([, re]) => re.test(word)).map(([name]) => name);
    if (scripts.length === 0) continue;
    const mixesLatin = LATIN.test(word);
    // A host name written only in a look-alike script ("аррӏе.com" is all Cyrillic but for ".com").
    const hostLike = /\.[a-z]{2,}$/i.test(word) || /^[a-z]+:\/\//i.test(word);
    if (mixesLatin || hostLike || scripts.length > 1) {
      found.push({ word, index: m.index ?? 0, scripts });
      if (found.length >= limit) break;
    }
  }
  return found;
}
