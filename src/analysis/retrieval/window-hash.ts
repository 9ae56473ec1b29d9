/**
 * "Might this probe be somewhere in that prompt?" in two array reads: a prompt's every WINDOW-long
 * run of text is hashed (Rabin-Karp rolling hash) into a bit set sized to the prompt; a probe is
 * looked up by the hashes of its first and last WINDOW characters. A set bit is only a candidate:
 * callers confirm it with a real search, so a collision costs time, never a wrong answer.
 */

/** Length of the hashed runs, in UTF-16 code units. */
export const WINDOW = 32;
const BASE = 0x01000193;
/** BASE^(WINDOW-1) modulo 2^32: what the character leaving the window weighed. */
const LEAVING = (() => {
  let p = 1;
  for (let i = 1; i < WINDOW; i++) p = Math.imul(p, BASE);
  return p;
})();
/** Bits per hashed run: with 16, about 3 lookups in 100 meet a set bit by chance. */
const BITS_PER_RUN = 16;

/** Hash of text[start, start + WINDOW). */
export function hashAt(text: string, start: number): number {
  let h = 0;
  for (let i = start; i < start + WINDOW; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

// The rolling hash's low bits depend mostly on the last characters; mixing spreads every character.
function mix(h: number): number {
  const m = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return m ^ (m >>> 16);
}

export class WindowFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(text: string) {
    const runs = Math.max(0, text.length - WINDOW + 1);
    let size = 32;
    while (size < runs * BITS_PER_RUN && size < 1 << 30) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
    if (runs === 0) return;
    let h = hashAt(text, 0);
    this.add(h);
    for (let i = WINDOW; i < text.length; i++) {
      h = (Math.imul(h - Math.imul(text.charCodeAt(i - WINDOW), LEAVING), BASE) + text.charCodeAt(i)) | 0;
      this.add(h);
    }
  }

  private add(h: number): void {
    const bit = mix(h) & this.mask;
    this.bits[bit >>> 5] |= 1 << (bit & 31);
  }

  /** False when no WINDOW-long run of the text has this hash. */
  mayHave(h: number): boolean {
    const bit = mix(h) & this.mask;
    return (this.bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }
}
