// The dashboard's read model: the sales engine's reads as DTOs, its events as Changes, and the
// operator's commands passed through. Values that many events touch (the quota, earnings, the
// wallet's balances and the clock) are refreshed at most once per interval, not on every event.
import { CodexTexts, NotFoundError, type SaleRecord, type SalesEvent } from '../../engine/index';
import type { CommandArgs } from '../contract';
import type { AvailabilityDto, MarketDto, SlotDetailDto, SlotDto } from '../dto';
import type { Change, SalesSource } from '../sources';
import { availabilityDto, marketDto, outcomeDto, queueDto, quotaDto, reservationDto, slotDto } from './dtos';
import { earningsDto, ENDED_SALES_IN_SNAPSHOT } from './earnings';
import type { ReadModelDeps, TokenInfo, WalletBalances } from './ports';

/** The read model; close() stops its timer and its engine subscription. */
export interface SalesReadModel extends SalesSource {
  close(): void;
}

/** Builds the read model over the engine, the repo, the clock and the wallet. */
export function createSalesReadModel(deps: ReadModelDeps): SalesReadModel {
  const { sales, repo, clock, wallet } = deps;
  const listeners = new Set<(change: Change) => void>();
  const emit = (change: Change) => listeners.forEach((listener) => listener(change));

  // The token never changes on a market: read it once (again only after a failed read).
  let token: Promise<TokenInfo> | undefined;
  let lastBalances: WalletBalances | undefined;
  async function market(): Promise<MarketDto> {
    token ??= wallet.token().catch((error: unknown) => {
      token = undefined;
      throw error;
    });
    const info = await token;
    let balances: WalletBalances;
    try {
      balances = await wallet.balances();
      lastBalances = balances;
    } catch (error) {
      // A market that does not answer for a moment must not blank the dashboard: show the last balances.
      if (lastBalances === undefined) throw error;
      deps.logger?.warn('wallet balances unavailable; showing the last ones read', { error: String(error) });
      balances = lastBalances;
    }
    return marketDto(deps.marketKind, wallet.address, info, balances, clock.now());
  }

  const availability = (id: string): AvailabilityDto => {
    const found = sales.availabilities().find((a) => a.id === id);
    if (!found) throw new NotFoundError(CodexTexts.availabilityNotFound);
    return availabilityDto(found, sales.reservationsOf(id));
  };

  let quotaDirty = false;
  let earningsDirty = false;
  let marketReading = false;
  const refresh = setInterval(() => {
    if (!marketReading) {
      marketReading = true;
      market()
        .then((value) => emit({ kind: 'market', value }))
        .catch((error: unknown) => deps.logger?.warn('market facts unavailable', { error: String(error) }))
        .finally(() => (marketReading = false));
    }
    if (quotaDirty) {
      quotaDirty = false;
      emit({ kind: 'quota', value: quotaDto(repo.quota()) });
    }
    if (earningsDirty) {
      earningsDirty = false;
      emit({ kind: 'earnings', value: earningsDto(sales) });
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
    earnings: () => earningsDto(sales),
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
