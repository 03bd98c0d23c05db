// The simulated Marketplace contract's transactions (docs/reference/marketplace.md §1.4). Each one checks every revert
// condition in the contract's order before it changes anything, so a revert leaves no trace, and
// hands its events to the sink only once it has succeeded.
import {
  type Address,
  MarketError,
  type MarketEventName,
  type MarketEvents,
  type Period,
  type Proof,
  type RequestId,
  type SlotId,
  type StorageRequest,
} from '../../engine/index';
import { requestIdOf, slotIdOf } from '../ids';
import { collateralPerSlot, deriveRequestState, maxPrice, pricePerSlotPerSecond } from './derive';
import { checkStorageProof, SHA256_MERKLE_SCHEME, type ProofParams } from '../../proofs/sha256-merkle/index';
import type { Ledger } from './ledger';
import { periodEnd } from './proving';
import { MARKETPLACE_ADDRESS, type RequestRecord, type SlotRecord, ZERO_ADDRESS } from './state';
import { MarketplaceViews } from './views';

/** An event a transaction emitted, not yet delivered. */
export interface EmittedEvent<E extends MarketEventName = MarketEventName> {
  name: E;
  payload: MarketEvents[E];
}

/** Receives a successful transaction's events, in emission order. */
export type EventSink = (events: EmittedEvent[], blockNumber: number, timestamp: number) => void;

/** Stands for a proof the simulator's own actors produce; accepted without Merkle checks. */
export const TRUSTED_PROOF: Proof = Object.freeze({
  scheme: SHA256_MERKLE_SCHEME,
  slotRoot: new Uint8Array(32),
  slotRootPath: [],
  cells: [],
});

/** Test hooks on the verifier (docs/reference/marketplace.md §7.2.7). */
export interface VerifierHooks {
  /** Slots whose every proof is rejected. */
  invalidSlots: Set<SlotId>;
  /** Per host: every n-th proof it submits is rejected. */
  failEveryN: Map<Address, { n: number; count: number }>;
}

/** The simulated Marketplace: views plus transactions, each taking the sender's address first. */
export class Marketplace extends MarketplaceViews {
  readonly hooks: VerifierHooks = { invalidSlots: new Set(), failEveryN: new Map() };
  sink: EventSink = () => {};

  constructor(
    views: ConstructorParameters<typeof MarketplaceViews>,
    readonly ledger: Ledger,
    readonly proofParams: ProofParams,
  ) {
    super(...views);
  }

  /** requestStorage(request): validate in the contract's order, escrow maxPrice, emit StorageRequested. */
  requestStorage(sender: Address, request: StorageRequest): RequestId {
    const { ask } = request;
    if (request.client.toLowerCase() !== sender)
      fail('Marketplace_InvalidClientAddress', 'request.client must be the sender');
    const id = requestIdOf(request);
    if (this.state.requests.has(id)) fail('Marketplace_RequestAlreadyExists', `request ${id} exists; change the nonce`);
    if (request.expiry === 0n || request.expiry >= ask.duration)
      fail('Marketplace_InvalidExpiry', 'expiry must be in (0, duration)');
    if (ask.slots === 0n) fail('Marketplace_InsufficientSlots', 'slots must be > 0');
    if (ask.maxSlotLoss > ask.slots) fail('Marketplace_InvalidMaxSlotLoss', 'maxSlotLoss must be <= slots');
    if (ask.duration === 0n) fail('Marketplace_InsufficientDuration', 'duration must be > 0');
    if (ask.proofProbability === 0n) fail('Marketplace_InsufficientProofProbability', 'proofProbability must be > 0');
    if (ask.collateralPerByte === 0n) fail('Marketplace_InsufficientCollateral', 'collateralPerByte must be > 0');
    if (ask.pricePerBytePerSecond === 0n) fail('Marketplace_InsufficientReward', 'pricePerBytePerSecond must be > 0');
    if (request.content.cid === '0x' || request.content.cid === '')
      fail('Marketplace_InvalidCid', 'content.cid is empty');
    if (ask.duration > BigInt(this.config.requestDurationLimit)) {
      fail(
        'Marketplace_DurationExceedsLimit',
        `duration ${ask.duration} exceeds ${this.config.requestDurationLimit} s`,
      );
    }
    const now = this.now();
    const record: RequestRecord = {
      id,
      request: { ...request, client: sender },
      state: 'New',
      fundsToReturnToClient: 0n,
      slotsFilled: 0n,
      startedAt: 0,
      endsAt: now + Number(ask.duration),
      expiresAt: now + Number(request.expiry),
      listed: false,
      createdBlock: this.clock.blockNumber(),
    };
    const amount = maxPrice(record);
    this.ledger.checkTransferFrom(MARKETPLACE_ADDRESS, sender, amount);
    record.fundsToReturnToClient = amount;
    this.state.requests.set(id, record);
    this.state.listRequest(record, true);
    this.ledger.transferFrom(MARKETPLACE_ADDRESS, sender, MARKETPLACE_ADDRESS, amount);
    this.emit([
      { name: 'StorageRequested', payload: { requestId: id, ask: record.request.ask, expiry: record.expiresAt } },
    ]);
    return id;
  }

