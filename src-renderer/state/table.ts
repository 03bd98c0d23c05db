// Sorting and filtering for the big tables: sort keys are computed once per row per sort (not
// once per comparison), which keeps a 10,000-row re-sort in a few milliseconds.

/** Ascending or descending. */
export type SortDirection = 'asc' | 'desc';

/** Which column a table is sorted by, and which way. */
export interface SortSpec<K extends string = string> {
  key: K;
  direction: SortDirection;
}

/** A value rows can be ordered by. */
export type SortValue = string | number | bigint;

/** Rows ordered by key; ties keep their incoming order. */
export function sortRows<T>(rows: readonly T[], key: (row: T) => SortValue, direction: SortDirection): T[] {
  const decorated = rows.map((row, index) => ({ row, index, value: key(row) }));
  const sign = direction === 'asc' ? 1 : -1;
  decorated.sort((a, b) => {
    const order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    return order === 0 ? a.index - b.index : order * sign;
  });
  return decorated.map((d) => d.row);
}

/** Clicking a column: the same column flips direction, a new one starts with `fresh`. */
export function toggleSort<K extends string>(current: SortSpec<K>, key: K, fresh: SortDirection = 'asc'): SortSpec<K> {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: fresh };
}

/** Whether any of the row's texts contains the query (case-insensitive); an empty query matches all. */
export function matchesQuery(query: string, ...texts: (string | number | undefined)[]): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return texts.some((t) => t !== undefined && String(t).toLowerCase().includes(q));
}
