// A long list read from the engine a page at a time, as the table scrolls: the rows loaded so far,
// how many match in all, and the cursor to continue. A new filter or sort starts over; a page that
// arrives for an old filter is dropped, so rows of two filters never mix.
import type { PageDto } from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import { attempt } from './availabilities.svelte';

/** How many rows each page asks for. */
export const PAGE_ROWS = 200;

/** Rows of a paged list as rune state. */
export class PagedList<T> {
  rows = $state.raw<T[]>([]);
  /** How many rows match on the engine (what the list counts). */
  total = $state(0);
  loading = $state(false);
  /** Set once the first page of the current filter arrived. */
  loaded = $state(false);
  errorCode = $state<ApiErrorCode | undefined>();
  #cursor: string | undefined;
  #generation = 0;
  readonly #fetch: (cursor: string | undefined) => Promise<PageDto<T>>;
  readonly #key: (row: T) => string;

  constructor(fetch: (cursor: string | undefined) => Promise<PageDto<T>>, key: (row: T) => string) {
    this.#fetch = fetch;
    this.#key = key;
  }

  /** Whether every matching row is loaded. */
  get complete(): boolean {
    return this.loaded && this.#cursor === undefined;
  }

  /** Starts over from the first page (a new filter or sort, or after a resync). */
  async reload(): Promise<void> {
    this.#generation++;
    this.#cursor = undefined;
    this.loaded = false;
    this.loading = false;
    await this.#next(true);
  }

  /** Loads the next page, unless one is on its way or none is left. */
  async loadMore(): Promise<void> {
    if (this.loading || this.complete || !this.loaded) return;
    await this.#next(false);
  }

  /** Puts rows that just happened at the top (newest first), counting them in. */
  prepend(rows: readonly T[]): void {
    if (!this.loaded) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here, never rendered
    const known = new Set(this.rows.map(this.#key));
    const fresh = rows.filter((row) => !known.has(this.#key(row)));
    if (fresh.length === 0) return;
    this.rows = [...fresh, ...this.rows];
    this.total += fresh.length;
  }

  /** The keys of the loaded rows. */
  keys(): Set<string> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here, never rendered
    return new Set(this.rows.map(this.#key));
  }

  async #next(first: boolean): Promise<void> {
    const generation = this.#generation;
    this.loading = true;
    const outcome = await attempt(() => this.#fetch(first ? undefined : this.#cursor));
    if (generation !== this.#generation) return;
    this.loading = false;
    if (!outcome.ok) {
      this.errorCode = outcome.code;
      return;
    }
    this.errorCode = undefined;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here, never rendered
    const known = first ? new Set<string>() : this.keys();
    const added = outcome.value.items.filter((row) => !known.has(this.#key(row)));
    this.rows = first ? added : [...this.rows, ...added];
    this.total = outcome.value.total;
    this.#cursor = outcome.value.nextCursor;
    this.loaded = true;
  }
}
