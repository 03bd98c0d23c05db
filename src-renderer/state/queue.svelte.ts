// The slot queue: slots waiting for a worker, in the engine's priority order.
import type { PatchDto, QueueDto, SnapshotDto } from '../../src-main/api/dto';
import type { LiveSink } from './live.svelte';

/** The queue as rune state. */
export class QueueState implements LiveSink {
  queue = $state.raw<QueueDto | undefined>();
  /** Items as the engine ordered them: the first is taken next. */
  items = $derived(this.queue?.items ?? []);
  /** Items already tried with no availability matching them. */
  seenCount = $derived(this.items.filter((i) => i.seen).length);

  reset(snapshot: SnapshotDto): void {
    this.queue = snapshot.queue;
  }

  apply(patch: PatchDto): void {
    if (patch.queue) this.queue = patch.queue;
  }
}
