// The contract's view functions over the in-memory chain state (docs/reference/marketplace.md §1.5, §2).
import {
  type Address,
  MarketError,
  type MarketplaceConfig,
  type Period,
  type ProofChallenge,
  type RequestId,
  type RequestState,
  type Seconds,
  type Slot,
  type SlotId,
  type SlotState,
} from '../../engine/index';
import { slotIdOf } from '../ids';
import type { ChainClock } from './clock';
import { collateralPerSlot, deriveRequestEnd, deriveRequestState, deriveSlotState } from './derive';
import { challengeAt, challengeRequiresProof, periodOf, pointerOf, slotProbability } from './proving';
import { type ChainState, type RequestRecord, type SlotRecord, ZERO_ADDRESS } from './state';

/** Read-only side of the simulated Marketplace contract. */
export class MarketplaceViews {
  constructor(
    readonly state: ChainState,
    readonly config: MarketplaceConfig,
    readonly clock: ChainClock,
    readonly chainSeed: string,
  ) {}

  /** block.timestamp */
  now(): Seconds {
    return this.clock.now();
  }

  /** The current proof period. */
  currentPeriod(): Period {
    return periodOf(this.now(), this.config.proofs.period);
  }

  /** The request record, or UnknownRequest. */
  known(requestId: RequestId): RequestRecord {
    const r = this.state.requests.get(requestId);
    if (!r) throw new MarketError('Marketplace_UnknownRequest', `no request ${requestId}`);
    return r;
  }

  /** getRequest(): reverts UnknownRequest. */
  getRequest(requestId: RequestId): RequestRecord {
    return this.known(requestId);
  }

  /** requestState(): derived; reverts UnknownRequest. */
  requestState(requestId: RequestId): RequestState {
    return deriveRequestState(this.known(requestId), this.now());
  }

  /** requestEnd() */
  requestEnd(requestId: RequestId): Seconds {
    return deriveRequestEnd(this.known(requestId), this.now());
  }

  /** requestExpiry(): absolute expiresAt. */
  requestExpiry(requestId: RequestId): Seconds {
    return this.known(requestId).expiresAt;
  }

  /** slotState(): derived, never reverts. */
  slotState(slotId: SlotId): SlotState {
    const slot = this.state.slots.get(slotId);
    return deriveSlotState(slot, slot && this.state.requests.get(slot.requestId), this.now());
  }

  /** getHost(): the zero address when nobody holds the slot. */
  getHost(slotId: SlotId): Address {
    return this.state.slots.get(slotId)?.host ?? ZERO_ADDRESS;
  }

  /** currentCollateral() */
  currentCollateral(slotId: SlotId): bigint {
    return this.state.slots.get(slotId)?.currentCollateral ?? 0n;
  }

  /** missingProofs() */
  missingProofs(slotId: SlotId): number {
    return this.state.slots.get(slotId)?.missed ?? 0;
  }

  /** getActiveSlot(): reverts SlotIsFree when the stored state is Free. */
  getActiveSlot(slotId: SlotId): Slot {
    const slot = this.state.slots.get(slotId);
    if (!slot || slot.state === 'Free') throw new MarketError('Marketplace_SlotIsFree', `slot ${slotId} is free`);
    return { request: this.known(slot.requestId).request, slotIndex: slot.slotIndex };
  }

  /** myRequests() for `sender`. */
  myRequests(sender: Address): RequestId[] {
    return [...(this.state.myRequests.get(sender) ?? [])];
  }

  /** mySlots() for `sender`. */
  mySlots(sender: Address): SlotId[] {
    return [...(this.state.mySlots.get(sender) ?? [])];
  }

  /** canReserveSlot() for `sender`. */
  canReserveSlot(sender: Address, requestId: RequestId, slotIndex: bigint): boolean {
    return this.canReserveSlotId(sender, slotIdOf(requestId, slotIndex));
  }

  /** canReserveSlot() by slot id. */
  canReserveSlotId(sender: Address, slotId: SlotId): boolean {
    const state = this.slotState(slotId);
    const set = this.state.reservations.get(slotId) ?? [];
    return (
      (state === 'Free' || state === 'Repair') &&
      set.length < this.config.reservations.maxReservations &&
      !set.includes(sender)
    );
  }

  /** Collateral fillSlot pulls: full collateralPerSlot, or discounted by the repair reward. */
  slotCollateral(requestId: RequestId, slotIndex: bigint): bigint {
    const cps = collateralPerSlot(this.known(requestId));
    const state = this.slotState(slotIdOf(requestId, slotIndex));
    return state === 'Repair' ? cps - (cps * BigInt(this.config.collateral.repairRewardPercentage)) / 100n : cps;
  }

  /** getPointer() for the current period. */
  getPointer(slotId: SlotId): number {
    return pointerOf(slotId, this.currentPeriod(), this.clock.blockNumber(), this.config.proofs.downtimeProduct);
  }

  /** getChallenge() for the current period. */
  getChallenge(slotId: SlotId): ProofChallenge {
    return challengeAt(this.chainSeed, this.clock.blockNumber(), this.getPointer(slotId));
  }

  /** slotProbability() */
  slotProbability(slotId: SlotId): bigint {
    const slot = this.state.slots.get(slotId);
    const r = slot && this.state.requests.get(slot.requestId);
    return slotProbability(r?.request.ask.proofProbability ?? 0n, this.config.proofs.downtime);
  }

  /** Proofs._getProofRequirement(id, period), evaluated at the current block. */
  proofRequirement(slotId: SlotId, period: Period): { required: boolean; pointer: number } {
    const slot = this.state.slots.get(slotId);
    if (!slot || this.slotState(slotId) !== 'Filled' || !(period > slot.startPeriod))
      return { required: false, pointer: 0 };
    const pointer = pointerOf(slotId, period, this.clock.blockNumber(), this.config.proofs.downtimeProduct);
    if (this.forcedRequirements.has(`${slotId}:${period}`))
      return { required: true, pointer: Math.max(pointer, this.config.proofs.downtime) };
    const challenge = challengeAt(this.chainSeed, this.clock.blockNumber(), pointer);
    return { required: challengeRequiresProof(challenge, this.slotProbability(slotId)), pointer };
  }

  /** Test hook: periods in which a proof is required whatever the challenge says (`${slotId}:${period}`). */
  readonly forcedRequirements = new Set<string>();

  /** isProofRequired(): required and the pointer out of downtime. */
  isProofRequired(slotId: SlotId, period: Period = this.currentPeriod()): boolean {
    const { required, pointer } = this.proofRequirement(slotId, period);
    return required && pointer >= this.config.proofs.downtime;
  }

  /** willProofBeRequired(): required but the pointer still in downtime. */
  willProofBeRequired(slotId: SlotId): boolean {
    const { required, pointer } = this.proofRequirement(slotId, this.currentPeriod());
    return required && pointer < this.config.proofs.downtime;
  }

  /** The slot record or SlotIsFree (the contract's slotIsNotFree modifier). */
  notFree(slotId: SlotId): SlotRecord {
    const slot = this.state.slots.get(slotId);
    if (!slot || slot.state === 'Free') throw new MarketError('Marketplace_SlotIsFree', `slot ${slotId} is free`);
    return slot;
  }
}
