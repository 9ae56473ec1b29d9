/**
 * A warning after text whose words mix scripts (Cyrillic "а" in "аpple.com"): the text is shown as
 * it is, and the mark says which words and scripts, as browsers do for look-alike host names.
 */
import { findLookAlikes } from '../../src/analysis/look-alikes';
import { revealHiddenChars } from '../../src/analysis/unicode-text';

export function LookAlikeMark({ text }: { text: string }) {
  const found = findLookAlikes(text, 5);
  if (found.length === 0) return null;
  const detail = found.map((f) => `“${revealHiddenChars(f.word).slice(0, 80)}” mixes Latin with ${f.scripts.join(' and ')}`).join('; ');
  return (
    <span class="tl-look-alike" role="note" title={`Look-alike characters: ${detail}`}>
      ⚠ mixed scripts
    </span>
  );
}
