// An in-memory SalesSource for api and renderer tests: holds DTOs, records commands, and lets a
// test emit changes. `withDemoData()` fills it with a plausible node for screenshots.
import type {
  AvailabilityDto,
  CommandArgs,
  EarningsDto,
  MarketDto,
  OutcomeDto,
  PageDto,
  ProofsDto,
  QueueDto,
  QuotaDto,
  ReservationDto,
  SettingsDto,
  SlotDetailDto,
  SlotDto,
  TotalsDto,
} from '../../src-main/api/contract';
import { statePhases } from '../../src-main/api/closed-lists';
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
    const { chain, network, ...rest } = change;
    const next: SettingsDto = {
      ...this.value,
      ...rest,
      notifications: { ...this.value.notifications, ...change.notifications },
      alerts: alerts as unknown as SettingsDto['alerts'],
    };
    if (chain === null) delete next.chain;
    else if (chain !== undefined) next.chain = chain;
    if (network === null) delete next.network;
    else if (network !== undefined) next.network = network;
    this.value = next;
    return this.get();
  }
}

/** How the fake orders slots for each sortable column (the engine does this in SQL). */
const sortKeys: Record<NonNullable<CommandArgs<'slots.page'>['sort']>, (s: SlotDto) => string | number | bigint> = {
  slot: (s) => s.slotId,
  state: (s) => s.state,
  size: (s) => BigInt(s.slotSize),
  progress: (s) => Number((BigInt(s.downloadedBytes) * 1000n) / BigInt(s.slotSize)),
  proofs: (s) => s.proofs.missed * 1e9 + s.proofs.submitted,
  payout: (s) => BigInt(s.payout ?? 0),
  startedAt: (s) => s.startedAt,
  endsAt: (s) => s.endsAt ?? 0,
};

