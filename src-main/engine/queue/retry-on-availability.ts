// Wires the slot queue to availability changes (spec/sales.md §2.8): when an enabled availability
// may accept slots it did not before, every seen slot is retried and the queue unpaused.
import type { Reservations } from '../reservations/reservations';
import type { SlotQueue } from './slot-queue';

/** Retries the queue's seen slots whenever an enabled availability gains room; returns the unsubscribe function. */
export function retrySlotsWhenAvailabilityGainsRoom(reservations: Reservations, queue: SlotQueue): () => void {
  return reservations.onAvailabilitySaved((availability) => {
    if (availability.enabled) queue.retrySeenItems();
  });
}
