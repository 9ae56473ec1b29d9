/**
 * Deterministic pseudo-English text for benchmark payloads: a seeded PRNG over a small vocabulary,
 * so every run of the bench stores the same bytes, and texts differ from each other like real
 * prompts do (they would compress and deduplicate like real ones, not like repeated filler).
 */
const WORDS = (
  'the a of to and in that is for it as with was on be by this are or at from an which model answer ' +
  'document retrieval context query agent tool call result user system token latency vector index ' +
  'embedding search rank score chunk source policy refund order customer account invoice shipping ' +
  'delivery date price plan feature error retry timeout request response summary report table value ' +
  'field record update create delete list find check compare explain because however therefore ' +
  'section paragraph page title author version release note guide step example question reason'
).split(' ');

export class TextMaker {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: tiny, fast, good enough to make texts that do not repeat. */
  private next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, below). */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** About `chars` characters of sentences (never shorter, at most one word longer). */
  text(chars: number): string {
    const words: string[] = [];
    let length = 0;
    let sentenceStart = true;
    while (length < chars) {
      let word = WORDS[this.int(WORDS.length)];
      if (sentenceStart) word = word[0].toUpperCase() + word.slice(1);
      sentenceStart = this.int(12) === 0;
      if (sentenceStart) word += '.';
      words.push(word);
      length += word.length + 1;
    }
    return words.join(' ');
  }
}
