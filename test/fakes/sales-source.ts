// An in-memory SalesSource for api and renderer tests: holds DTOs, records commands, and lets a
// test emit changes. `withDemoData()` fills it with a plausible node for screenshots.
import type {
  AvailabilityDto,
  CommandArgs,
  EarningsDto,
  MarketDto,
  OutcomeDto,
  QueueDto,
  QuotaDto,
  ReservationDto,
  SettingsDto,
  SlotDetailDto,
  SlotDto,
} from '../../src-main/api/contract';
import type { Change, SalesSource, SettingsChange, SettingsStore } from '../../src-main/api/sources';

const GiB = 1024n ** 3n;
const hex = (n: number) => '0x' + n.toString(16).padStart(64, '0');

/** Settings kept in memory. */
export class MemorySettings implements SettingsStore {
  value: SettingsDto = {
    sellingPaused: false,
    closeToTray: true,
    notifications: {
      'slot-won': true,
      payout: true,
      'request-cancelled': true,
      'request-failed': true,
      'sale-errored': true,
      'proofs-missed': true,
    },
    alerts: { notify: { info: false, warning: true, error: true, critical: true } },
  };
  get(): SettingsDto {
    return structuredClone(this.value);
  }
  update(change: SettingsChange): SettingsDto {
    const alerts: Record<string, unknown> = {
      ...this.value.alerts,
      notify: { ...this.value.alerts.notify, ...change.alerts?.notify },
    };
    for (const mark of ['minTokenBalance', 'minGasBalance'] as const) {
      const value = change.alerts?.[mark];
      if (value === null) delete alerts[mark];
      else if (value !== undefined) alerts[mark] = value;
    }
    this.value = {
      ...this.value,
      ...change,
      notifications: { ...this.value.notifications, ...change.notifications },
      alerts: alerts as unknown as SettingsDto['alerts'],
    };
    return this.get();
  }
}

/** A scripted sales engine. */
export class FakeSalesSource implements SalesSource {
  marketValue: MarketDto = {
    kind: 'sim',
    hostAddress: '0x' + 'ab'.repeat(20),
    token: { symbol: 'TST', decimals: 18 },
    balance: '1000000000000000000000',
    now: 1_790_000_000,
  };
  quotaValue: QuotaDto = {
    maxBytes: String(100n * GiB),
    usedBytes: '0',
    reservedBytes: '0',
    diskFreeBytes: String(500n * GiB),
    diskTotalBytes: String(1000n * GiB),
  };
  availabilityMap = new Map<string, AvailabilityDto>();
  reservationMap = new Map<string, ReservationDto>();
  slotMap = new Map<string, SlotDetailDto>();
  queueValue: QueueDto = { paused: false, workers: 3, items: [] };
  earningsValue: EarningsDto = { paid: '0', expected: '0', collateralLocked: '0', byMonth: [] };
  outcomes: OutcomeDto[] = [];
  paused = false;
  commands: { name: string; args: unknown }[] = [];
  #listeners = new Set<(c: Change) => void>();
  #nextId = 1;

