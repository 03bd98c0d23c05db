// Lazy state derivation exactly as the contract's view functions do it (docs/reference/marketplace.md §1.7): time-based
// changes are never written, only read, and the comparisons are strict.
import type { RequestState, Seconds, SlotState } from '../../engine/index';
import type { RequestRecord, SlotRecord } from './state';

/** requestState(): stored state, with Cancelled after expiry and Finished after the end. */
export function deriveRequestState(r: RequestRecord, now: Seconds): RequestState {
  if (r.state === 'New' && now > r.expiresAt) return 'Cancelled';
  if ((r.state === 'New' || r.state === 'Started') && now > r.endsAt) return 'Finished';
  return r.state;
}

/** slotState(): Free when never touched, then Paid, then the request's end states, else stored. */
export function deriveSlotState(
  slot: SlotRecord | undefined,
  request: RequestRecord | undefined,
  now: Seconds,
): SlotState {
  if (!slot || !request) return 'Free';
  if (slot.state === 'Paid') return 'Paid';
  const state = deriveRequestState(request, now);
  if (state === 'Cancelled') return 'Cancelled';
  if (state === 'Finished') return 'Finished';
  if (state === 'Failed') return 'Failed';
  return slot.state;
}

/** requestEnd(): endsAt while running, expiresAt when cancelled, min(endsAt, now) once ended. */
export function deriveRequestEnd(r: RequestRecord, now: Seconds): Seconds {
  const state = deriveRequestState(r, now);
  if (state === 'New' || state === 'Started') return r.endsAt;
  if (state === 'Cancelled') return r.expiresAt;
  return Math.min(r.endsAt, now);
}

/** pricePerSlotPerSecond = pricePerBytePerSecond × slotSize. */
export function pricePerSlotPerSecond(r: RequestRecord): bigint {
  return r.request.ask.pricePerBytePerSecond * r.request.ask.slotSize;
}

/** collateralPerSlot = collateralPerByte × slotSize. */
export function collateralPerSlot(r: RequestRecord): bigint {
  return r.request.ask.collateralPerByte * r.request.ask.slotSize;
}

/** maxPrice = slots × duration × pricePerSlotPerSecond. */
export function maxPrice(r: RequestRecord): bigint {
  return r.request.ask.slots * r.request.ask.duration * pricePerSlotPerSecond(r);
}
