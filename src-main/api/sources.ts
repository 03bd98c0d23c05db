// What the api needs from the engine side, in the api's own terms (hostd style): the composition
// roots adapt the engine, the market and storage to these interfaces.
import type {
  AlertDto,
  AlertSeverity,
  AvailabilityDto,
  BackupDto,
  MarketDto,
  OutcomeDto,
  QueueDto,
  QuotaDto,
  ReservationDto,
  SettingsDto,
  SlotDetailDto,
  SlotDto,
  EarningsDto,
  PageDto,
  ProofsDto,
  SellingStatus,
  TotalsDto,
} from './dto';
import type { CommandArgs } from './contract';

/** One change the dashboard must learn about. */
export type Change =
  | { kind: 'availability'; value: AvailabilityDto }
  | { kind: 'availability-removed'; id: string }
  | { kind: 'reservation'; value: ReservationDto }
  | { kind: 'reservation-removed'; id: string }
  | { kind: 'slot'; value: SlotDto }
  | { kind: 'slot-removed'; id: string }
  | { kind: 'quota'; value: QuotaDto }
  | { kind: 'queue'; value: QueueDto }
  | { kind: 'earnings'; value: EarningsDto }
  | { kind: 'totals'; value: TotalsDto }
  | { kind: 'market'; value: MarketDto }
  | { kind: 'outcome'; value: OutcomeDto }
  | { kind: 'settings'; value: SettingsDto }
  | { kind: 'selling'; value: SellingStatus }
  | { kind: 'proofs'; value: ProofsDto }
  | { kind: 'alert'; value: AlertDto }
  | { kind: 'alert-removed'; id: number }
  | { kind: 'attention'; value: number };

/** The sales engine as the dashboard sees it: current values, changes, and the operator's commands. */
export interface SalesSource {
  /** The market and the host's wallet on it (the wallet may answer over the network). */
  market(): Promise<MarketDto>;
  quota(): Promise<QuotaDto>;
  availabilities(): AvailabilityDto[];
  reservations(): ReservationDto[];
  /** The sales running now. */
  slots(): SlotDto[];
  slot(slotId: string): SlotDetailDto | undefined;
  /** One page of slots over the whole history (cursor and limit already checked). */
  slotsPage(query: CommandArgs<'slots.page'>): PageDto<SlotDto>;
  /** One page of events over the whole history. */
  historyPage(query: CommandArgs<'history.page'>): PageDto<OutcomeDto>;
  queue(): QueueDto;
  earnings(): EarningsDto;
  /** Counts over the whole history. */
  totals(): TotalsDto;
  /** Whether proofs can be made now (selling waits while not), with a circuit download's progress. */
  proofs(): ProofsDto;
  /** Most recent first. */
  recentOutcomes(limit: number): OutcomeDto[];
  /** Receives every change; returns the unsubscribe function. */
  onChange(listener: (change: Change) => void): () => void;
  createAvailability(input: CommandArgs<'availability.create'>): Promise<AvailabilityDto>;
  updateAvailability(input: CommandArgs<'availability.update'>): Promise<AvailabilityDto>;
  deleteAvailability(id: string): Promise<void>;
  /** Sets the repo quota in bytes, remembered for later starts; refused below what is held. */
  setQuota(maxBytes: bigint): Promise<QuotaDto>;
  /** Stops or restarts taking new slots; running sales continue either way. */
  setSellingPaused(paused: boolean): Promise<void>;
}

/** A change to some settings; nested switches merge, and a null low mark goes back to its default. */
export type SettingsChange = Partial<Omit<SettingsDto, 'notifications' | 'alerts' | 'chain' | 'network'>> & {
  notifications?: Partial<SettingsDto['notifications']>;
  /** null forgets the chain options. */
  chain?: SettingsDto['chain'] | null;
  /** null forgets the network options. */
  network?: SettingsDto['network'] | null;
  alerts?: {
    minTokenBalance?: string | null;
    minGasBalance?: string | null;
    notify?: Partial<Record<AlertSeverity, boolean>>;
  };
};

/** Writes the host's key into the data folder's encrypted keystore; refuses to overwrite one (ApiFailure codes). */
export interface WalletKeys {
  /** Creates a new random key; answers its address and the keystore's path. */
  create(password: string): Promise<{ address: string; keystore: string }>;
  /** Imports an existing private key; answers its address and the keystore's path. */
  import(privateKey: string, password: string): Promise<{ address: string; keystore: string }>;
}

/** Makes backups of the data folder (the host decides where they are written). */
export interface BackupSource {
  create(): Promise<BackupDto>;
}

/** Where the operator's settings are kept. */
export interface SettingsStore {
  get(): SettingsDto;
  /** Persists the merged settings atomically and returns them. */
  update(change: SettingsChange): SettingsDto;
}

/** A file being written by an export; the host made it. */
export interface FileSink {
  /** Where it is, to tell the operator. */
  readonly path: string;
  write(chunk: string): Promise<void>;
  /** Finishes the file. */
  close(): Promise<void>;
  /** Gives up: removes what was written. */
  abort(): Promise<void>;
}

/** Asks the operator where to save a file (the desktop's save dialog); undefined when they cancel. */
export type SaveFile = (suggestedName: string) => Promise<FileSink | undefined>;
