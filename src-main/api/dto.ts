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
import type { exportTables, SlotPhase, slotSorts } from './closed-lists';

export type { SaleStateName, OutcomeKind, IgnoredReason, AlertCategory, AlertSeverity, AlertState, SlotPhase };

/** A column the slots list sorts by. */
export type SlotSort = (typeof slotSorts)[number];
/** A table the dashboard exports. */
export type ExportTable = (typeof exportTables)[number];
import type { ChainSettings } from './chain-settings-rules';
import type { NetworkSettings } from './network-settings-rules';

export type { ChainSettings, NetworkSettings };

/** The host's key as wallet.create or wallet.import wrote it; no secret travels back. */
export interface WalletKeyDto {
  /** The key's address, 0x and 40 lowercase hex digits. */
  address: string;
  /** The encrypted keystore's absolute path on the host (DATA/wallet.json). */
  keystore: string;
  /** Whether Settings' chain keystore now points to it (false: no chain options are saved yet). */
  savedInSettings: boolean;
  /** What happens next, in the operator's words: the key is used from the next start. */
  note: string;
}

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
  /** Whether the operator chose this quota (Settings or --quota); false while it is the default. */
  chosen: boolean;
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
  /** When this host's fill landed on chain, unix seconds. */
  filledAt?: number;
  /** Set once the sale has ended. */
  endedAt?: number;
  ignoredReason?: IgnoredReason;
  /** How many retries in a row were skipped for this reason (absent when once). */
  ignoredTimes?: number;
  /** When the first of those skips happened, unix seconds. */
  ignoredSince?: number;
  error?: string;
  /** Tokens paid out to this host for the slot. */
  payout?: string;
  /** Collateral returned to this host. */
  collateralReturned?: string;
  /** Collateral lost to missed proofs, or forfeited. */
  slashed?: string;
  /** Bytes of this slot's data on disk now (what `du` counts for its folder). */
  onDiskBytes: string;
  proofs: ProofCountsDto;
  /** Wall time this host spent building the slot's proofs, once it built one. */
  proofBuild?: ProofBuildDto;
}

/** How long building a slot's proofs took (milliseconds). */
export interface ProofBuildDto {
  count: number;
  lastMs: number;
  meanMs: number;
}

/** One sale of a slot with its timeline. */
export interface SlotSaleDto extends SlotDto {
  history: SaleStepDto[];
}

/** A slot's full story for the detail view: its newest sale, and every earlier sale of the same slot. */
export interface SlotDetailDto extends SlotSaleDto {
  /** Earlier sales of this slot (a slot freed and sold again), newest first. */
  earlier: SlotSaleDto[];
}

