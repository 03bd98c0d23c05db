// A double-ended priority queue built from two binary heaps over the same entries: one with the
// best entry at its root, one with the worst. Each entry remembers its index in both, so taking
// the best, dropping the worst and removing any entry all cost O(log n). A full slot queue needs
// exactly this: hand out the best slot, evict the worst one.

/** An entry of a DoubleEndedHeap; its two indices are the heap's bookkeeping, not to be touched. */
export interface HeapEntry {
  bestAt: number;
  worstAt: number;
}

/** A priority queue that can take from both ends; `ahead(a, b)` is true when `a` has priority over `b`. */
export class DoubleEndedHeap<E extends HeapEntry> {
  private readonly best: E[] = [];
  private readonly worst: E[] = [];
  private readonly ahead: (a: E, b: E) => boolean;

  constructor(ahead: (a: E, b: E) => boolean) {
    this.ahead = ahead;
  }

  /** Number of entries. */
  get size(): number {
    return this.best.length;
  }

  /** The entries in no particular order. */
  entries(): readonly E[] {
    return this.best;
  }

  /** Adds an entry. */
  push(entry: E): void {
    this.best.push(entry);
    this.up(this.best, 0, this.best.length - 1);
    this.worst.push(entry);
    this.up(this.worst, 1, this.worst.length - 1);
  }

  /** The entry with the lowest priority, left in place. */
  peekWorst(): E | undefined {
    return this.worst[0];
  }

  /** Removes and returns the entry with the highest priority. */
  popBest(): E | undefined {
    const entry = this.best[0];
    if (entry !== undefined) this.remove(entry);
    return entry;
  }

  /** Removes and returns the entry with the lowest priority. */
  popWorst(): E | undefined {
    const entry = this.worst[0];
    if (entry !== undefined) this.remove(entry);
    return entry;
  }

  /** Puts `entry` in place of the lowest-priority entry and returns that one; cheaper than push + popWorst. */
  replaceWorst(entry: E): E | undefined {
    const old = this.worst[0];
    if (old === undefined) {
      this.push(entry);
      return undefined;
    }
    this.place(this.worst, 1, 0, entry);
    this.down(this.worst, 1, 0);
    this.place(this.best, 0, old.bestAt, entry);
    this.settle(this.best, 0, old.bestAt);
    return old;
  }

  /** Removes an entry that is in the heap. */
  remove(entry: E): void {
    this.take(this.best, 0, entry.bestAt);
    this.take(this.worst, 1, entry.worstAt);
  }

  /** Replaces every entry at once, in O(n). */
  reset(entries: readonly E[]): void {
    this.best.length = 0;
    this.worst.length = 0;
    for (const entry of entries) {
      entry.bestAt = this.best.push(entry) - 1;
      entry.worstAt = this.worst.push(entry) - 1;
    }
    for (let i = (entries.length >> 1) - 1; i >= 0; i--) {
      this.down(this.best, 0, i);
      this.down(this.worst, 1, i);
    }
  }

  // Side 0 keeps the best entry at the root, side 1 the worst; one comparator serves both, so the
  // call stays monomorphic and the JIT can inline it.
  private first(side: 0 | 1, a: E, b: E): boolean {
    return side === 0 ? this.ahead(a, b) : this.ahead(b, a);
  }

  private place(heap: E[], side: 0 | 1, index: number, entry: E): void {
    heap[index] = entry;
    if (side === 0) entry.bestAt = index;
    else entry.worstAt = index;
  }

  private take(heap: E[], side: 0 | 1, index: number): void {
    const last = heap.pop()!;
    if (index === heap.length) return;
    this.place(heap, side, index, last);
    this.settle(heap, side, index);
  }

  // Moves the entry at `index` up or down to where it belongs.
  private settle(heap: E[], side: 0 | 1, index: number): void {
    if (index > 0 && this.first(side, heap[index]!, heap[(index - 1) >> 1]!)) this.up(heap, side, index);
    else this.down(heap, side, index);
  }

  private up(heap: E[], side: 0 | 1, index: number): void {
    const entry = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!this.first(side, entry, parent)) break;
      this.place(heap, side, index, parent);
      index = parentIndex;
    }
    this.place(heap, side, index, entry);
  }

  private down(heap: E[], side: 0 | 1, index: number): void {
    const entry = heap[index]!;
    const half = heap.length >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (right < heap.length && this.first(side, heap[right]!, heap[child]!)) child = right;
      const candidate = heap[child]!;
      if (!this.first(side, candidate, entry)) break;
      this.place(heap, side, index, candidate);
      index = child;
    }
    this.place(heap, side, index, entry);
  }
}
