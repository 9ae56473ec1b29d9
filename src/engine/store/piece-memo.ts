/**
 * What was computed for long texts already seen by one writer (see ContentWriter.pieces): a batch
 * repeats the same system prompt in every model call, the same question in every call of a run,
 * the same retrieved document in many. Looking a text up must cost less than what it saves (a
 * sha1 and an escape check, about 1 µs per KB): a Map keyed by the text would hash every character
 * of it (V8 takes longer per character than sha1 does), so texts are bucketed by a fingerprint of
 * their length and a few sampled characters, and a candidate is confirmed by comparing the whole
 * text (a native memory comparison, and exact: equal text is the only hit).
 */

/** Entries kept at most: a huge request stops remembering instead of growing the memo further. */
const MAX_ENTRIES = 20_000;
/** Texts kept per fingerprint: many texts alike where sampled (hostile ones) are not all compared. */
const MAX_BUCKET = 8;
const SAMPLES = 8;

export class PieceMemo<T> {
  private readonly buckets = new Map<number, Array<{ text: string; value: T }>>();
  private size = 0;

  get(text: string): T | undefined {
    const bucket = this.buckets.get(fingerprint(text));
    if (bucket) for (const entry of bucket) if (entry.text === text) return entry.value;
    return undefined;
  }

  set(text: string, value: T): void {
    if (this.size >= MAX_ENTRIES) return;
    const key = fingerprint(text);
    const bucket = this.buckets.get(key);
    if (bucket) {
      if (bucket.length >= MAX_BUCKET) return;
      bucket.push({ text, value });
    }
    else this.buckets.set(key, [{ text, value }]);
    this.size++;
  }
}

/** The length and SAMPLES characters spread over the text, as a small integer. */
function fingerprint(text: string): number {
  const length = text.length;
  let hash = length;
  const step = Math.max(1, Math.floor(length / SAMPLES));
  for (let i = step >> 1; i < length; i += step) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
