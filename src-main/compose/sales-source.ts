// The sales engine as the api's SalesSource: reads turned into DTOs, engine events into Changes.
// Values that many events touch (the quota, the market's balance and clock) are refreshed at most
// once per interval instead of on every event.
import type { AvailabilityDto, CommandArgs, EarningsDto, MarketDto, SlotDetailDto, SlotDto } from '../api/contract';
import type { Change, SalesSource } from '../api/sources';
import type { Repo, SaleRecord, Sales, SalesEvent } from '../engine/index';
import type { MarketKind } from '../market/index';
import { availabilityDto, outcomeDto, queueDto, quotaDto, reservationDto, slotDto } from './sales-dtos';

/** How many ended sales the dashboard's snapshot carries beside every running one. */
export const ENDED_SALES_IN_SNAPSHOT = 2000;

/** What the adapter reads. */
export interface SalesSourceDeps {
  sales: Sales;
  repo: Pick<Repo, 'quota'>;
  /** The market the host sells on: its kind, the host's address and balance, and chain time. */
  market: { kind: MarketKind; hostAddress: string; balance(): bigint; now(): number };
  /** How often derived values (quota, market) are refreshed when events touch them, in ms. */
  refreshMs?: number;
}

/** Adapts the engine; call close() to stop its timers. */
export function createSalesSource(deps: SalesSourceDeps): SalesSource & { close(): void } {
  const { sales, repo } = deps;
  const listeners = new Set<(change: Change) => void>();
  const emit = (change: Change) => listeners.forEach((listener) => listener(change));

  const market = (): MarketDto => ({
    kind: deps.market.kind,
    hostAddress: deps.market.hostAddress,
    balance: deps.market.balance().toString(),
    now: deps.market.now(),
  });
  const availability = (id: string): AvailabilityDto => {
    const found = sales.availabilities().find((a) => a.id === id);
    if (!found) throw Object.assign(new Error('Availability not found'), { code: 'not-found' });
    return availabilityDto(found, sales.reservationsOf(id));
  };

  let quotaDirty = false;
  let earningsDirty = false;
  const refresh = setInterval(() => {
    emit({ kind: 'market', value: market() });
    if (quotaDirty) {
      quotaDirty = false;
      emit({ kind: 'quota', value: quotaDto(repo.quota()) });
    }
    if (earningsDirty) {
      earningsDirty = false;
      emit({ kind: 'earnings', value: earnings() });
    }
  }, deps.refreshMs ?? 1000);
  refresh.unref();

  const forward = (event: SalesEvent): void => {
    switch (event.type) {
      case 'sale-state-changed':
      case 'sale-updated':
        emit({ kind: 'slot', value: slotDto(event.sale) });
        earningsDirty = true;
        break;
      case 'download-progress': {
        const sale = sales.sale(event.slotId)?.sale;
        if (sale)
          emit({ kind: 'slot', value: { ...slotDto(sale), downloadedBytes: event.downloadedBytes.toString() } });
        quotaDirty = true;
        break;
      }
      case 'availability-changed':
        emit({
          kind: 'availability',
          value: availabilityDto(event.availability, sales.reservationsOf(event.availability.id)),
        });
        quotaDirty = true;
        break;
      case 'reservation-changed':
        emit({ kind: 'reservation', value: reservationDto(event.reservation) });
        emit({ kind: 'availability', value: availability(event.reservation.availabilityId) });
        quotaDirty = true;
        break;
      case 'reservation-removed':
        emit({ kind: 'reservation-removed', id: event.reservationId });
        emit({ kind: 'availability', value: availability(event.availabilityId) });
        quotaDirty = true;
        break;
      case 'queue-changed':
        emit({ kind: 'queue', value: queueDto(event.queue) });
        break;
      case 'outcome':
        emit({ kind: 'outcome', value: outcomeDto(event.outcome) });
        break;
    }
  };
  const stopForwarding = sales.on(forward);

  function earnings(): EarningsDto {
    const totals = sales.earnings();
    const byMonth = new Map<string, { paid: bigint; expected: bigint }>();
    const month = (t: number) => new Date(t * 1000).toISOString().slice(0, 7);
    const add = (key: string, paid: bigint, expected: bigint) => {
      const entry = byMonth.get(key) ?? { paid: 0n, expected: 0n };
      byMonth.set(key, { paid: entry.paid + paid, expected: entry.expected + expected });
    };
    for (const sale of sales.sales({ limit: ENDED_SALES_IN_SNAPSHOT })) {
      if (sale.payout !== undefined && sale.endedAt !== undefined) add(month(sale.endedAt), sale.payout, 0n);
      else if (sale.endedAt === undefined && sale.filledAt !== undefined && sale.endsAt !== undefined) {
        add(month(sale.endsAt), 0n, BigInt(sale.endsAt - sale.filledAt) * sale.pricePerBytePerSecond * sale.slotSize);
      }
    }
    return {
      paid: totals.paid.toString(),
      expected: totals.expected.toString(),
      collateralLocked: totals.collateralLocked.toString(),
      byMonth: [...byMonth.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([m, v]) => ({ month: m, paid: v.paid.toString(), expected: v.expected.toString() })),
    };
  }

  const slotsOf = (records: SaleRecord[]): SlotDto[] => {
    // Newest sale per slot: a repaired slot sold twice shows its latest sale.
    const seen = new Set<string>();
    return records.filter((r) => !seen.has(r.slotId) && seen.add(r.slotId)).map(slotDto);
  };

  return {
    market,
    quota: async () => quotaDto(repo.quota()),
    availabilities: () => sales.availabilities().map((a) => availabilityDto(a, sales.reservationsOf(a.id))),
    reservations: () => sales.reservationsOf().map(reservationDto),
    slots: () =>
      slotsOf([...sales.sales({ ended: false }), ...sales.sales({ ended: true, limit: ENDED_SALES_IN_SNAPSHOT })]),
    slot: (slotId): SlotDetailDto | undefined => {
      const detail = sales.sale(slotId);
      return detail && { ...slotDto(detail.sale), history: detail.timeline.map((step) => ({ ...step })) };
    },
    queue: () => queueDto(sales.queueSnapshot()),
    earnings,
    recentOutcomes: (limit) => sales.recentOutcomes(limit).map(outcomeDto),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async createAvailability(input: CommandArgs<'availability.create'>) {
      const created = sales.createAvailability({
        totalSize: BigInt(input.totalSize),
        duration: BigInt(input.duration),
        minPricePerBytePerSecond: BigInt(input.minPricePerBytePerSecond),
        totalCollateral: BigInt(input.totalCollateral),
        enabled: input.enabled,
        until: input.until,
      });
      return availabilityDto(created, []);
    },
    async updateAvailability(input: CommandArgs<'availability.update'>) {
      const { id, totalSize, duration, minPricePerBytePerSecond, totalCollateral, enabled, until } = input;
      const big = (v: string | number | undefined) => (v === undefined ? undefined : BigInt(v));
      sales.updateAvailability(id, {
        ...(totalSize !== undefined && { totalSize: big(totalSize) }),
        ...(duration !== undefined && { duration: big(duration) }),
        ...(minPricePerBytePerSecond !== undefined && { minPricePerBytePerSecond: big(minPricePerBytePerSecond) }),
        ...(totalCollateral !== undefined && { totalCollateral: big(totalCollateral) }),
        ...(enabled !== undefined && { enabled }),
        ...(until !== undefined && { until }),
      });
      return availability(id);
    },
    async setSellingPaused(paused) {
      if (paused) sales.pauseSelling();
      else sales.resumeSelling();
    },
    close() {
      clearInterval(refresh);
      stopForwarding();
    },
  };
}
