// A Market whose every answer the test sets (Codex's MockMarket, docs/reference/sales-tests.md §G.1): tables
// of requests, slot states, hosts and proofs, injectable errors per method, and emitters for the
// contract's events. It derives nothing from time; state tests script it exactly.
import {
  type Address,
  type Clock,
  type EventFilter,
  type Market,
  type MarketEventName,
  type MarketEvents,
  type MarketplaceConfig,
  type PastEvent,
  type Proof,
  type RequestId,
  type RequestState,
  type Seconds,
  type Slot,
  type SlotId,
  type SlotState,
  type StorageRequest,
  type Subscription,
} from '../../src-main/engine/index';
import { emptyProof } from './fake-proofs';

export { emptyProof };
import { requestIdOf, slotIdOf } from '../../src-main/market/index';

/** A slot filled in the fake market. */
export interface FakeSlot {
  requestId: RequestId;
  slotIndex: bigint;
  host: Address;
  proof: Proof;
  collateral: bigint;
}

type Handler = (payload: never) => void;

/** Codex's MockMarket config: period 10 s, timeout 5, downtime 64, 3 reservations, repair reward 10 %. */
export const fakeConfig: MarketplaceConfig = {
  collateral: { repairRewardPercentage: 10, maxNumberOfSlashes: 5, slashPercentage: 10, validatorRewardPercentage: 20 },
  proofs: { period: 10, timeout: 5, downtime: 64, downtimeProduct: 67, zkeyHash: '' },
  reservations: { maxReservations: 3 },
  requestDurationLimit: 30 * 24 * 3600,
};

/** Codex's StorageRequest.example: 4 slots of 1 GiB for 10 hours, expiring after 1 hour. */
export function exampleStorageRequest(overrides: Partial<StorageRequest['ask']> = {}, nonce = 1): StorageRequest {
  return {
    client: '0x' + '11'.repeat(20),
    ask: {
      proofProbability: 4n,
      pricePerBytePerSecond: 1n,
      collateralPerByte: 1n,
      slots: 4n,
      slotSize: 1n << 30n,
      duration: 36_000n,
      maxSlotLoss: 2n,
      ...overrides,
    },
    content: { cid: '0x01701220' + 'ab'.repeat(32), merkleRoot: '0x' + 'cd'.repeat(32) },
    expiry: 3600n,
    nonce: '0x' + nonce.toString(16).padStart(64, '0'),
  };
}

/** The scripted market. */
export class FakeMarket implements Market {
  signer: Address = '0x' + 'a1'.repeat(20);
  config: MarketplaceConfig = structuredClone(fakeConfig);
  readonly requested: StorageRequest[] = [];
  readonly requestEnds = new Map<RequestId, Seconds>();
  readonly requestExpiry = new Map<RequestId, Seconds>();
  readonly requestStates = new Map<RequestId, RequestState>();
  readonly slotStates = new Map<SlotId, SlotState>();
  activeSlots: SlotId[] = [];
  readonly filled: FakeSlot[] = [];
  readonly freed: SlotId[] = [];
  readonly reserved: { requestId: RequestId; slotIndex: bigint }[] = [];
  readonly submitted: { slotId: SlotId; proof: Proof }[] = [];
  readonly proofRequired = new Set<SlotId>();
  readonly proofToBeRequired = new Set<SlotId>();
  readonly missing = new Map<SlotId, number>();
  proofChallenge = '0x' + '42'.repeat(32);
  proofPointer = 0;
  canReserve = true;
  /** The next call of each named method throws this. */
  readonly errors = new Map<keyof Market, Error>();
  private readonly handlers = new Map<MarketEventName, Set<{ handler: Handler; filter?: EventFilter }>>();

  constructor(private readonly clock: Clock) {}

  private check(method: keyof Market): void {
    const error = this.errors.get(method);
    if (error !== undefined) throw error;
  }

