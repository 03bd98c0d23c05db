// The Market port (docs/reference/marketplace.md §7.1, mirroring nim-codex codex/market.nim). The simulated
// marketplace and the later on-chain adapter both implement it, so every method is async like a
// chain call. Numbers follow the contract's ABI: uint256/uint64 struct fields are bigint; times are
// integer chain seconds (Seconds); uint8 config values are numbers.
import type { Seconds } from './clock';
import type { Proof } from './proof';

/** A 20-byte address as 0x-prefixed lowercase hex. */
export type Address = string;
/** A request id: keccak256 of the ABI-encoded Request, 0x-prefixed hex. */
export type RequestId = string;
/** A slot id: keccak256(abi.encode(requestId, slotIndex)), 0x-prefixed hex. */
export type SlotId = string;
/** A 32-byte proof challenge as 0x-prefixed hex. */
export type ProofChallenge = string;
/** A proof period number: floor(timestamp / proofs.period). */
export type Period = number;

/** What the client asks for, in the contract's field order (it matters for the request id). */
export interface StorageAsk {
  proofProbability: bigint;
  pricePerBytePerSecond: bigint;
  collateralPerByte: bigint;
  slots: bigint;
  slotSize: bigint;
  /** Seconds, counted from request creation. */
  duration: bigint;
  maxSlotLoss: bigint;
}

/** What is stored: the raw CID bytes and the root over all slot roots (both 0x-prefixed hex). */
export interface StorageContent {
  cid: string;
  merkleRoot: string;
}

/** A storage request as the contract stores it. */
export interface StorageRequest {
  client: Address;
  ask: StorageAsk;
  content: StorageContent;
  /** Relative seconds after creation; the absolute time is requestExpiresAt(). */
  expiry: bigint;
  nonce: string;
}

/** A slot of a request, as getActiveSlot returns it. */
export interface Slot {
  request: StorageRequest;
  slotIndex: bigint;
}

/** Request states in on-chain order: the index is the contract's enum value. */
export const RequestStates = ['New', 'Started', 'Cancelled', 'Finished', 'Failed'] as const;
/** A request's derived state. */
export type RequestState = (typeof RequestStates)[number];
/** Slot states in on-chain order: the index is the contract's enum value. */
export const SlotStates = ['Free', 'Filled', 'Finished', 'Failed', 'Paid', 'Cancelled', 'Repair'] as const;
/** A slot's derived state. */
export type SlotState = (typeof SlotStates)[number];

/** The contract's configuration (constructor argument, read back with configuration()). */
export interface MarketplaceConfig {
  collateral: {
    repairRewardPercentage: number;
    maxNumberOfSlashes: number;
    slashPercentage: number;
    validatorRewardPercentage: number;
  };
  proofs: {
    /** Seconds per period. */
    period: Seconds;
    /** Seconds after a period ends during which a missing proof can be marked. */
    timeout: Seconds;
    /** Pointer positions (blocks) of the grey zone, 0..255. */
    downtime: number;
    downtimeProduct: number;
    zkeyHash: string;
  };
  reservations: { maxReservations: number };
  /** Maximum ask.duration in seconds. */
  requestDurationLimit: Seconds;
}

/** Period arithmetic for one period length. */
export interface Periodicity {
  seconds: Seconds;
}

/** Payloads of the contract's eight events, by event name. */
export interface MarketEvents {
  /** expiry is the absolute expiresAt, unlike StorageRequest.expiry. */
  StorageRequested: { requestId: RequestId; ask: StorageAsk; expiry: Seconds };
  RequestFulfilled: { requestId: RequestId };
  RequestCancelled: { requestId: RequestId };
  RequestFailed: { requestId: RequestId };
  SlotFilled: { requestId: RequestId; slotIndex: bigint };
  SlotFreed: { requestId: RequestId; slotIndex: bigint };
  SlotReservationsFull: { requestId: RequestId; slotIndex: bigint };
  ProofSubmitted: { id: SlotId };
}
/** One of the contract's eight event names. */
export type MarketEventName = keyof MarketEvents;
/** The events' names, in the contract's declaration order. */
export const MarketEventNames: readonly MarketEventName[] = [
  'StorageRequested',
  'RequestFulfilled',
  'RequestFailed',
  'RequestCancelled',
  'SlotFilled',
  'SlotFreed',
  'SlotReservationsFull',
  'ProofSubmitted',
];
/** An event read back from history, with the block that emitted it. */
export type PastEvent<E extends MarketEventName> = MarketEvents[E] & { blockNumber: number; timestamp: Seconds };
/** Narrows a subscription to one request (and one slot for the slot events). */
export interface EventFilter {
  requestId?: RequestId;
  slotIndex?: bigint;
}
/** Handle returned by subscribe(); unsubscribe() is idempotent. */
export interface Subscription {
  unsubscribe(): void;
}
/** Where a history query starts. */
export type HistoryFrom = { fromBlock: number } | { blocksAgo: number } | { fromTime: Seconds };

