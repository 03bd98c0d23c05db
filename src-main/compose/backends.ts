// A market choice (--market) becomes one MarketBackend bundle. This is the only place that knows
// which markets exist; everything after it sees the bundle (docs/architecture.md). A caller may
// also hand in its own opener (a market this file does not know, or a test's stand-in).
import {
  createDevnetBackend,
  type BackendContext,
  type DevnetBackendOptions,
  type MarketBackend,
  openSimBackend,
  type SimBackendOptions,
} from '../market/index';
import { openChainMarket, type ChainMarketChoice } from './chain-market';

/** Which market to sell on, with its own options. */
export type MarketChoice =
  | ({ readonly kind: 'sim' } & SimBackendOptions)
  | ({ readonly kind: 'devnet' } & DevnetBackendOptions)
  | ({ readonly kind: 'chain' } & ChainMarketChoice);

/** Opens a market bundle in a host's context. */
export type MarketOpener = (context: BackendContext) => Promise<MarketBackend>;

/** Opens the chosen market; a market that cannot start throws MarketStartError (one line). */
export async function openMarketBackend(
  choice: MarketChoice | MarketOpener,
  context: BackendContext,
): Promise<MarketBackend> {
  if (typeof choice === 'function') return choice(context);
  switch (choice.kind) {
    case 'sim':
      return openSimBackend(context, choice);
    case 'devnet':
      return createDevnetBackend(context, choice);
    case 'chain':
      return openChainMarket(context, choice);
  }
}