  /** Posts a request as a client would: expiry and end from the clock, StorageRequested emitted. */
  requestStorage = async (request: StorageRequest): Promise<RequestId> => {
    const id = requestIdOf(request);
    this.requested.push(request);
    this.requestExpiry.set(id, this.clock.now() + Number(request.expiry));
    this.requestEnds.set(id, this.clock.now() + Number(request.ask.duration));
    this.emit('StorageRequested', { requestId: id, ask: request.ask, expiry: this.requestExpiry.get(id)! });
    return id;
  };

  /** Records a fill by `host` (default: us) and emits SlotFilled. */
  fill(requestId: RequestId, slotIndex: bigint, host: Address = this.signer, collateral = 0n, proof?: Proof): void {
    this.filled.push({ requestId, slotIndex, host, proof: proof ?? emptyProof(), collateral });
    this.slotStates.set(slotIdOf(requestId, slotIndex), 'Filled');
    this.emit('SlotFilled', { requestId, slotIndex });
  }

  /** Delivers an event to subscribers whose filter matches. */
  emit<E extends MarketEventName>(event: E, payload: MarketEvents[E]): void {
    for (const { handler, filter } of this.handlers.get(event) ?? []) {
      const p = payload as { requestId?: RequestId; slotIndex?: bigint };
      if (filter?.requestId !== undefined && filter.requestId !== p.requestId) continue;
      if (filter?.slotIndex !== undefined && filter.slotIndex !== p.slotIndex) continue;
      (handler as (payload: MarketEvents[E]) => void)(payload);
    }
  }