/** Every custom error the Marketplace contract (and its bases) can revert with. */
export const ContractErrorNames = [
  'Marketplace_RepairRewardPercentageTooHigh',
  'Marketplace_SlashPercentageTooHigh',
  'Marketplace_MaximumSlashingTooHigh',
  'Marketplace_InvalidExpiry',
  'Marketplace_InvalidMaxSlotLoss',
  'Marketplace_InsufficientSlots',
  'Marketplace_InsufficientDuration',
  'Marketplace_InsufficientProofProbability',
  'Marketplace_InsufficientCollateral',
  'Marketplace_InsufficientReward',
  'Marketplace_InvalidClientAddress',
  'Marketplace_RequestAlreadyExists',
  'Marketplace_InvalidSlot',
  'Marketplace_InvalidCid',
  'Marketplace_SlotNotFree',
  'Marketplace_InvalidSlotHost',
  'Marketplace_AlreadyPaid',
  'Marketplace_TransferFailed',
  'Marketplace_UnknownRequest',
  'Marketplace_InvalidState',
  'Marketplace_StartNotBeforeExpiry',
  'Marketplace_SlotNotAcceptingProofs',
  'Marketplace_ProofNotSubmittedByHost',
  'Marketplace_SlotIsFree',
  'Marketplace_ReservationRequired',
  'Marketplace_NothingToWithdraw',
  'Marketplace_DurationExceedsLimit',
  'Proofs_InsufficientBlockHeight',
  'Proofs_InvalidProof',
  'Proofs_ProofAlreadySubmitted',
  'Proofs_PeriodNotEnded',
  'Proofs_ValidationTimedOut',
  'Proofs_ProofNotMissing',
  'Proofs_ProofNotRequired',
  'Proofs_ProofAlreadyMarkedMissing',
  'Periods_InvalidSecondsPerPeriod',
  'SlotReservations_ReservationNotAllowed',
] as const;
/** A contract revert reason. */
export type ContractErrorName = (typeof ContractErrorNames)[number];
/** ERC-20 reverts surface with these names (OpenZeppelin 5's custom errors; their arguments are in details). */
export type TokenErrorName =
  | 'ERC20InsufficientBalance'
  | 'ERC20InsufficientAllowance'
  | 'ERC20InvalidApprover'
  | 'ERC20InvalidReceiver'
  | 'ERC20InvalidSender'
  | 'ERC20InvalidSpender';
/**
 * Reverts no contract error names: a Solidity Panic (details.code, e.g. 0x11 for an overflow), or a
 * revert with a message, an unknown error or none at all (out of gas, for instance).
 */
export type RevertErrorName = 'Panic' | 'Reverted';
/**
 * Failures that are not reverts: the market could not be reached or answered nonsense; the network's
 * fee is above what the operator allows; the host refuses a transaction that would strand its money
 * (a fill in the second the request expires).
 */
export type TransportErrorName = 'MarketUnavailable' | 'FeeAboveCap' | 'RequestExpiring';
/** Every code a MarketError can carry. */
export type MarketErrorCode = ContractErrorName | TokenErrorName | RevertErrorName | TransportErrorName;

