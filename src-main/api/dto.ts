// The shapes that cross the api boundary. Sizes and money are decimal strings (they can exceed
// 2^53); times are unix seconds; durations are seconds. Types only: the renderer imports them with
// `import type`, and main validates every payload against contract.ts's schemas.
import type {
  AlertCategory,
  AlertSeverity,
  AlertState,
  IgnoredReason,
  OutcomeKind,
  SaleStateName,
} from '../engine/index';

export type { SaleStateName, OutcomeKind, IgnoredReason, AlertCategory, AlertSeverity, AlertState };

/** A backup the host has written: every database and wallet keystore of the data folder in one file. */
export interface BackupDto {
  /** The file's name, e.g. slotkeeper-backup-2025-01-31T12-00-00-000Z.tar. */
  name: string;
  /** Where the host wrote it (inside the data folder's backups/). */
  path: string;
  /** The file's size. */
  bytes: string;
  /** When it was taken, ISO 8601. */
  createdAt: string;
  /** What it holds, as its manifest lists it. */
  files: { name: string; bytes: string; sha256: string }[];
  /** Where a browser can download it from the host (headless only), with the token. */
  downloadPath?: string;
}

/** The repo quota beside the disk's real free space, in bytes. */
export interface QuotaDto {
  /** The quota: the most bytes Slotkeeper may hold. */
  maxBytes: string;
  /** Slot data on disk (what `du` reports for the repo folder). */
  usedBytes: string;
  /** Bytes held by availabilities and not yet written. */
  reservedBytes: string;
  /** The filesystem's free space where the repo lives. */
  diskFreeBytes: string;
  /** The filesystem's size. */
  diskTotalBytes: string;
}

/** An availability as Codex's REST API shows it, plus what it holds now. */
export interface AvailabilityDto {
  id: string;
  totalSize: string;
  freeSize: string;
  /** Longest request duration accepted, seconds. */
  duration: number;
  minPricePerBytePerSecond: string;
  totalCollateral: string;
  totalRemainingCollateral: string;
  enabled: boolean;
  /** Latest request end accepted, unix seconds; 0 means no limit. */
  until: number;
  /** Bytes reserved for slots in progress. */
  reservedBytes: string;
  /** Bytes of slot data written for its live slots. */
  storedBytes: string;
  /** Slots it currently serves. */
  activeSlots: number;
}

/** A reservation: bytes of an availability set aside for one slot. */
export interface ReservationDto {
  id: string;
  availabilityId: string;
  /** Bytes still reserved (shrinks as data is written). */
  size: string;
  /** The slot's full size. */
  slotSize: string;
  /** Bytes released so far (written to disk). */
  releasedBytes: string;
  requestId: string;
  slotIndex: number;
  /** The request's end, unix seconds. */
  validUntil: number;
}

/** One entry in a sale's timeline. */
export interface SaleStepDto {
  state: SaleStateName;
  /** Unix seconds (chain clock). */
  at: number;
  note?: string;
}

/** Proofs of one slot so far. */
export interface ProofCountsDto {
  required: number;
  submitted: number;
  missed: number;
}

/** A slot this host is selling, or sold, or skipped. */
export interface SlotDto {
  slotId: string;
  requestId: string;
  slotIndex: number;
  state: SaleStateName;
  slotSize: string;
  /** Request duration, seconds. */
  duration: number;
  pricePerBytePerSecond: string;
  /** Collateral this slot requires (per slot). */
  collateral: string;
  availabilityId?: string;
  reservationId?: string;
  downloadedBytes: string;
  /** When the sale started, unix seconds. */
  startedAt: number;
  /** When the request ends, unix seconds, once known. */
  endsAt?: number;
  /** When an unfilled request expires, unix seconds. */
  expiresAt?: number;
  /** Set once the sale has ended. */
  endedAt?: number;
  ignoredReason?: IgnoredReason;
  error?: string;
  /** Tokens paid out to this host for the slot. */
  payout?: string;
  /** Collateral returned to this host. */
  collateralReturned?: string;
  proofs: ProofCountsDto;
}

/** A slot's full story for the detail view. */
export interface SlotDetailDto extends SlotDto {
  history: SaleStepDto[];
}

/** A slot waiting in the queue, in priority order. */
export interface QueueItemDto {
  requestId: string;
  slotIndex: number;
  slotSize: string;
  duration: number;
  pricePerBytePerSecond: string;
  collateral: string;
  /** Absolute expiry, unix seconds. */
  expiry: number;
  seen: boolean;
  /** duration × price × slotSize: what the slot pays in total. */
  profit: string;
}