  /** reserveSlot(): join the slot's reservation set; SlotReservationsFull when it fills. */
  reserveSlot(sender: Address, requestId: RequestId, slotIndex: bigint): void {
    const slotId = slotIdOf(requestId, slotIndex);
    if (!this.canReserveSlotId(sender, slotId)) {
      fail('SlotReservations_ReservationNotAllowed', `cannot reserve slot ${slotIndex} of ${requestId}`);
    }
    const set = this.state.reservations.get(slotId) ?? [];
    set.push(sender);
    this.state.reservations.set(slotId, set);
    this.state.touch('reservations', slotId);
    const full = set.length === this.config.reservations.maxReservations;
    this.emit(full ? [{ name: 'SlotReservationsFull', payload: { requestId, slotIndex } }] : []);
  }

  /** fillSlot(): a reserved host takes a Free or Repair slot with its initial proof and collateral. */
  fillSlot(sender: Address, requestId: RequestId, slotIndex: bigint, proof: Proof): void {
    const r = this.known(requestId);
    if (slotIndex < 0n || slotIndex >= r.request.ask.slots)
      fail('Marketplace_InvalidSlot', `slot index ${slotIndex} out of range`);
    const slotId = slotIdOf(requestId, slotIndex);
    if (!(this.state.reservations.get(slotId) ?? []).includes(sender)) {
      fail('Marketplace_ReservationRequired', `reserve slot ${slotIndex} of ${requestId} before filling it`);
    }
    const existing = this.state.slots.get(slotId);
    // The contract records the slot's requestId before deriving, so an ended request reads as ended.
    const state = existing ? this.slotState(slotId) : this.derivedForNewSlot(r);
    if (state !== 'Free' && state !== 'Repair')
      fail('Marketplace_SlotNotFree', `slot ${slotIndex} of ${requestId} is ${state}`);
    const period = this.currentPeriod();
    this.checkProof(sender, slotId, r, slotIndex, proof, period);
    const cps = collateralPerSlot(r);
    const collateral =
      state === 'Repair' ? cps - (cps * BigInt(this.config.collateral.repairRewardPercentage)) / 100n : cps;
    this.ledger.checkTransferFrom(MARKETPLACE_ADDRESS, sender, collateral);

    const now = this.now();
    const slot: SlotRecord = existing ?? {
      id: slotId,
      requestId,
      slotIndex,
      state: 'Free',
      filledAt: 0,
      currentCollateral: 0n,
      host: ZERO_ADDRESS,
      listed: false,
      startPeriod: 0,
      missed: 0,
    };
    this.state.slots.set(slotId, slot);
    slot.startPeriod = period;
    this.markProof(slotId, period, 'received');
    slot.host = sender;
    slot.filledAt = now;
    r.slotsFilled += 1n;
    r.fundsToReturnToClient -= BigInt(r.endsAt - now) * pricePerSlotPerSecond(r);
    this.ledger.transferFrom(MARKETPLACE_ADDRESS, sender, MARKETPLACE_ADDRESS, collateral);
    slot.currentCollateral = cps;
    slot.state = 'Filled';
    this.state.listSlot(slot, true);
    const events: EmittedEvent[] = [
      { name: 'ProofSubmitted', payload: { id: slotId } },
      { name: 'SlotFilled', payload: { requestId, slotIndex } },
    ];
    if (r.slotsFilled === r.request.ask.slots && r.state === 'New') {
      r.state = 'Started';
      r.startedAt = now;
      events.push({ name: 'RequestFulfilled', payload: { requestId } });
    }
    this.state.touch('request', requestId);
    this.emit(events);
  }

