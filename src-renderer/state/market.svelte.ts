// The market this engine sells on: its chain clock (every "in 3 d" on screen counts from it),
// the host's address and token balance.
import type { MarketDto, PatchDto, SnapshotDto } from '../../src-main/api/dto';
import type { LiveSink } from './live.svelte';

/** Market facts as rune state. */
export class MarketState implements LiveSink {
  market = $state.raw<MarketDto | undefined>();
  /** Chain clock, unix seconds; 0 until the first snapshot. */
  now = $derived(this.market?.now ?? 0);

  reset(snapshot: SnapshotDto): void {
    this.market = snapshot.market;
  }

  apply(patch: PatchDto): void {
    if (patch.market) this.market = patch.market;
  }
}
