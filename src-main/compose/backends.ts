// A market choice (--market) becomes one MarketBackend bundle. This is the only place that knows
// which markets exist; everything after it sees the bundle (docs/architecture.md).
import { createSimBackend, type BackendContext, type MarketBackend, type SimBackendOptions } from '../market/index';

/** Which market to sell on, with its own options. */
export type MarketChoice = { readonly kind: 'sim' } & SimBackendOptions;

/** Opens the chosen market. */
export async function openMarketBackend(choice: MarketChoice, context: BackendContext): Promise<MarketBackend> {
  switch (choice.kind) {
    case 'sim':
      return createSimBackend(context, choice);
  }
}
