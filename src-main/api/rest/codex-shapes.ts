// Engine values in Codex's REST JSON shapes (docs/reference/marketplace.md §6 schemas).
import type { Availability, Reservation, StorageRequest } from '../../engine/index';

/** SalesAvailabilityREAD. */
export function availabilityJson(a: Availability) {
  return {
    id: a.id,
    totalSize: a.totalSize,
    freeSize: a.freeSize,
    duration: a.duration,
    minPricePerBytePerSecond: a.minPricePerBytePerSecond.toString(),
    totalCollateral: a.totalCollateral.toString(),
    totalRemainingCollateral: a.totalRemainingCollateral.toString(),
    enabled: a.enabled,
    until: BigInt(a.until),
  };
}

/** Reservation. */
export function reservationJson(r: Reservation) {
  return {
    id: r.id,
    availabilityId: r.availabilityId,
    size: r.size,
    requestId: r.requestId,
    slotIndex: BigInt(r.slotIndex),
    validUntil: BigInt(r.validUntil),
  };
}

/** StorageRequest with its id. */
export function storageRequestJson(id: string, request: StorageRequest) {
  return {
    id,
    client: request.client,
    ask: {
      proofProbability: request.ask.proofProbability.toString(),
      pricePerBytePerSecond: request.ask.pricePerBytePerSecond.toString(),
      collateralPerByte: request.ask.collateralPerByte.toString(),
      slots: request.ask.slots,
      slotSize: request.ask.slotSize,
      duration: request.ask.duration,
      maxSlotLoss: request.ask.maxSlotLoss,
    },
    content: { cid: request.content.cid },
    expiry: request.expiry,
    nonce: request.nonce,
  };
}
