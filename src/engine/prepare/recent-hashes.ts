/**
 * The content hashes this thread compressed lately, so a text re-sent by a later export is not
 * compressed again: agents re-send the same tool results and documents call after call, and the
 * first export that carried one already gave the store its compressed bytes (the store takes them
 * only for a row it creates; a row it already holds needs none). Forgetting a hash costs at most
 * one more compression, here or on the store's thread, so the set is small and forgets the oldest.
 */
export class RecentHashes {
  private readonly order: string[] = [];
  private readonly known = new Set<string>();
  private next = 0;

  constructor(private readonly capacity = 16_384) {}

  has(hash: string): boolean {
    return this.known.has(hash);
  }

  add(hash: string): void {
    if (this.known.has(hash)) return;
    if (this.order.length < this.capacity) this.order.push(hash);
    else {
      this.known.delete(this.order[this.next]);
      this.order[this.next] = hash;
      this.next = (this.next + 1) % this.capacity;
    }
    this.known.add(hash);
  }
}