/** One page of rows at a cursor that is the offset written as c<number>. */
function page<T>(rows: T[], query: { cursor?: string; limit?: number }): PageDto<T> {
  const offset = query.cursor ? Number(query.cursor.slice(1)) : 0;
  const limit = query.limit ?? 100;
  const items = rows.slice(offset, offset + limit);
  return {
    items,
    total: rows.length,
    ...(offset + limit < rows.length ? { nextCursor: `c${offset + limit}` } : {}),
  };
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
    chosen: false,
  };
  availabilityMap = new Map<string, AvailabilityDto>();
  reservationMap = new Map<string, ReservationDto>();
  slotMap = new Map<string, SlotDetailDto>();
  queueValue: QueueDto = { paused: false, sellingPaused: false, workers: 3, items: [] };
  earningsValue: EarningsDto = { paid: '0', slashed: '0', expected: '0', collateralLocked: '0', byMonth: [] };
  proofsValue: ProofsDto = { ready: true };
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
  /** Every slot without its story, newest first. */
  #allSlots(): SlotDto[] {
    return [...this.slotMap.values()]
      .map(({ history: _history, earlier: _earlier, ...slot }) => slot)
      .sort((a, b) => b.startedAt - a.startedAt);
  }
  slots(): SlotDto[] {
    return this.#allSlots().filter((s) => s.endedAt === undefined);
  }
  slot(slotId: string): SlotDetailDto | undefined {
    return this.slotMap.get(slotId);
  }
  slotsPage(query: CommandArgs<'slots.page'>): PageDto<SlotDto> {
    const q = query.query?.toLowerCase();
    const rows = this.#allSlots().filter(
      (s) =>
        (query.phase === undefined || statePhases[s.state] === query.phase) &&
        (query.state === undefined || s.state === query.state) &&
        (q === undefined || s.slotId.includes(q) || s.requestId.includes(q)),
    );
    const key = sortKeys[query.sort ?? 'startedAt'];
    const sign = query.direction === 'asc' ? 1 : -1;
    rows.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
    return page(rows, query);
  }
  historyPage(query: CommandArgs<'history.page'>): PageDto<OutcomeDto> {
    const q = query.query?.toLowerCase();
    const rows = [...this.outcomes]
      .sort((a, b) => b.at - a.at)
      .filter(
        (o) =>
          (query.kind === undefined || o.kind === query.kind) &&
          o.at >= (query.since ?? 0) &&
          (q === undefined || [o.slotId, o.requestId, o.reason].some((t) => t?.toLowerCase().includes(q))),
      );
    return page(rows, query);
  }
  totals(): TotalsDto {
    const slotsByState: TotalsDto['slotsByState'] = {};
    for (const s of this.slotMap.values()) slotsByState[s.state] = (slotsByState[s.state] ?? 0) + 1;
    const eventsByKind: TotalsDto['eventsByKind'] = {};
    for (const o of this.outcomes) eventsByKind[o.kind] = (eventsByKind[o.kind] ?? 0) + 1;
    return { slots: this.slotMap.size, slotsByState, events: this.outcomes.length, eventsByKind };
  }
  queue(): QueueDto {
    return this.queueValue;
  }
  earnings(): EarningsDto {
    return this.earningsValue;
  }
  proofs(): ProofsDto {
    return this.proofsValue;
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
  async deleteAvailability(id: string): Promise<void> {
    this.commands.push({ name: 'availability.delete', args: id });
    if (!this.availabilityMap.delete(id)) throw new Error('Availability not found');
    this.emit({ kind: 'availability-removed', id });
  }
  async setQuota(maxBytes: bigint): Promise<QuotaDto> {
    this.commands.push({ name: 'quota.set', args: maxBytes });
    this.quotaValue = { ...this.quotaValue, maxBytes: String(maxBytes), chosen: true };
    this.emit({ kind: 'quota', value: this.quotaValue });
    return this.quotaValue;
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
        ...(state === 'SaleIgnored'
          ? { endedAt: now - 30, ignoredReason: 'price-too-low' as const, ignoredTimes: 4, ignoredSince: now - 7200 }
          : {}),
        ...(state === 'SaleProving' || state === 'SaleFilled' ? { filledAt: now - 3000 * (i + 1) } : {}),
        onDiskBytes: state === 'SaleDownloading' ? String(2n * GiB) : state === 'SaleProving' ? String(8n * GiB) : '0',
        proofs: { required: i * 3, submitted: i * 3, missed: 0 },
        earlier: [],
        // A proof of an 8 GiB slot: its five sampled blocks re-hashed and the input assembled.
        ...(i > 0 && state !== 'SaleIgnored' ? { proofBuild: { count: i * 3, lastMs: 140 + 7 * i, meanMs: 151 } } : {}),
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
    this.quotaValue = {
      ...this.quotaValue,
      usedBytes: String(18n * GiB),
      reservedBytes: String(44n * GiB),
      chosen: true,
    };
    // Slot 101 was sold once before: that sale lost collateral to missed proofs and the slot was freed.
    const hosted = this.slotMap.get(hex(101))!;
    const { earlier: _earlier, history: _history, ...facts } = hosted;
    this.slotMap.set(hex(101), {
      ...hosted,
      earlier: [
        {
          ...facts,
          state: 'SaleErrored',
          startedAt: now - 5 * 86400,
          filledAt: now - 5 * 86400 + 600,
          endedAt: now - 3 * 86400,
          error: 'Slot was forcibly freed',
          slashed: String(8n * GiB * 10n),
          onDiskBytes: '0',
          proofs: { required: 40, submitted: 36, missed: 4 },
          history: [
            { state: 'SalePreparing', at: now - 5 * 86400 },
            { state: 'SaleProving', at: now - 5 * 86400 + 600 },
            { state: 'SaleErrored', at: now - 3 * 86400, note: 'Slot was forcibly freed' },
          ],
        },
      ],
    });
    this.queueValue = {
      paused: false,
      sellingPaused: false,
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
      slashed: '0',
      expected: '55000000',
      collateralLocked: String(16n * GiB * 10n),
      byMonth: [
        { month: '2026-09', paid: '12000000', expected: '0' },
        { month: '2026-10', paid: '0', expected: '55000000' },
      ],
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
