// The sales module's public surface: the Sales facade, its agents and states, and their types.
export { Sales, type SalesDependencies, type SalesOptions } from './sales';
export type { Earnings, SaleDetail } from './sales-reads';
export { SalesAgent, type AgentInit } from './agent';
export type { Sale, SalesData } from './sale';
export type { OnProve, OnStore, ProveSlotInput, SaleSlot, SalesContext, StoreSlotInput } from './context';
export { SalesEvents, type QueueSnapshot, type SalesEvent, type SalesListener } from './events';
export { SaleError, type SaleErrorCode } from './errors';
export { SaleLog, type SaleFacts } from './sale-log';
export { SaleState, isCancellation } from './state';
export { SlotData, type SlotDataOptions } from './slot-data';
export { unmetConditions, whyNoAvailability } from './ignored-reason';
export {
  collateralPerSlot,
  payoutFor,
  periodEnd,
  periodOf,
  pricePerSlotPerSecond,
  repairCollateral,
  spreadOffset,
} from './chain-math';
export { SalePreparing } from './states/preparing';
export { SaleSlotReserving } from './states/slot-reserving';
export { SaleDownloading } from './states/downloading';
export { SaleInitialProving } from './states/initial-proving';
export { SaleFilling } from './states/filling';
export { SaleFilled } from './states/filled';
export { SaleProving } from './states/proving';
export { SaleProvingSimulated } from './states/proving-simulated';
export { SalePayout } from './states/payout';
export { SaleFinished } from './states/finished';
export { SaleCancelled } from './states/cancelled';
export { SaleFailed } from './states/failed';
export { SaleIgnored, type IgnoredInit } from './states/ignored';
export { SaleErrored } from './states/errored';
export { SaleUnknown } from './states/unknown';