/** One page of a long list, in a stable order. */
export interface PageDto<T> {
  items: T[];
  /** How many rows match the filters in all. */
  total: number;
  /** Pass back to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** Counts over the whole history, from the database. */
export interface TotalsDto {
  /** Slots this host ever sold, sold or skipped (each counted once). */
  slots: number;
  /** Slots by the state of their newest sale. */
  slotsByState: Partial<Record<SaleStateName, number>>;
  /** Events ever recorded. */
  events: number;
  eventsByKind: Partial<Record<OutcomeKind, number>>;
}

/** Where an export went. */
export interface ExportResultDto {
  /** False when the operator cancelled the save dialog. */
  saved: boolean;
  /** The file written (desktop). */
  path?: string;
  /** Data rows written (the header not counted). */
  rows: number;
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
  /** The operator paused selling (the queue holds back for that, not for lack of room). */
  sellingPaused: boolean;
  /** Why the engine holds the queue itself (proofs cannot be made now); absent when it does not. */
  heldReason?: string;
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
  /** Every payout ever received (summed over the whole history). */
  paid: string;
  /** Collateral ever lost to missed proofs or forfeited. */
  slashed: string;
  /** Payouts expected from slots still running. */
  expected: string;
  collateralLocked: string;
  /** Paid by month the sale ended, and expected by month of request end; the months' paid add up to `paid`. */
  byMonth: { month: string; paid: string; expected: string }[];
}

/** The app's settings the operator can change. */
export interface SettingsDto {
  sellingPaused: boolean;
  closeToTray: boolean;
  /** The circuit folder (as --circuit-dir) used from the next start; absent: found by zkeyHash in DATA/circuits/. */
  circuitDir?: string;
  notifications: Record<OutcomeKind, boolean>;
  alerts: AlertSettingsDto;
  /** The chain options `--market chain` uses for every flag not given; read at start. */
  chain?: ChainSettings;
  /** The data plane's options a host on a real market uses for every network flag not given; read at start. */
  network?: NetworkSettings;
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

/** Whether this host can build storage proofs for its market now; no slot is taken while it cannot. */
export interface ProofsDto {
  ready: boolean;
  /** Why not, and what to do. */
  reason?: string;
  /** The circuit files being downloaded or installed (bytes as decimal strings; the total once the server said it). */
  download?: { phase: 'downloading' | 'installing'; bytesDone: string; bytesTotal?: string };
  /** The circuit files proofs use; absent on markets that need none (the simulated market). */
  circuit?: CircuitFilesDto;
}

/** Where a Groth16 market's circuit files are, and the setup they must belong to. */
export interface CircuitFilesDto {
  dir: string;
  /** The marketplace's proofs.zkeyHash. */
  zkeyHash: string;
  /** --circuit-dir, Settings, found by zkeyHash under the data folder (downloaded when missing), or the build's devnet circuit. */
  origin: 'circuit-dir' | 'settings' | 'data-folder' | 'devnet';
  /** Where a missing archive is downloaded from (origin data-folder). */
  url?: string;
}

/** What the tray and header show about selling: `idle` when nothing is offered for sale. */
export type SellingStatus = 'selling' | 'paused' | 'attention' | 'idle';

/** The markets Slotkeeper can sell on: the embedded simulator, a local EVM devnet, or a real chain. */
export type MarketKind = 'sim' | 'devnet' | 'chain';

/** The market's payment token, as the market reports it: amounts are in its base units. */
export interface TokenDto {
  symbol: string;
  /** Base units per whole token = 10^decimals. */
  decimals: number;
}

/** How the host reaches a market over a network (devnet, chain): for the header's market status. */
export interface MarketStatusDto {
  /** Whether the market's RPC endpoint answers. */
  connection: 'connecting' | 'connected' | 'unreachable';
  /** How contract events arrive. */
  events: 'websocket' | 'polling' | 'stopped';
  /** The newest block seen, and its timestamp (unix seconds). */
  headBlock?: number;
  headTime?: number;
  /** Transactions sent and not yet confirmed; of those, how many were stuck and replaced. */
  pendingTransactions: number;
  stuckTransactions: number;
  /** The last transport failure, one line. */
  lastError?: string;
}

/** The host's libp2p node: who it is, where it listens and whom it reaches. */
export interface NetworkDto {
  peerId: string;
  listenAddrs: string[];
  /** The addresses the node announces to peers. */
  announceAddrs: string[];
  /** Peers with an open libp2p connection. */
  peers: number;
  /** Nodes in the DHT's routing table; absent when the node runs without the DHT. */
  dhtPeers?: number;
  /** The node's signed peer record: what other nodes pass as --bootstrap-node; absent without the DHT. */
  spr?: string;
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
  /** Whether the proof circuit files are in place; absent where the market needs none (the simulator). */
  circuits?: 'ready' | 'missing';
  /** The connection to the market; absent on a market in this process without a network (the simulator). */
  status?: MarketStatusDto;
  /** The data plane's node; absent where the host runs none. */
  network?: NetworkDto;
}

/** Everything the dashboard shows, at one sequence number. */
export interface SnapshotDto {
  seq: number;
  selling: SellingStatus;
  market: MarketDto;
  quota: QuotaDto;
  availabilities: AvailabilityDto[];
  reservations: ReservationDto[];
  /** Sales running now; the rest of the history is paged (slots.page). */
  slots: SlotDto[];
  queue: QueueDto;
  earnings: EarningsDto;
  totals: TotalsDto;
  outcomes: OutcomeDto[];
  settings: SettingsDto;
  proofs: ProofsDto;
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
  removedAvailabilities?: string[];
  reservations?: ReservationDto[];
  removedReservations?: string[];
  slots?: SlotDto[];
  removedSlots?: string[];
  queue?: QueueDto;
  earnings?: EarningsDto;
  totals?: TotalsDto;
  outcomes?: OutcomeDto[];
  settings?: SettingsDto;
  proofs?: ProofsDto;
  alerts?: AlertDto[];
  /** Alerts dismissed or pruned: they leave the list. */
  removedAlerts?: number[];
  attention?: number;
}
