// Counts over the whole history (slots by state, events by kind), computed by the engine's
// database and pushed with the live stream: the overview never counts a sample.
import type { PatchDto, SnapshotDto, TotalsDto } from '../../src-main/api/dto';
import type { LiveSink } from './live.svelte';

/** The history's counts as rune state. */
export class TotalsState implements LiveSink {
  totals = $state.raw<TotalsDto>({ slots: 0, slotsByState: {}, events: 0, eventsByKind: {} });

  reset(snapshot: SnapshotDto): void {
    this.totals = snapshot.totals;
  }

  apply(patch: PatchDto): void {
    if (patch.totals) this.totals = patch.totals;
  }
}
