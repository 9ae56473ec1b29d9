/**
 * The texts of recently composed chains (content-composite.ts), so that reading the spans of one
 * agent run composes each prefix once: the next call's conversation is the previous one plus its
 * new messages. Content never changes under a hash, so nothing here goes stale; the cache only
 * bounds its size, dropping the oldest texts first.
 *
 * The bound counts characters as if every text were flat. Prefixes composed one from another share
 * their parts until something flattens them, so the memory actually held is usually far less.
 */
import type { ComposedMemo } from './content-composite';

const MAX_CHARS = 8_000_000;

export class ComposedCache implements ComposedMemo {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  get(hash: string): string | undefined {
    return this.texts.get(hash);
  }

  remember(hash: string, text: string): void {
    if (text.length > MAX_CHARS / 4 || this.texts.has(hash)) return;
    this.texts.set(hash, text);
    this.chars += text.length;
    for (const [oldest, dropped] of this.texts) {
      if (this.chars <= MAX_CHARS) break;
      this.texts.delete(oldest);
      this.chars -= dropped.length;
    }
  }
}