/** A failed market call. `code` is the contract's error name; branch on it, never on the message. */
export class MarketError extends Error {
  override readonly name = 'MarketError';
  constructor(
    readonly code: MarketErrorCode,
    message: string,
    /** The error's arguments by name (e.g. ERC20InsufficientAllowance's spender, allowance, needed). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
  }
}

/** True when `error` is a MarketError with one of the given codes. */
export function isMarketError(error: unknown, ...codes: MarketErrorCode[]): error is MarketError {
  return error instanceof MarketError && (codes.length === 0 || codes.includes(error.code));
}

/** The marketplace as one signer sees it (host, client or validator); docs/reference/marketplace.md §7.1. */
export interface Market {
  /** This signer's address. */
  getSigner(): Promise<Address>;
  /** The whole configuration, loaded once and cached. */
  configuration(): Promise<MarketplaceConfig>;
  /** Proof period length. */
  periodicity(): Promise<Periodicity>;
  /** Seconds after a period's end during which a missed proof can be marked. */
  proofTimeout(): Promise<Seconds>;
  /** Pointer positions of the downtime grey zone. */
  proofDowntime(): Promise<number>;
  /** Discount (percent of collateralPerSlot) for whoever refills a Repair slot. */
  repairRewardPercentage(): Promise<number>;
  /** Maximum ask.duration in seconds. */
  requestDurationLimit(): Promise<Seconds>;
  /** Hash of the zkey matching the verifier. */
  zkeyHash(): Promise<string>;

  /** The request id the contract will give this request. */
  requestId(request: StorageRequest): RequestId;
  /** The slot id of (requestId, slotIndex). */
  slotId(requestId: RequestId, slotIndex: bigint): SlotId;

  /** Client: approve maxPrice, then post the request; returns its id. */
  requestStorage(request: StorageRequest): Promise<RequestId>;
  /** Client: take back what the request owes the client after it ended. */
  withdrawFunds(requestId: RequestId): Promise<void>;
  /** Client: ids of this signer's requests not yet withdrawn. */
  myRequests(): Promise<RequestId[]>;
  /** The request, or undefined when the contract does not know it. */
  getRequest(requestId: RequestId): Promise<StorageRequest | undefined>;
  /** Derived request state, or undefined when unknown. */
  requestState(requestId: RequestId): Promise<RequestState | undefined>;
  /** The contract's requestEnd(): endsAt, expiresAt when Cancelled, min(endsAt, now) when ended. */
  getRequestEnd(requestId: RequestId): Promise<Seconds>;
  /** Absolute expiry time. */
  requestExpiresAt(requestId: RequestId): Promise<Seconds>;

  /** Host: may this signer reserve the slot now? */
  canReserveSlot(requestId: RequestId, slotIndex: bigint): Promise<boolean>;
  /** Host: add this signer to the slot's reservations. */
  reserveSlot(requestId: RequestId, slotIndex: bigint): Promise<void>;
  /** Collateral fillSlot will pull: collateralPerSlot, discounted when the slot is Repair. */
  slotCollateral(requestId: RequestId, slotIndex: bigint): Promise<bigint>;
  /** Host: approve `collateral`, then fill the slot with its initial proof. */
  fillSlot(requestId: RequestId, slotIndex: bigint, proof: Proof, collateral: bigint): Promise<void>;
  /** Host: collect payout and collateral, leave a failed slot, or abandon a filled one. */
  freeSlot(slotId: SlotId): Promise<void>;
  /** Host: answer the current period's challenge. */
  submitProof(slotId: SlotId, proof: Proof): Promise<void>;
  /** Host: ids of the slots this signer holds. */
  mySlots(): Promise<SlotId[]>;
  /** The slot and its request, or undefined when the slot is Free. */
  getActiveSlot(slotId: SlotId): Promise<Slot | undefined>;
  /** Derived slot state; Free for any slot never filled. */
  slotState(slotId: SlotId): Promise<SlotState>;
  /** The slot's host, or undefined for the zero address. */
  getHost(requestId: RequestId, slotIndex: bigint): Promise<Address | undefined>;
  /** Collateral currently locked for the slot (after slashes). */
  currentCollateral(slotId: SlotId): Promise<bigint>;
  /** Missed proofs since the slot was last filled. */
  missingProofs(slotId: SlotId): Promise<number>;
  /** Is a proof required in the current period (and the pointer out of downtime)? */
  isProofRequired(slotId: SlotId): Promise<boolean>;
  /** Is a proof required in the current period, enforceable once the pointer leaves downtime? */
  willProofBeRequired(slotId: SlotId): Promise<boolean>;
  /** The current period's challenge for the slot. */
  getChallenge(slotId: SlotId): Promise<ProofChallenge>;
  /** The current pointer (0..255) of the slot. */
  getPointer(slotId: SlotId): Promise<number>;

  /** Validator: would markProofAsMissing succeed? (a revert means no) */
  canMarkProofAsMissing(slotId: SlotId, period: Period): Promise<boolean>;
  /** Validator: mark a missed proof, slash the host and collect the reward. */
  markProofAsMissing(slotId: SlotId, period: Period): Promise<void>;

  /** Listen to one of the eight contract events; handlers run asynchronously after the transaction. */
  subscribe<E extends MarketEventName>(
    event: E,
    handler: (payload: MarketEvents[E]) => void,
    filter?: EventFilter,
  ): Subscription;
  /** SlotFilled events emitted since a block, a block count ago, or a time. */
  queryPastSlotFilledEvents(from: HistoryFrom): Promise<PastEvent<'SlotFilled'>[]>;
  /** StorageRequested events emitted since a block or a block count ago. */
  queryPastStorageRequestedEvents(from: HistoryFrom): Promise<PastEvent<'StorageRequested'>[]>;
}
