// The dashboard's read model over the engine and the embedded simulator: the simulator's host
// account as the read model's wallet, its chain clock as the clock. A market backend bundle hands
// its own wallet and clock to createSalesReadModel the same way.
import { createSalesReadModel, type SalesReadModel } from '../api/read-model/read-model';
import type { TokenInfo, WalletSource } from '../api/read-model/ports';
import type { Logger, Repo, Sales } from '../engine/index';
import type { MarketSimulator } from '../market/index';

/**
 * The simulator's payment token. Its ledger (market/sim/ledger.ts) is an ERC-20 test token that
 * keeps balances but no metadata: like the contracts' test token it is TST with 18 decimals.
 */
export const SIM_TOKEN: TokenInfo = { symbol: 'TST', decimals: 18 };

/** The simulator's host account as a wallet; the simulator has no gas. */
export function simWallet(sim: MarketSimulator): WalletSource {
  return {
    address: sim.hostAddress,
    token: async () => SIM_TOKEN,
    balances: async () => ({ token: sim.balanceOf(sim.hostAddress), gas: undefined }),
  };
}

/** What the adapter reads. */
export interface SalesSourceDeps {
  sales: Sales;
  repo: Pick<Repo, 'quota'>;
  sim: MarketSimulator;
  logger?: Logger;
  /** How often derived values (quota, market) are refreshed when events touch them, in ms. */
  refreshMs?: number;
}

/** The read model over the engine selling on the simulator; call close() to stop its timers. */
export function createSalesSource(deps: SalesSourceDeps): SalesReadModel {
  return createSalesReadModel({
    sales: deps.sales,
    repo: deps.repo,
    clock: deps.sim.clock,
    wallet: simWallet(deps.sim),
    marketKind: 'sim',
    refreshMs: deps.refreshMs,
    logger: deps.logger,
  });
}
