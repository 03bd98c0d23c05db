// The wallet port: the host's account on its market, as the dashboard and the engine's alerts see
// it. Token symbol and decimals are read from the market (the token contract on a chain), never
// assumed.
import type { Address } from './market';

/** The market's payment token. */
export interface TokenInfo {
  readonly symbol: string;
  readonly decimals: number;
}

/** What the host holds: the payment token, and gas where transactions cost gas. */
export interface WalletBalances {
  /** Token balance in base units. */
  readonly token: bigint;
  /** Gas-coin balance in wei; undefined on a market without gas (the simulator). */
  readonly gas: bigint | undefined;
}

/** The host's account on its market. */
export interface Wallet {
  /** The host's address. */
  readonly address: Address;
  /** The payment token's symbol and decimals. */
  token(): Promise<TokenInfo>;
  /** Current balances. */
  balances(): Promise<WalletBalances>;
}
