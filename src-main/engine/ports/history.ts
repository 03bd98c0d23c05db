// The sale history port: every sale the engine ran (won, lost, skipped), the states it went
// through and when, and the outcomes the operator is told about. The dashboard and notifications
// read it; a storage adapter persists it so the story survives restarts. Synchronous like the
// SalesStore: each call is one atomic step.
import type { Seconds } from './clock';
import type { Id } from './store';

/** Sale state names exactly as Codex reports them. */
export const SaleStateNames = [
  'SalePreparing',
  'SaleSlotReserving',
  'SaleDownloading',
  'SaleInitialProving',
  'SaleFilling',
  'SaleFilled',
  'SaleProving',
  'SaleProvingSimulated',
  'SalePayout',
  'SaleFinished',
  'SaleCancelled',
  'SaleFailed',
  'SaleIgnored',
  'SaleErrored',
  'SaleUnknown',
] as const;
/** A sale state name. */
export type SaleStateName = (typeof SaleStateNames)[number];

/** Why a slot was not taken, narrowest first where several apply. */
export const IgnoredReasons = [
  'no-availability',
  'price-too-low',
  'slot-too-big',
  'duration-too-long',
  'collateral-too-high',
  'until-too-early',
  'availability-disabled',
  'reservations-full',
  'slot-not-free',
  'slot-filled-by-other',
  'request-expired',
  'repair-not-supported',
] as const;
/** Why a slot was not taken. */
export type IgnoredReason = (typeof IgnoredReasons)[number];

/** Kinds of outcome the operator hears about. */
export const OutcomeKinds = [
  'slot-won',
  'payout',
  'request-cancelled',
  'request-failed',
  'sale-errored',
  'proofs-missed',
] as const;
/** A kind of outcome. */
export type OutcomeKind = (typeof OutcomeKinds)[number];

/** Proofs of one sale so far. */
export interface ProofCounts {
  /** Periods in which the chain required a proof. */
  readonly required: number;
  readonly submitted: number;
  /** Proofs the validator marked missing (each one slashed). */
  readonly missed: number;
}

/** Wall-clock time this host spent building a sale's proofs (the proof system's prove, challenge to proof). */
export interface ProofBuildTimes {
  /** Proofs built. */
  readonly count: number;
  /** The latest build, in milliseconds. */
  readonly lastMs: number;
  /** All builds together, in milliseconds (the mean is totalMs / count). */
  readonly totalMs: number;
}

/** One sale of one slot: what it was, where it stands, and what it paid or cost. */
export interface SaleRecord {
  /** Unique per sale; a slot sold twice (a repair after a freed slot) has two. */
  readonly id: number;
  readonly slotId: Id;
  readonly requestId: Id;
  readonly slotIndex: bigint;
  readonly state: SaleStateName;
  readonly slotSize: bigint;
  /** The request's duration in seconds. */
  readonly duration: bigint;
  readonly pricePerBytePerSecond: bigint;
  /** Collateral the slot asks (per slot); what was posted once filled. */
  readonly collateral: bigint;
  readonly availabilityId?: Id;
  readonly reservationId?: Id;
  readonly downloadedBytes: bigint;
  /** Chain seconds. */
  readonly startedAt: Seconds;
  readonly expiresAt?: Seconds;
  readonly endsAt?: Seconds;
  /** When our fill landed on chain. */
  readonly filledAt?: Seconds;
  /** Set once the sale reached a terminal state. */
  readonly endedAt?: Seconds;
  readonly ignoredReason?: IgnoredReason;
  readonly error?: string;
  /** Tokens the chain paid us for the slot. */
  readonly payout?: bigint;
  /** Collateral the chain gave back. */
  readonly collateralReturned?: bigint;
  /** Collateral lost to missed proofs (and forfeited when the slot was taken from us). */
  readonly slashed?: bigint;
  readonly proofs: ProofCounts;
  /** Set once a proof was built. */
  readonly proofBuild?: ProofBuildTimes;
}

/** A new sale's facts; the store gives it its id. */
export type NewSale = Omit<SaleRecord, 'id'>;

/** One entry of a sale's timeline. */
export interface SaleStep {
  readonly state: SaleStateName;
  /** Chain seconds. */
  readonly at: Seconds;
  /** Why, in the operator's words. */
  readonly note?: string;
}

/** Something that happened to a sale that the operator should hear about. */
export interface SaleOutcome {
  /** Stable and unique: the same event seen again (after a restart) has the same id. */
  readonly id: string;
  readonly kind: OutcomeKind;
  /** Chain seconds. */
  readonly at: Seconds;
  readonly saleId: number;
  readonly slotId: Id;
  readonly requestId: Id;
  readonly slotIndex: bigint;
  /** Tokens involved: payout, slashed collateral. */
  readonly amount?: bigint;
  readonly reason?: string;
}

/** Which sales to list, newest first. */
export interface SaleQuery {
  /** true: only ended sales; false: only running ones; absent: both. */
  readonly ended?: boolean;
  readonly limit?: number;
  /** Only sales with a smaller id (paging). */
  readonly beforeId?: number;
}

/** What a save changes besides the sale's facts. */
export interface SaleChanges {
  readonly step?: SaleStep;
  readonly outcomes?: readonly SaleOutcome[];
}

/** One sale's changes in a batch: its facts now, the steps it entered and the outcomes it was told. */
export interface SaleWrite {
  readonly sale: SaleRecord;
  /** The sale is new: insert it under its id (one nextSaleId() handed out). */
  readonly created?: boolean;
  readonly steps?: readonly SaleStep[];
  readonly outcomes?: readonly SaleOutcome[];
}

/** Persistent history of sales. Every method is atomic. */
export interface SaleHistoryStore {
  /** Records a new sale with its first step; returns it with its id. */
  createSale(sale: NewSale, step: SaleStep): SaleRecord;
  /** Saves the sale's facts, appends the step and adds the outcomes not yet known; returns those added. */
  saveSale(sale: SaleRecord, changes?: SaleChanges): SaleOutcome[];
  /** Writes many sales' changes in one transaction; returns the outcomes not known before. */
  saveSales(batch: readonly SaleWrite[]): SaleOutcome[];
  /** The id a sale created now would get: above every id ever used. */
  nextSaleId(): number;
  /** Whether an outcome with this id was recorded. */
  hasOutcome(id: string): boolean;
  getSale(id: number): SaleRecord | undefined;
  /** The newest sale of a slot. */
  latestSaleOfSlot(slotId: Id): SaleRecord | undefined;
  /** Sales not yet ended, oldest first. */
  openSales(): SaleRecord[];
  listSales(query?: SaleQuery): SaleRecord[];
  /** A sale's timeline, oldest first. */
  steps(saleId: number): SaleStep[];
  /** Newest first. */
  recentOutcomes(limit: number): SaleOutcome[];
  /** Sum of every payout recorded. */
  totalPaid(): bigint;
}