  /** freeSlot(): payout when Finished or Cancelled, leave when Failed, forced free when Filled. */
  freeSlot(
    sender: Address,
    slotId: SlotId,
    rewardRecipient: Address = sender,
    collateralRecipient: Address = sender,
  ): void {
    const slot = this.notFree(slotId);
    if (slot.host !== sender) fail('Marketplace_InvalidSlotHost', `${sender} does not host slot ${slotId}`);
    const state = this.slotState(slotId);
    if (state === 'Paid') fail('Marketplace_AlreadyPaid', `slot ${slotId} was already paid`);
    const r = this.known(slot.requestId);
    const events: EmittedEvent[] = [];
    if (state === 'Finished' || state === 'Cancelled') {
      const until = state === 'Finished' ? r.endsAt : r.expiresAt;
      if (state === 'Finished') {
        r.state = 'Finished';
        this.state.listRequest(r, false);
      }
      this.state.listSlot(slot, false);
      const payout = BigInt(until - slot.filledAt) * pricePerSlotPerSecond(r);
      slot.state = 'Paid';
      this.ledger.transfer(MARKETPLACE_ADDRESS, rewardRecipient, payout);
      this.ledger.transfer(MARKETPLACE_ADDRESS, collateralRecipient, slot.currentCollateral);
    } else if (state === 'Failed') {
      this.state.listSlot(slot, false);
    } else if (state === 'Filled') {
      this.forciblyFreeSlot(slot, r, events);
    }
    this.state.touch('slot', slotId);
    this.state.touch('request', r.id);
    this.emit(events);
  }

  /** submitProof(): the host answers the current period's challenge, once per period. */
  submitProof(sender: Address, slotId: SlotId, proof: Proof): void {
    const slot = this.state.slots.get(slotId);
    const r = this.known(slot?.requestId ?? '0x' + '00'.repeat(32));
    if (slot!.host !== sender) fail('Marketplace_ProofNotSubmittedByHost', `${sender} does not host slot ${slotId}`);
    const period = this.currentPeriod();
    this.checkProof(sender, slotId, r, slot!.slotIndex, proof, period);
    this.markProof(slotId, period, 'received');
    this.emit([{ name: 'ProofSubmitted', payload: { id: slotId } }]);
  }

  /** canMarkProofAsMissing(): throws the revert that makes marking impossible; returns when it is possible. */
  checkCanMarkProofAsMissing(slotId: SlotId, period: Period): void {
    if (this.slotState(slotId) !== 'Filled') fail('Marketplace_SlotNotAcceptingProofs', `slot ${slotId} is not Filled`);
    const end = periodEnd(period, this.config.proofs.period);
    const now = this.now();
    if (end >= now) fail('Proofs_PeriodNotEnded', `period ${period} ends at ${end}`);
    if (now >= end + this.config.proofs.timeout)
      fail('Proofs_ValidationTimedOut', `marking period ${period} closed at ${end + this.config.proofs.timeout}`);
    const mark = this.state.proofs.get(slotId)?.get(period);
    if (mark === 'received') fail('Proofs_ProofNotMissing', `a proof was received for period ${period}`);
    if (!this.isProofRequired(slotId, period))
      fail('Proofs_ProofNotRequired', `no proof was required in period ${period}`);
    if (mark === 'missing') fail('Proofs_ProofAlreadyMarkedMissing', `period ${period} is already marked`);
  }

  /** markProofAsMissing(): slash, reward the caller, and free the slot at maxNumberOfSlashes. */
  markProofAsMissing(sender: Address, slotId: SlotId, period: Period): void {
    this.checkCanMarkProofAsMissing(slotId, period);
    const slot = this.state.slots.get(slotId)!;
    const r = this.known(slot.requestId);
    const slash = (collateralPerSlot(r) * BigInt(this.config.collateral.slashPercentage)) / 100n;
    const reward = (slash * BigInt(this.config.collateral.validatorRewardPercentage)) / 100n;
    this.markProof(slotId, period, 'missing');
    slot.missed += 1;
    this.ledger.transfer(MARKETPLACE_ADDRESS, sender, reward);
    slot.currentCollateral -= slash;
    const events: EmittedEvent[] = [];
    if (slot.missed >= this.config.collateral.maxNumberOfSlashes) this.forciblyFreeSlot(slot, r, events);
    this.state.touch('slot', slotId);
    this.emit(events);
  }