  async getSigner(): Promise<Address> {
    return this.signer;
  }
  async configuration(): Promise<MarketplaceConfig> {
    return this.config;
  }
  async periodicity() {
    return { seconds: this.config.proofs.period };
  }
  async proofTimeout(): Promise<Seconds> {
    return this.config.proofs.timeout;
  }
  async proofDowntime(): Promise<number> {
    return this.config.proofs.downtime;
  }
  async repairRewardPercentage(): Promise<number> {
    return this.config.collateral.repairRewardPercentage;
  }
  async requestDurationLimit(): Promise<Seconds> {
    return this.config.requestDurationLimit;
  }
  async zkeyHash(): Promise<string> {
    return this.config.proofs.zkeyHash;
  }
  requestId(request: StorageRequest): RequestId {
    return requestIdOf(request);
  }
  slotId(requestId: RequestId, slotIndex: bigint): SlotId {
    return slotIdOf(requestId, slotIndex);
  }
  async withdrawFunds(requestId: RequestId): Promise<void> {
    if (this.requestStates.get(requestId) === 'Cancelled') this.emit('RequestCancelled', { requestId });
  }
  async myRequests(): Promise<RequestId[]> {
    return [];
  }
  async getRequest(requestId: RequestId): Promise<StorageRequest | undefined> {
    this.check('getRequest');
    return this.requested.find((r) => requestIdOf(r) === requestId);
  }
  async requestState(requestId: RequestId): Promise<RequestState | undefined> {
    return this.requestStates.get(requestId);
  }
  async getRequestEnd(requestId: RequestId): Promise<Seconds> {
    this.check('getRequestEnd');
    const end = this.requestEnds.get(requestId);
    if (end === undefined) throw new Error(`no request end set for ${requestId}`);
    return end;
  }
  async requestExpiresAt(requestId: RequestId): Promise<Seconds> {
    const expiry = this.requestExpiry.get(requestId);
    if (expiry === undefined) throw new Error(`no expiry set for ${requestId}`);
    return expiry;
  }
  async canReserveSlot(): Promise<boolean> {
    this.check('canReserveSlot');
    return this.canReserve;
  }
  async reserveSlot(requestId: RequestId, slotIndex: bigint): Promise<void> {
    this.check('reserveSlot');
    this.reserved.push({ requestId, slotIndex });
  }
  async slotCollateral(requestId: RequestId, slotIndex: bigint): Promise<bigint> {
    this.check('slotCollateral');
    const request = await this.getRequest(requestId);
    const cps = request === undefined ? 0n : request.ask.collateralPerByte * request.ask.slotSize;
    const repairing = this.slotStates.get(slotIdOf(requestId, slotIndex)) === 'Repair';
    return repairing ? cps - (cps * BigInt(this.config.collateral.repairRewardPercentage)) / 100n : cps;
  }
  async fillSlot(requestId: RequestId, slotIndex: bigint, proof: Proof, collateral: bigint): Promise<void> {
    this.check('fillSlot');
    this.fill(requestId, slotIndex, this.signer, collateral, proof);
  }
  async freeSlot(slotId: SlotId): Promise<void> {
    this.check('freeSlot');
    this.freed.push(slotId);
    const index = this.filled.findIndex((s) => slotIdOf(s.requestId, s.slotIndex) === slotId);
    if (index >= 0) {
      const [slot] = this.filled.splice(index, 1);
      this.emit('SlotFreed', { requestId: slot!.requestId, slotIndex: slot!.slotIndex });
    }
    this.slotStates.set(slotId, 'Free');
  }
  async submitProof(slotId: SlotId, proof: Proof): Promise<void> {
    this.check('submitProof');
    this.submitted.push({ slotId, proof });
    this.emit('ProofSubmitted', { id: slotId });
  }
  async mySlots(): Promise<SlotId[]> {
    return this.activeSlots;
  }
  async getActiveSlot(slotId: SlotId): Promise<Slot | undefined> {
    const slot = this.filled.find((s) => slotIdOf(s.requestId, s.slotIndex) === slotId);
    const request = slot && (await this.getRequest(slot.requestId));
    return request && slot ? { request, slotIndex: slot.slotIndex } : undefined;
  }
  async slotState(slotId: SlotId): Promise<SlotState> {
    this.check('slotState');
    return this.slotStates.get(slotId) ?? 'Free';
  }
  async getHost(requestId: RequestId, slotIndex: bigint): Promise<Address | undefined> {
    this.check('getHost');
    return this.filled.find((s) => s.requestId === requestId && s.slotIndex === slotIndex)?.host;
  }
  async currentCollateral(slotId: SlotId): Promise<bigint> {
    this.check('currentCollateral');
    return this.filled.find((s) => slotIdOf(s.requestId, s.slotIndex) === slotId)?.collateral ?? 0n;
  }
  async missingProofs(slotId: SlotId): Promise<number> {
    return this.missing.get(slotId) ?? 0;
  }
  async isProofRequired(slotId: SlotId): Promise<boolean> {
    return this.proofRequired.has(slotId);
  }
  async willProofBeRequired(slotId: SlotId): Promise<boolean> {
    return this.proofToBeRequired.has(slotId);
  }
  async getChallenge(): Promise<string> {
    this.check('getChallenge');
    return this.proofChallenge;
  }
  async getPointer(): Promise<number> {
    return this.proofPointer;
  }
  async canMarkProofAsMissing(): Promise<boolean> {
    return false;
  }
  async markProofAsMissing(): Promise<void> {}
  subscribe<E extends MarketEventName>(
    event: E,
    handler: (payload: MarketEvents[E]) => void,
    filter?: EventFilter,
  ): Subscription {
    this.check('subscribe');
    const set = this.handlers.get(event) ?? new Set();
    this.handlers.set(event, set);
    const entry = { handler: handler as Handler, ...(filter ? { filter } : {}) };
    set.add(entry);
    return { unsubscribe: () => set.delete(entry) };
  }
  /** Number of live subscriptions to an event. */
  subscribers(event: MarketEventName): number {
    return this.handlers.get(event)?.size ?? 0;
  }
  async queryPastSlotFilledEvents(): Promise<PastEvent<'SlotFilled'>[]> {
    return [];
  }
  async queryPastStorageRequestedEvents(): Promise<PastEvent<'StorageRequested'>[]> {
    return [];
  }
}
