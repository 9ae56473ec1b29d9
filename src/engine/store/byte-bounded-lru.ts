/**
 * Values by key, bounded by the bytes they are estimated to hold: once the sum passes `maxBytes`,
 * the least recently used go first; a value larger than the whole bound is not kept at all. The
 * engine's caches of built traces (trace-json-cache.ts, trace-text-cache.ts) keep their entries here.
 */
interface Sized<V> {
  value: V;
  bytes: number;
}

export class ByteBoundedLru<V> {
  /** Insertion order is recency order: a use moves the entry to the end. */
  private readonly entries = new Map<string, Sized<V>>();
  private held = 0;

  constructor(private readonly maxBytes: number) {}

  /** The value, without counting it as used. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Marks the value as the most recently used. */
  touch(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  /** Keeps the value (replacing the key's), then drops the least recently used past the bound. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    for (const [oldKey, old] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.held -= old.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  /** The bytes held by the values kept. */
  get bytes(): number {
    return this.held;
  }
}