/** The slot queue. */
export interface QueueDto {
  paused: boolean;
  workers: number;
  items: QueueItemDto[];
}

/** Something that happened to a sale and that the operator should hear about. */
export interface OutcomeDto {
  id: string;
  kind: OutcomeKind;
  at: number;
  slotId: string;
  requestId: string;
  slotIndex: number;
  /** Tokens involved (payout, slashed collateral …). */
  amount?: string;
  /** Why, in the operator's words. */
  reason?: string;
}

/** Money earned and at stake. */
export interface EarningsDto {
  paid: string;
  /** Payouts expected from slots still running. */
  expected: string;
  collateralLocked: string;
  /** Expected payouts by month of request end, and what was paid in that month. */
  byMonth: { month: string; paid: string; expected: string }[];
}

/** The app's settings the operator can change. */
export interface SettingsDto {
  sellingPaused: boolean;
  closeToTray: boolean;
  notifications: Record<OutcomeKind, boolean>;
  alerts: AlertSettingsDto;
}

/** When the wallet counts as low, and which alerts become desktop notifications. */
export interface AlertSettingsDto {
  /** Token balance in base units below which the wallet is low; absent means 1 whole token. */
  minTokenBalance?: string;
  /** Gas balance in wei below which the wallet is low; absent means 0.01 of the gas coin. */
  minGasBalance?: string;
  /** Which severities notify (desktop notifications); the Alerts view lists every alert regardless. */
  notify: Record<AlertSeverity, boolean>;
}

/** Something the operator must act on, kept by condition: a repeat counts instead of adding a row. */
export interface AlertDto {
  id: number;
  /** The condition, e.g. `disk-below-quota` or `proofs-missed:<slotId>`. */
  key: string;
  category: AlertCategory;
  severity: AlertSeverity;
  state: AlertState;
  /** What happened and what to do, in the operator's words. */
  message: string;
  /** Facts behind the message; amounts and sizes as decimal strings. */
  data: Record<string, string | number | boolean>;
  /** The slot it is about, when it is about one. */
  slotId?: string;
  /** Unix seconds (the market's clock, like every time here): first raise, latest raise, last time it became active. */
  firstSeen: number;
  lastSeen: number;
  openedAt: number;
  /** How many times it was raised. */
  count: number;
  resolvedAt?: number;
  dismissedAt?: number;
}

/** What the tray and header show about selling. */
export type SellingStatus = 'selling' | 'paused' | 'attention';

/** The markets Slotkeeper can sell on: the embedded simulator, a local EVM devnet, or a real chain. */
export type MarketKind = 'sim' | 'devnet' | 'chain';

/** The market's payment token, as the market reports it: amounts are in its base units. */
export interface TokenDto {
  symbol: string;
  /** Base units per whole token = 10^decimals. */
  decimals: number;
}

/** The market this engine sells on. */
export interface MarketDto {
  kind: MarketKind;
  hostAddress: string;
  token: TokenDto;
  /** The host's token balance, in base units. */
  balance: string;
  /** The host's gas-coin balance in wei; absent on a market without gas (the simulator). */
  gasBalance?: string;
  /** Chain clock, unix seconds. */
  now: number;
}

/** Everything the dashboard shows, at one sequence number. */
export interface SnapshotDto {
  seq: number;
  selling: SellingStatus;
  market: MarketDto;
  quota: QuotaDto;
  availabilities: AvailabilityDto[];
  reservations: ReservationDto[];
  slots: SlotDto[];
  queue: QueueDto;
  earnings: EarningsDto;
  outcomes: OutcomeDto[];
  settings: SettingsDto;
  /** Alerts not dismissed (active and resolved), most recently seen first. */
  alerts: AlertDto[];
  /** Active alerts of severity error or critical that are not dismissed: what "needs attention" counts. */
  attention: number;
}

/** Changes since the previous sequence number. Keyed lists carry upserts and removals by id. */
export interface PatchDto {
  seq: number;
  selling?: SellingStatus;
  market?: MarketDto;
  quota?: QuotaDto;
  availabilities?: AvailabilityDto[];
  reservations?: ReservationDto[];
  removedReservations?: string[];
  slots?: SlotDto[];
  removedSlots?: string[];
  queue?: QueueDto;
  earnings?: EarningsDto;
  outcomes?: OutcomeDto[];
  settings?: SettingsDto;
  alerts?: AlertDto[];
  /** Alerts dismissed or pruned: they leave the list. */
  removedAlerts?: number[];
  attention?: number;
}
