// The market this engine sells on: which one, its chain clock (every "in 3 d" on screen counts
// from it), its payment token (every amount on screen is written in it) and the host's balances.
import type { MarketDto, PatchDto, SnapshotDto, TokenDto } from '../../src-main/api/dto';
import type { LiveSink } from './live.svelte';

/** Market facts as rune state. */
export class MarketState implements LiveSink {
  market = $state.raw<MarketDto | undefined>();
  /** Chain clock, unix seconds; 0 until the first snapshot. */
  now = $derived(this.market?.now ?? 0);
  /** The market's token; undefined until the first snapshot (amounts then read as base units). */
  token: TokenDto | undefined = $derived(this.market?.token);

  reset(snapshot: SnapshotDto): void {
    this.market = snapshot.market;
  }

  apply(patch: PatchDto): void {
    if (patch.market) this.market = patch.market;
  }
}
