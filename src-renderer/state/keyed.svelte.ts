// A keyed collection for thousands of rows: a plain Map (no deep proxies) plus one version
// counter bumped once per batch, so a patch of 100 upserts wakes each derived value once.

/** Items by id, observable as a whole. */
export class KeyedList<T> {
  /** Bumped once per change batch; every read below depends on it. */
  version = $state(0);
  // Deliberately not a SvelteMap: one version bump per batch is cheaper than a signal per key.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #items = new Map<string, T>();
  readonly #key: (item: T) => string;

  /** All items, in insertion order; a new array after each batch. */
  readonly values: T[] = $derived.by(() => {
    void this.version;
    return [...this.#items.values()];
  });

  constructor(key: (item: T) => string) {
    this.#key = key;
  }

  /** How many items there are. */
  get size(): number {
    void this.version;
    return this.#items.size;
  }

  /** One item by id. */
  get(id: string): T | undefined {
    void this.version;
    return this.#items.get(id);
  }

  /** Replaces everything (a snapshot). */
  replace(items: readonly T[]): void {
    this.#items.clear();
    for (const item of items) this.#items.set(this.#key(item), item);
    this.version++;
  }

  /** Upserts and removals from one patch; a patch that touches nothing wakes nobody. */
  apply(upserts: readonly T[] | undefined, removed: readonly string[] | undefined): void {
    if (!upserts?.length && !removed?.length) return;
    for (const item of upserts ?? []) this.#items.set(this.#key(item), item);
    for (const id of removed ?? []) this.#items.delete(id);
    this.version++;
  }
}
