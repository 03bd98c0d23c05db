// Marketplace configurations: the contracts' deployment defaults for the app, and the short periods
// of the contracts' exampleConfiguration for tests (docs/reference/marketplace.md §3 "Default configuration values").
import { MarketError, type MarketplaceConfig } from '../../engine/index';

/** configuration.js defaults: 120 s periods, 30 s timeout, 3 reservations, 30-day limit. */
export const desktopConfig: MarketplaceConfig = {
  collateral: { repairRewardPercentage: 10, maxNumberOfSlashes: 2, slashPercentage: 20, validatorRewardPercentage: 20 },
  proofs: { period: 120, timeout: 30, downtime: 64, downtimeProduct: 67, zkeyHash: '' },
  reservations: { maxReservations: 3 },
  requestDurationLimit: 30 * 24 * 3600,
};

/** Short periods for tests: period 10 s, timeout 5 s, 2 slashes of 20 %. */
export const testConfig: MarketplaceConfig = {
  collateral: { repairRewardPercentage: 10, maxNumberOfSlashes: 2, slashPercentage: 20, validatorRewardPercentage: 20 },
  proofs: { period: 10, timeout: 5, downtime: 64, downtimeProduct: 67, zkeyHash: '' },
  reservations: { maxReservations: 3 },
  requestDurationLimit: 30 * 24 * 3600,
};

/** A config with some fields overridden. */
export type ConfigOverrides = {
  collateral?: Partial<MarketplaceConfig['collateral']>;
  proofs?: Partial<MarketplaceConfig['proofs']>;
  reservations?: Partial<MarketplaceConfig['reservations']>;
  requestDurationLimit?: number;
};

/** Merge overrides into a base config. */
export function makeConfig(base: MarketplaceConfig, overrides: ConfigOverrides = {}): MarketplaceConfig {
  return {
    collateral: { ...base.collateral, ...overrides.collateral },
    proofs: { ...base.proofs, ...overrides.proofs },
    reservations: { ...base.reservations, ...overrides.reservations },
    requestDurationLimit: overrides.requestDurationLimit ?? base.requestDurationLimit,
  };
}

/** The constructor's checks, in its order (docs/reference/marketplace.md §1.3). */
export function validateConfig(config: MarketplaceConfig, blockNumber: number): void {
  const c = config.collateral;
  if (c.repairRewardPercentage > 100)
    throw new MarketError('Marketplace_RepairRewardPercentageTooHigh', 'repairRewardPercentage > 100');
  if (c.slashPercentage > 100) throw new MarketError('Marketplace_SlashPercentageTooHigh', 'slashPercentage > 100');
  if (c.maxNumberOfSlashes * c.slashPercentage > 100) {
    throw new MarketError('Marketplace_MaximumSlashingTooHigh', 'maxNumberOfSlashes × slashPercentage > 100');
  }
  if (blockNumber <= 256)
    throw new MarketError('Proofs_InsufficientBlockHeight', 'the chain needs more than 256 blocks');
  if (config.proofs.period === 0) throw new MarketError('Periods_InvalidSecondsPerPeriod', 'proofs.period must be > 0');
}