  async market(): Promise<MarketDto> {
    return this.marketValue;
  }
  async quota(): Promise<QuotaDto> {
    return this.quotaValue;
  }
  availabilities(): AvailabilityDto[] {
    return [...this.availabilityMap.values()];
  }
  reservations(): ReservationDto[] {
    return [...this.reservationMap.values()];
  }
  slots(): SlotDto[] {
    return [...this.slotMap.values()].map(({ history: _history, ...slot }) => slot);
  }
  slot(slotId: string): SlotDetailDto | undefined {
    return this.slotMap.get(slotId);
  }
  queue(): QueueDto {
    return this.queueValue;
  }
  earnings(): EarningsDto {
    return this.earningsValue;
  }
  recentOutcomes(limit: number): OutcomeDto[] {
    return this.outcomes.slice(-limit).reverse();
  }
  onChange(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  async createAvailability(input: CommandArgs<'availability.create'>): Promise<AvailabilityDto> {
    this.commands.push({ name: 'availability.create', args: input });
    const value: AvailabilityDto = {
      id: hex(this.#nextId++),
      totalSize: input.totalSize,
      freeSize: input.totalSize,
      duration: input.duration,
      minPricePerBytePerSecond: input.minPricePerBytePerSecond,
      totalCollateral: input.totalCollateral,
      totalRemainingCollateral: input.totalCollateral,
      enabled: input.enabled ?? true,
      until: input.until ?? 0,
      reservedBytes: '0',
      storedBytes: '0',
      activeSlots: 0,
    };
    this.availabilityMap.set(value.id, value);
    this.emit({ kind: 'availability', value });
    return value;
  }
  async updateAvailability(input: CommandArgs<'availability.update'>): Promise<AvailabilityDto> {
    this.commands.push({ name: 'availability.update', args: input });
    const current = this.availabilityMap.get(input.id);
    if (!current) throw Object.assign(new Error('Availability not found'), { code: 'availability-not-found' });
    const { id: _id, ...fields } = input;
    const value = { ...current, ...fields };
    this.availabilityMap.set(value.id, value);
    this.emit({ kind: 'availability', value });
    return value;
  }
  async setSellingPaused(paused: boolean): Promise<void> {
    this.commands.push({ name: 'setSellingPaused', args: paused });
    this.paused = paused;
  }

  /** Delivers a change as the engine would. */
  emit(change: Change): void {
    for (const listener of this.#listeners) listener(change);
  }

  /** Fills the source with a small, plausible node. */
  withDemoData(): this {
    const now = this.marketValue.now;
    const availability: AvailabilityDto = {
      id: hex(9001),
      totalSize: String(60n * GiB),
      freeSize: String(38n * GiB),
      duration: 30 * 86400,
      minPricePerBytePerSecond: '1000',
      totalCollateral: String(60n * GiB * 10n),
      totalRemainingCollateral: String(38n * GiB * 10n),
      enabled: true,
      until: 0,
      reservedBytes: String(6n * GiB),
      storedBytes: String(16n * GiB),
      activeSlots: 3,
    };
    this.availabilityMap.set(availability.id, availability);
    const states: SlotDto['state'][] = ['SaleDownloading', 'SaleProving', 'SaleProving', 'SaleFinished', 'SaleIgnored'];
    states.forEach((state, i) => {
      const slotId = hex(100 + i);
      const slot: SlotDetailDto = {
        slotId,
        requestId: hex(200 + i),
        slotIndex: i % 4,
        state,
        slotSize: String(8n * GiB),
        duration: 14 * 86400,
        pricePerBytePerSecond: '1500',
        collateral: String(8n * GiB * 10n),
        availabilityId: state === 'SaleIgnored' ? undefined : availability.id,
        downloadedBytes: state === 'SaleDownloading' ? String(2n * GiB) : String(8n * GiB),
        startedAt: now - 3600 * (i + 1),
        endsAt: now + 86400 * (10 - i),
        ...(state === 'SaleFinished'
          ? { endedAt: now - 60, payout: '12000000', collateralReturned: String(8n * GiB * 10n) }
          : {}),
        ...(state === 'SaleIgnored' ? { endedAt: now - 30, ignoredReason: 'price-too-low' as const } : {}),
        proofs: { required: i * 3, submitted: i * 3, missed: 0 },
        history: [
          { state: 'SalePreparing', at: now - 3600 * (i + 1) },
          { state, at: now - 1800 },
        ],
      };
      this.slotMap.set(slotId, slot);
      if (state === 'SaleDownloading' || state === 'SaleProving') {
        const reservation: ReservationDto = {
          id: hex(300 + i),
          availabilityId: availability.id,
          size: state === 'SaleDownloading' ? String(6n * GiB) : '0',
          slotSize: String(8n * GiB),
          releasedBytes: state === 'SaleDownloading' ? String(2n * GiB) : String(8n * GiB),
          requestId: slot.requestId,
          slotIndex: slot.slotIndex,
          validUntil: slot.endsAt ?? now,
        };
        this.reservationMap.set(reservation.id, reservation);
      }
    });
    this.quotaValue = { ...this.quotaValue, usedBytes: String(18n * GiB), reservedBytes: String(44n * GiB) };
    this.queueValue = {
      paused: false,
      workers: 3,
      items: [0, 1, 2].map((i) => ({
        requestId: hex(400 + i),
        slotIndex: i,
        slotSize: String(4n * GiB),
        duration: 7 * 86400,
        pricePerBytePerSecond: String(2000 - i * 100),
        collateral: String(4n * GiB * 10n),
        expiry: now + 600,
        seen: i === 2,
        profit: String(7n * 86400n * BigInt(2000 - i * 100) * 4n * GiB),
      })),
    };
    this.earningsValue = {
      paid: '12000000',
      expected: '55000000',
      collateralLocked: String(16n * GiB * 10n),
      byMonth: [{ month: '2026-12', paid: '0', expected: '55000000' }],
    };
    this.outcomes = [
      { id: 'o1', kind: 'slot-won', at: now - 3000, slotId: hex(101), requestId: hex(201), slotIndex: 1 },
      {
        id: 'o2',
        kind: 'payout',
        at: now - 60,
        slotId: hex(103),
        requestId: hex(203),
        slotIndex: 3,
        amount: '12000000',
      },
    ];
    return this;
  }
}
