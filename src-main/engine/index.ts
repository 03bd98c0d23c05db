// The engine's only public face: other src-main folders import from here and nowhere deeper. It
// exports the ports the world implements, the engine's errors, the Sales facade with what its
// readers see, and the pure rules storage and the api apply; the machinery inside (agents, states,
// the queue, the state machine) stays private to the engine and its tests.
export * from './ports/index';
export * from './ports/history';
export * from './ports/timings';
export * from './errors';
export * from './alerts/index';
export { Sales, type SalesDependencies, type SalesOptions } from './sales/sales';
export type { Earnings, SaleDetail } from './sales/sales-reads';
export type { QueueSnapshot, SalesEvent, SalesListener } from './sales/events';
export type { SalesAgent } from './sales/agent';
export { SaleError, errorMessage, type SaleErrorCode } from './sales/errors';
export {
  collateralPerSlot,
  payoutFor,
  periodEnd,
  periodOf,
  pricePerSlotPerSecond,
  repairCollateral,
} from './sales/chain-math';
export { profitability, type SlotQueueItem } from './queue/slot-queue-item';
export * from './reservations/availability-checks';
export { acceptsSlot, createAvailabilityRecord, patchAvailability } from './reservations/availability-rules';
export * from './reservations/reservation-rules';
export { quotaLeft, repoQuota, type QuotaReading } from './reservations/quota';
export { Reservations } from './reservations/reservations';
