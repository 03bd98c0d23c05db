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
  SellingStatus,
} from './dto';
import type { CommandArgs } from './contract';

/** One change the dashboard must learn about. */
export type Change =
  | { kind: 'availability'; value: AvailabilityDto }
  | { kind: 'reservation'; value: ReservationDto }
  | { kind: 'reservation-removed'; id: string }
  | { kind: 'slot'; value: SlotDto }
  | { kind: 'slot-removed'; id: string }
  | { kind: 'quota'; value: QuotaDto }
  | { kind: 'queue'; value: QueueDto }
  | { kind: 'earnings'; value: EarningsDto }
  | { kind: 'market'; value: MarketDto }
  | { kind: 'outcome'; value: OutcomeDto }
  | { kind: 'settings'; value: SettingsDto }
  | { kind: 'selling'; value: SellingStatus }
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
  slots(): SlotDto[];
  slot(slotId: string): SlotDetailDto | undefined;
  queue(): QueueDto;
  earnings(): EarningsDto;
  /** Most recent first. */
  recentOutcomes(limit: number): OutcomeDto[];
  /** Receives every change; returns the unsubscribe function. */
  onChange(listener: (change: Change) => void): () => void;
  createAvailability(input: CommandArgs<'availability.create'>): Promise<AvailabilityDto>;
  updateAvailability(input: CommandArgs<'availability.update'>): Promise<AvailabilityDto>;
  /** Stops or restarts taking new slots; running sales continue either way. */
  setSellingPaused(paused: boolean): Promise<void>;
}

/** A change to some settings; nested switches merge, and a null low mark goes back to its default. */
export type SettingsChange = Partial<Omit<SettingsDto, 'notifications' | 'alerts'>> & {
  notifications?: Partial<SettingsDto['notifications']>;
  alerts?: {
    minTokenBalance?: string | null;
    minGasBalance?: string | null;
    notify?: Partial<Record<AlertSeverity, boolean>>;
  };
};
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
