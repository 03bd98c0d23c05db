// What the simulated actors (clients, competitors, validator) see of the simulated chain. The
// simulator implements it; the actors depend on this view rather than on the simulator itself, so
// the simulator can build its actors without the two importing each other.
import type { Address, Logger, MarketplaceConfig, Seconds } from '../../../engine/index';
import type { ChainClock } from '../clock';
import type { ContentServer } from '../content';
import type { Marketplace } from '../contract';
import type { EventBus } from '../events';
import type { SimMarket } from '../sim-market';
import type { ChainState } from '../state';

/** The chain as an actor reaches it. */
export interface ActorWorld {
  readonly state: ChainState;
  readonly clock: ChainClock;
  readonly contract: Marketplace;
  readonly events: EventBus;
  readonly content: ContentServer;
  readonly chainSeed: string;
  readonly logger: Logger;
  readonly config: MarketplaceConfig;
  /** Addresses of the simulated clients: the content server serves their requests. */
  readonly clientAddresses: Set<Address>;
  readonly competitorAddresses: Set<Address>;
  /** Slots whose competitor host skips proofs (for missed-proof scenarios). */
  readonly skippingProofs: Set<string>;
  /** Chain time now. */
  now(): Seconds;
  /** The address of a simulated actor, derived from the seed. */
  actor(role: 'client' | 'competitor' | 'validator', index?: number): Address;
  /** The faucet: mint test tokens. */
  mint(address: Address, amount: bigint): void;
  /** A Market bound to one signer. */
  connect(address?: Address): SimMarket;
  /** Registers a stop function run when the chain closes. */
  onClose(stop: () => void): void;
}
