// The Market port over Codex's Marketplace contract on an EVM chain, as one signer sees it
// (docs/reference/marketplace.md §7.4). Views are eth_calls (proof views at the pending block);
// transactions go through the signer's queue with nim-codex's gas pads; events come from the log
// watcher. Money the contract pulls is approved exactly, per transaction, never as an unlimited
// allowance.
import {
  type Address,
  type EventFilter,
  type HistoryFrom,
  isMarketError,
  type Market,
  MarketError,
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
import { marketplaceInterface, tokenInterface } from './abi';
import type { BlockClock } from './clock';
import { requestFromResult, requestStateOf, requestToTuple, slotStateOf } from './codec';
import type { EventHub } from './event-hub';
import type { HeadTracker } from './heads';
import { pastEvents } from './history';
import { groth16Tuple } from './proof';
import type { RpcChainReader } from './rpc-reader';
import { GAS_MARGINS, type GasMargin, type TxIntent, type TxSender } from './tx-sender';
import type { ContractReader } from './views';

/** What ChainMarket is built from (connect.ts assembles it). */
export interface ChainMarketDeps {
  readonly address: Address;
  readonly marketplace: Address;
  readonly token: Address;
  readonly config: MarketplaceConfig;
  readonly views: ContractReader;
  readonly sender: TxSender;
  readonly clock: BlockClock;
  readonly hub: EventHub;
  readonly logs: RpcChainReader;
  readonly heads: HeadTracker;
  /** Seconds before expiresAt from which no fill is sent (the stuck-collateral trap). Default 1. */
  readonly fillMarginSeconds?: number;
}

const ZERO = '0x0000000000000000000000000000000000000000';

/** A serial lock: approving and spending an allowance must not interleave with another fill's. */
class Lock {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

/** The Market port on chain. */
export class ChainMarket implements Market {
  readonly #requests = new Map<RequestId, StorageRequest>();
  readonly #expiries = new Map<RequestId, Seconds>();
  readonly #allowance = new Lock();
  /** Sent transactions that will spend the allowance and are not yet mined. */
  #spenders = 0;

  constructor(private readonly d: ChainMarketDeps) {}

  async getSigner(): Promise<Address> {
    return this.d.address;
  }
  async configuration(): Promise<MarketplaceConfig> {
    return structuredClone(this.d.config);
  }
  async periodicity(): Promise<Periodicity> {
    return { seconds: this.d.config.proofs.period };
  }
  async proofTimeout(): Promise<Seconds> {
    return this.d.config.proofs.timeout;
  }
  async proofDowntime(): Promise<number> {
    return this.d.config.proofs.downtime;
  }
  async repairRewardPercentage(): Promise<number> {
    return this.d.config.collateral.repairRewardPercentage;
  }
  async requestDurationLimit(): Promise<Seconds> {
    return this.d.config.requestDurationLimit;
  }
  async zkeyHash(): Promise<string> {
    return this.d.config.proofs.zkeyHash;
  }

  requestId(request: StorageRequest): RequestId {
    return requestIdOf(request);
  }
  slotId(requestId: RequestId, slotIndex: bigint): SlotId {
    return slotIdOf(requestId, slotIndex);
  }

  // ------------------------------------------------------------ client

  async requestStorage(request: StorageRequest): Promise<RequestId> {
    const { ask } = request;
    const price = ask.slots * ask.duration * ask.pricePerBytePerSecond * ask.slotSize;
    await this.#spend(price, this.#intent('requestStorage', [requestToTuple(request)], GAS_MARGINS.plain));
    return requestIdOf(request);
  }
  async withdrawFunds(requestId: RequestId): Promise<void> {
    await this.#send('withdrawFunds(bytes32)', [requestId], GAS_MARGINS.plain);
  }
  async myRequests(): Promise<RequestId[]> {
    const [ids] = await this.d.views.market('myRequests');
    return (ids as string[]).map((id) => id.toLowerCase());
  }
  async getRequest(requestId: RequestId): Promise<StorageRequest | undefined> {
    const cached = this.#requests.get(requestId);
    if (cached) return structuredClone(cached);
    const [request] = await this.#unlessUnknown(this.d.views.market('getRequest', [requestId]));
    if (request === undefined) return undefined;
    const parsed = requestFromResult(request);
    this.#requests.set(requestId, parsed);
    return structuredClone(parsed);
  }
  async requestState(requestId: RequestId): Promise<RequestState | undefined> {
    const [state] = await this.#unlessUnknown(this.d.views.market('requestState', [requestId]));
    return state === undefined ? undefined : requestStateOf(state);
  }
  async getRequestEnd(requestId: RequestId): Promise<Seconds> {
    return Number((await this.d.views.market('requestEnd', [requestId]))[0]);
  }
  async requestExpiresAt(requestId: RequestId): Promise<Seconds> {
    const cached = this.#expiries.get(requestId);
    if (cached !== undefined) return cached;
    const expiry = Number((await this.d.views.market('requestExpiry', [requestId]))[0]);
    if (expiry > 0) this.#expiries.set(requestId, expiry);
    return expiry;
  }

  // ------------------------------------------------------------ host

  async canReserveSlot(requestId: RequestId, slotIndex: bigint): Promise<boolean> {
    return Boolean((await this.d.views.market('canReserveSlot', [requestId, slotIndex]))[0]);
  }
  async reserveSlot(requestId: RequestId, slotIndex: bigint): Promise<void> {
    await this.#send('reserveSlot', [requestId, slotIndex], GAS_MARGINS.reserveSlot);
  }
  /** No slotCollateral() view exists at a179deb: the Repair discount is computed from the state and config. */
  async slotCollateral(requestId: RequestId, slotIndex: bigint): Promise<bigint> {
    const request = await this.getRequest(requestId);
    if (!request) throw new MarketError('Marketplace_UnknownRequest', `slotCollateral of unknown request ${requestId}`);
    const full = request.ask.collateralPerByte * request.ask.slotSize;
    const state = await this.slotState(slotIdOf(requestId, slotIndex));
    if (state !== 'Repair') return full;
    return full - (full * BigInt(this.d.config.collateral.repairRewardPercentage)) / 100n;
  }
  async fillSlot(requestId: RequestId, slotIndex: bigint, proof: Proof, collateral: bigint): Promise<void> {
    const tuple = groth16Tuple(proof);
    const expiresAt = await this.requestExpiresAt(requestId);
    const refuseLateFill = () => {
      // A fill mined in the expiry second succeeds, and if the request is then cancelled the
      // collateral can never be freed (Marketplace_StartNotBeforeExpiry). Stay out of that second.
      if (this.d.clock.now() + (this.d.fillMarginSeconds ?? 1) >= expiresAt) {
        throw new MarketError(
          'RequestExpiring',
          `request ${requestId} expires at ${expiresAt}; too late to fill slot ${slotIndex}`,
        );
      }
    };
    refuseLateFill();
    const fill = this.#intent('fillSlot', [requestId, slotIndex, tuple], GAS_MARGINS.fillSlot);
    await this.#spend(collateral, fill, refuseLateFill);
  }
  async freeSlot(slotId: SlotId): Promise<void> {
    // The one-argument overload by full signature: plain `freeSlot` is ambiguous in ethers.
    await this.#send('freeSlot(bytes32)', [slotId], GAS_MARGINS.freeSlot);
  }
  async submitProof(slotId: SlotId, proof: Proof): Promise<void> {
    await this.#send('submitProof', [slotId, groth16Tuple(proof)], GAS_MARGINS.submitProof);
  }
  async mySlots(): Promise<SlotId[]> {
    const [ids] = await this.d.views.market('mySlots');
    return (ids as string[]).map((id) => id.toLowerCase());
  }
  async getActiveSlot(slotId: SlotId): Promise<Slot | undefined> {
    try {
      const [active] = await this.d.views.market('getActiveSlot', [slotId]);
      return {
        request: requestFromResult(active.request ?? active[0]),
        slotIndex: BigInt(active.slotIndex ?? active[1]),
      };
    } catch (error) {
      if (isMarketError(error, 'Marketplace_SlotIsFree')) return undefined;
      throw error;
    }
  }
  async slotState(slotId: SlotId): Promise<SlotState> {
    return slotStateOf((await this.d.views.market('slotState', [slotId]))[0]);
  }
  async getHost(requestId: RequestId, slotIndex: bigint): Promise<Address | undefined> {
    const [host] = await this.d.views.market('getHost', [slotIdOf(requestId, slotIndex)]);
    const address = String(host).toLowerCase();
    return address === ZERO ? undefined : address;
  }
  async currentCollateral(slotId: SlotId): Promise<bigint> {
    return BigInt((await this.d.views.market('currentCollateral', [slotId]))[0]);
  }
  async missingProofs(slotId: SlotId): Promise<number> {
    return Number((await this.d.views.market('missingProofs', [slotId]))[0]);
  }
  async isProofRequired(slotId: SlotId): Promise<boolean> {
    return Boolean((await this.d.views.market('isProofRequired', [slotId], 'pending'))[0]);
  }
  async willProofBeRequired(slotId: SlotId): Promise<boolean> {
    return Boolean((await this.d.views.market('willProofBeRequired', [slotId], 'pending'))[0]);
  }
  async getChallenge(slotId: SlotId): Promise<string> {
    return String((await this.d.views.market('getChallenge', [slotId], 'pending'))[0]).toLowerCase();
  }
  async getPointer(slotId: SlotId): Promise<number> {
    return Number((await this.d.views.market('getPointer', [slotId], 'pending'))[0]);
  }

  // ------------------------------------------------------------ validator

  async canMarkProofAsMissing(slotId: SlotId, period: Period): Promise<boolean> {
    try {
      await this.d.views.market('canMarkProofAsMissing', [slotId, period], 'pending');
      return true;
    } catch (error) {
      // The contract's "revert means no"; a transport failure is not an answer.
      if (error instanceof MarketError && error.code !== 'MarketUnavailable') return false;
      throw error;
    }
  }
  async markProofAsMissing(slotId: SlotId, period: Period): Promise<void> {
    await this.#send('markProofAsMissing', [slotId, period], GAS_MARGINS.markProofAsMissing);
  }

  // ------------------------------------------------------------ events

  subscribe<E extends MarketEventName>(
    event: E,
    handler: (payload: MarketEvents[E]) => void,
    filter?: EventFilter,
  ): Subscription {
    return this.d.hub.subscribe(event, handler, filter);
  }
  async queryPastSlotFilledEvents(from: HistoryFrom): Promise<PastEvent<'SlotFilled'>[]> {
    return pastEvents(this.d.logs, () => this.d.heads.fetchLatest(), 'SlotFilled', from);
  }
  async queryPastStorageRequestedEvents(from: HistoryFrom): Promise<PastEvent<'StorageRequested'>[]> {
    return pastEvents(this.d.logs, () => this.d.heads.fetchLatest(), 'StorageRequested', from);
  }

  // ------------------------------------------------------------ internals

  /**
   * Approves exactly `amount`, then submits the transaction that pulls it, under one lock so no other
   * approve lands in between (nonce order runs an earlier spender before a later approve). The
   * approve is skipped only when the allowance already is `amount` and no spender is in flight.
   */
  async #spend(amount: bigint, spender: TxIntent, guard: () => void = () => {}): Promise<void> {
    // Fails early, before any approve, for every reason but the missing allowance (a lost race, say).
    await this.d.sender.estimate(spender).catch((error: unknown) => {
      if (!isMarketError(error, 'ERC20InsufficientAllowance')) throw error;
    });
    const sent = await this.#allowance.run(async () => {
      const [current] = await this.d.views.token(this.d.token, 'allowance', [this.d.address, this.d.marketplace]);
      if (BigInt(current) !== amount || this.#spenders > 0) {
        const data = tokenInterface.encodeFunctionData('approve', [this.d.marketplace, amount]);
        await this.d.sender.send({ label: 'approve', to: this.d.token, data, margin: GAS_MARGINS.plain });
      }
      guard();
      const submitted = await this.d.sender.submit(spender);
      this.#spenders++;
      return submitted;
    });
    try {
      await sent.confirmed;
    } finally {
      this.#spenders--;
    }
  }

  #intent(fn: string, args: readonly unknown[], margin: GasMargin): TxIntent {
    const data = marketplaceInterface.encodeFunctionData(fn, args);
    return { label: fn.replace(/\(.*$/, ''), to: this.d.marketplace, data, margin };
  }

  async #send(fn: string, args: readonly unknown[], margin: GasMargin): Promise<void> {
    await this.d.sender.send(this.#intent(fn, args, margin));
  }

  async #unlessUnknown<T extends readonly unknown[]>(call: Promise<T>): Promise<T | []> {
    try {
      return await call;
    } catch (error) {
      if (isMarketError(error, 'Marketplace_UnknownRequest')) return [];
      throw error;
    }
  }
}