  /** withdrawFunds(): the client takes back what the ended request owes it, once. */
  withdrawFunds(sender: Address, requestId: RequestId, recipient: Address = sender): void {
    const r = this.known(requestId);
    if (r.request.client !== sender)
      fail('Marketplace_InvalidClientAddress', `${sender} is not the client of ${requestId}`);
    const state = deriveRequestState(r, this.now());
    if (state !== 'Cancelled' && state !== 'Failed' && state !== 'Finished') {
      fail('Marketplace_InvalidState', `request ${requestId} is ${state}; wait until it ends`);
    }
    if (r.fundsToReturnToClient === 0n)
      fail('Marketplace_NothingToWithdraw', `funds of ${requestId} were already withdrawn`);
    const events: EmittedEvent[] = [];
    if (state === 'Cancelled') {
      r.state = 'Cancelled';
      events.push({ name: 'RequestCancelled', payload: { requestId } });
      r.fundsToReturnToClient += r.slotsFilled * BigInt(r.endsAt - r.expiresAt) * pricePerSlotPerSecond(r);
    } else if (state === 'Failed') {
      r.fundsToReturnToClient = maxPrice(r);
    } else {
      r.state = 'Finished';
    }
    this.state.listRequest(r, false);
    this.ledger.transfer(MARKETPLACE_ADDRESS, recipient, r.fundsToReturnToClient);
    r.fundsToReturnToClient = 0n;
    this.emit(events);
  }

  private forciblyFreeSlot(slot: SlotRecord, r: RequestRecord, events: EmittedEvent[]): void {
    r.fundsToReturnToClient += BigInt(r.endsAt - slot.filledAt) * pricePerSlotPerSecond(r);
    this.state.listSlot(slot, false);
    this.state.reservations.delete(slot.id);
    this.state.touch('reservations', slot.id);
    slot.state = 'Repair';
    slot.filledAt = 0;
    slot.currentCollateral = 0n;
    slot.host = ZERO_ADDRESS;
    r.slotsFilled -= 1n;
    events.push({ name: 'SlotFreed', payload: { requestId: r.id, slotIndex: slot.slotIndex } });
    slot.missed = 0;
    if (r.request.ask.slots - r.slotsFilled > r.request.ask.maxSlotLoss && r.state === 'Started') {
      r.state = 'Failed';
      r.endsAt = this.now() - 1;
      events.push({ name: 'RequestFailed', payload: { requestId: r.id } });
    }
    this.state.touch('request', r.id);
    this.state.touch('slot', slot.id);
  }

  private derivedForNewSlot(r: RequestRecord): 'Free' | 'Cancelled' | 'Finished' | 'Failed' {
    const state = deriveRequestState(r, this.now());
    return state === 'New' || state === 'Started' ? 'Free' : state;
  }

  private checkProof(
    sender: Address,
    slotId: SlotId,
    r: RequestRecord,
    slotIndex: bigint,
    proof: Proof,
    period: Period,
  ): void {
    if (this.state.proofs.get(slotId)?.get(period) === 'received') {
      fail('Proofs_ProofAlreadySubmitted', `slot ${slotId} already proved period ${period}`);
    }
    const why = this.whyInvalid(sender, slotId, r, slotIndex, proof);
    if (why) fail('Proofs_InvalidProof', why);
  }

  private whyInvalid(
    sender: Address,
    slotId: SlotId,
    r: RequestRecord,
    slotIndex: bigint,
    proof: Proof,
  ): string | undefined {
    if (this.hooks.invalidSlots.has(slotId)) return 'proofs of this slot are set to fail';
    const every = this.hooks.failEveryN.get(sender);
    if (every && ++every.count % every.n === 0) return `every ${every.n}th proof of ${sender} is set to fail`;
    if (proof === TRUSTED_PROOF) return undefined;
    return checkStorageProof({
      proof,
      challenge: this.getChallenge(slotId),
      slotIndex: Number(slotIndex),
      slots: Number(r.request.ask.slots),
      slotSize: r.request.ask.slotSize,
      merkleRoot: r.request.content.merkleRoot,
      params: this.proofParams,
    });
  }

  private markProof(slotId: SlotId, period: Period, mark: 'received' | 'missing'): void {
    let marks = this.state.proofs.get(slotId);
    if (!marks) this.state.proofs.set(slotId, (marks = new Map()));
    marks.set(period, mark);
    this.state.touch('proof', `${slotId}:${period}`);
  }

  private emit(events: EmittedEvent[]): void {
    this.sink(events, this.clock.blockNumber(), this.now());
  }
}

function fail(code: ConstructorParameters<typeof MarketError>[0], message: string): never {
  throw new MarketError(code, message);
}
