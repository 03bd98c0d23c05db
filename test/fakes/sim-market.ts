// The simulated marketplace as the engine's tests use it: a quiet, manually clocked market plus the
// scenario helpers that reach every target of docs/reference/marketplace.md §7.3.
export * from './sim-scenarios';
export { MarketSimulator, SimMarket, testConfig, TRUSTED_PROOF } from '../../src-main/market/index';
