// The Market port over the simulated chain, as one signer sees it. Every call is async like a chain
// call; transactions approve the token first (current allowance + amount, as nim-codex does).
import {
  type Address,
  type EventFilter,
  type HistoryFrom,
  isMarketError,
  type Market,
  type MarketEventName,
  type MarketEvents,
  type MarketplaceConfig,
  type PastEvent,
  type Period,
  type Periodicity,
  type Proof,
  type RequestId,
  type RequestState,
  type Seconds,
  type Slot,
  type SlotId,
  type SlotState,
  type StorageRequest,
  type Subscription,
} from '../../engine/index';
import { requestIdOf, slotIdOf } from '../ids';
import type { Marketplace } from './contract';
import type { EventBus } from './events';
import { MARKETPLACE_ADDRESS, ZERO_ADDRESS } from './state';

/** What SimMarket needs from the simulator. */
export interface SimChain {
  readonly contract: Marketplace;
  readonly events: EventBus;
  history<E extends MarketEventName>(name: E, from: HistoryFrom): PastEvent<E>[];
}

/** A Market bound to one signer of the simulated chain. */
export class SimMarket implements Market {
  readonly address: Address;

  constructor(
    private readonly chain: SimChain,
    address: Address,
  ) {
    this.address = address.toLowerCase();
  }

  private get c(): Marketplace {
    return this.chain.contract;
  }

  async getSigner(): Promise<Address> {
    return this.address;
  }
  async configuration(): Promise<MarketplaceConfig> {
    return structuredClone(this.c.config);
  }
  async periodicity(): Promise<Periodicity> {
    return { seconds: this.c.config.proofs.period };
  }
  async proofTimeout(): Promise<Seconds> {
    return this.c.config.proofs.timeout;
  }
  async proofDowntime(): Promise<number> {
    return this.c.config.proofs.downtime;
  }
  async repairRewardPercentage(): Promise<number> {
    return this.c.config.collateral.repairRewardPercentage;
  }
  async requestDurationLimit(): Promise<Seconds> {
    return this.c.config.requestDurationLimit;
  }
  async zkeyHash(): Promise<string> {
    return this.c.config.proofs.zkeyHash;
  }

  requestId(request: StorageRequest): RequestId {
    return requestIdOf(request);
  }
  slotId(requestId: RequestId, slotIndex: bigint): SlotId {
    return slotIdOf(requestId, slotIndex);
  }

  async requestStorage(request: StorageRequest): Promise<RequestId> {
    const { ask } = request;
    const price = ask.slots * ask.duration * ask.pricePerBytePerSecond * ask.slotSize;
    this.approveMore(price);
    return this.c.requestStorage(this.address, request);
  }
  async withdrawFunds(requestId: RequestId): Promise<void> {
    this.c.withdrawFunds(this.address, requestId);
  }
  async myRequests(): Promise<RequestId[]> {
    return this.c.myRequests(this.address);
  }
  async getRequest(requestId: RequestId): Promise<StorageRequest | undefined> {
    const r = this.c.state.requests.get(requestId);
    return r && structuredClone(r.request);
  }
  async requestState(requestId: RequestId): Promise<RequestState | undefined> {
    return this.c.state.requests.has(requestId) ? this.c.requestState(requestId) : undefined;
  }
  async getRequestEnd(requestId: RequestId): Promise<Seconds> {
    return this.c.requestEnd(requestId);
  }
  async requestExpiresAt(requestId: RequestId): Promise<Seconds> {
    return this.c.requestExpiry(requestId);
  }

  async canReserveSlot(requestId: RequestId, slotIndex: bigint): Promise<boolean> {
    return this.c.canReserveSlot(this.address, requestId, slotIndex);
  }
  async reserveSlot(requestId: RequestId, slotIndex: bigint): Promise<void> {
    this.c.reserveSlot(this.address, requestId, slotIndex);
  }
  async slotCollateral(requestId: RequestId, slotIndex: bigint): Promise<bigint> {
    return this.c.slotCollateral(requestId, slotIndex);
  }
  async fillSlot(requestId: RequestId, slotIndex: bigint, proof: Proof, collateral: bigint): Promise<void> {
    this.approveMore(collateral);
    this.c.fillSlot(this.address, requestId, slotIndex, proof);
  }
  async freeSlot(slotId: SlotId): Promise<void> {
    this.c.freeSlot(this.address, slotId);
  }
  async submitProof(slotId: SlotId, proof: Proof): Promise<void> {
    this.c.submitProof(this.address, slotId, proof);
  }
  async mySlots(): Promise<SlotId[]> {
    return this.c.mySlots(this.address);
  }
  async getActiveSlot(slotId: SlotId): Promise<Slot | undefined> {
    try {
      return structuredClone(this.c.getActiveSlot(slotId));
    } catch (error) {
      if (isMarketError(error, 'Marketplace_SlotIsFree')) return undefined;
      throw error;
    }
  }
  async slotState(slotId: SlotId): Promise<SlotState> {
    return this.c.slotState(slotId);
  }
  async getHost(requestId: RequestId, slotIndex: bigint): Promise<Address | undefined> {
    const host = this.c.getHost(slotIdOf(requestId, slotIndex));
    return host === ZERO_ADDRESS ? undefined : host;
  }
  async currentCollateral(slotId: SlotId): Promise<bigint> {
    return this.c.currentCollateral(slotId);
  }
  async missingProofs(slotId: SlotId): Promise<number> {
    return this.c.missingProofs(slotId);
  }
  async isProofRequired(slotId: SlotId): Promise<boolean> {
    return this.c.isProofRequired(slotId);
  }
  async willProofBeRequired(slotId: SlotId): Promise<boolean> {
    return this.c.willProofBeRequired(slotId);
  }
  async getChallenge(slotId: SlotId): Promise<string> {
    return this.c.getChallenge(slotId);
  }
  async getPointer(slotId: SlotId): Promise<number> {
    return this.c.getPointer(slotId);
  }

  async canMarkProofAsMissing(slotId: SlotId, period: Period): Promise<boolean> {
    try {
      this.c.checkCanMarkProofAsMissing(slotId, period);
      return true;
    } catch (error) {
      // The contract's "revert means no" convention: only its own reverts mean no.
      if (isMarketError(error)) return false;
      throw error;
    }
  }
  async markProofAsMissing(slotId: SlotId, period: Period): Promise<void> {
    this.c.markProofAsMissing(this.address, slotId, period);
  }

  subscribe<E extends MarketEventName>(
    event: E,
    handler: (payload: MarketEvents[E]) => void,
    filter?: EventFilter,
  ): Subscription {
    return this.chain.events.subscribe(event, handler, filter);
  }
  async queryPastSlotFilledEvents(from: HistoryFrom): Promise<PastEvent<'SlotFilled'>[]> {
    return this.chain.history('SlotFilled', from);
  }
  async queryPastStorageRequestedEvents(from: HistoryFrom): Promise<PastEvent<'StorageRequested'>[]> {
    return this.chain.history('StorageRequested', from);
  }

  /** The token balance of this signer. */
  async balance(): Promise<bigint> {
    return this.c.ledger.balanceOf(this.address);
  }

  private approveMore(amount: bigint): void {
    const ledger = this.c.ledger;
    ledger.approve(this.address, MARKETPLACE_ADDRESS, ledger.allowance(this.address, MARKETPLACE_ADDRESS) + amount);
  }
}
