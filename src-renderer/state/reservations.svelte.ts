// Reservations: bytes of an availability set aside for one slot, released as its data is written.
import type { PatchDto, ReservationDto, SnapshotDto } from '../../src-main/api/dto';
import { big } from './format';
import { KeyedList } from './keyed.svelte';
import type { LiveSink } from './live.svelte';
import { matchesQuery, sortRows, toggleSort, type SortSpec, type SortValue } from './table';

/** Columns the reservations table sorts by. */
export type ReservationColumn = 'availability' | 'request' | 'slot' | 'size' | 'released' | 'reserved' | 'validUntil';

const sortKeys: Record<ReservationColumn, (r: ReservationDto) => SortValue> = {
  availability: (r) => r.availabilityId,
  request: (r) => r.requestId,
  slot: (r) => r.slotIndex,
  size: (r) => big(r.slotSize),
  released: (r) => big(r.releasedBytes),
  reserved: (r) => big(r.size),
  validUntil: (r) => r.validUntil,
};

/** Reservations as rune state, with the table's filter and sort. */
export class ReservationsState implements LiveSink {
  readonly list = new KeyedList<ReservationDto>((r) => r.id);
  query = $state('');
  /** Only this availability's reservations; '' for all. */
  availabilityId = $state('');
  sort = $state<SortSpec<ReservationColumn>>({ key: 'validUntil', direction: 'asc' });

  rows: ReservationDto[] = $derived.by(() => {
    const { query, availabilityId } = this;
    const kept = this.list.values.filter(
      (r) =>
        (availabilityId === '' || r.availabilityId === availabilityId) &&
        matchesQuery(query, r.id, r.requestId, r.availabilityId),
    );
    return sortRows(kept, sortKeys[this.sort.key], this.sort.direction);
  });

  reset(snapshot: SnapshotDto): void {
    this.list.replace(snapshot.reservations);
  }

  apply(patch: PatchDto): void {
    this.list.apply(patch.reservations, patch.removedReservations);
  }

  /** Sorts by a column, or flips it when it already is the sort column. */
  sortBy(column: ReservationColumn): void {
    this.sort = toggleSort(this.sort, column);
  }

  /** The latest request end among an availability's reservations (its until may not be earlier); 0 if none. */
  longestHostedUntil(availabilityId: string): number {
    let latest = 0;
    for (const r of this.list.values)
      if (r.availabilityId === availabilityId && r.validUntil > latest) latest = r.validUntil;
    return latest;
  }
}
