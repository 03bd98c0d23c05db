// The market's public entry: Market implementations the hosts wire into the engine.
export { encodeRequest, REQUEST_ABI_TYPE, requestIdOf, slotIdOf } from './ids';
export { MarketSimulator, type RequestSummary, type SimulatorOptions } from './sim/simulator';
export { SimMarket } from './sim/sim-market';
export { ChainClock, type ChainClockOptions } from './sim/clock';
export { desktopConfig, testConfig, makeConfig, type ConfigOverrides } from './sim/config';
export type { PostRequestInput } from './sim/actors/clients';
export { defaultCompetitorBehaviour, type CompetitorBehaviour } from './sim/actors/competitors';
export { HONEST_HOST_STAND_IN } from './sim/contract';
export { contentBlock, contentBytes, contentKey, datasetShape, type DatasetShape } from './sim/content';
export { ContentServer, type ManifestStore } from './sim/content-server';
export type { Solvency } from './sim/invariant';
export {
  MarketKinds,
  type BackendContext,
  type StoredSlotRecord,
  type CircuitChoice,
  type CircuitFilesInfo,
  type DevnetControl,
  type DevnetRequest,
  type MarketBackend,
  type MarketKind,
  type MarketStatus,
  type MarketStatusSource,
} from './backend';
export { createInProcessSimBackend, openSimBackend, type SimBackend, type SimBackendOptions } from './sim/backend';
export * from './chain/index';
export * from './devnet/index';
