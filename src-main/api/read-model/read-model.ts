// The dashboard's read model: the sales engine's reads as DTOs, its events as Changes, the whole
// history paged and counted from the database, and the operator's commands passed through. Values
// that many events touch (the quota, earnings, totals, the wallet's balances and the clock) are
// refreshed at most once per interval, not on every event.
import { checkUntilNotPassed, CodexTexts, NotFoundError, type SaleRecord, type SalesEvent } from '../../engine/index';
import type { CommandArgs } from '../contract';
import type { AvailabilityDto, MarketDto, SlotDto } from '../dto';
import { ApiFailure } from '../errors';
import type { Change, SalesSource } from '../sources';
import {
  availabilityDto,
  marketDto,
  marketStatusDto,
  networkDto,
  onDiskBytesOf,
  outcomeDto,
  proofsDto,
  queueDto,
  quotaDto,
  reservationDto,
  slotDto,
} from './dtos';
import { earningsDto, totalsDto } from './earnings';
import { createPages } from './pages';
import type { ReadModelDeps, TokenInfo, WalletBalances } from './ports';

/** The read model; close() stops its timer and its engine subscription. */
export interface SalesReadModel extends SalesSource {
  close(): void;
}

/** Builds the read model over the engine, the repo, the history, the clock and the wallet. */
export function createSalesReadModel(deps: ReadModelDeps): SalesReadModel {
  const { sales, repo, clock, wallet, history } = deps;
  const listeners = new Set<(change: Change) => void>();
  const emit = (change: Change) => listeners.forEach((listener) => listener(change));
  const pages = createPages(deps);
  // The engine batches its history writes per event-loop turn; a page read now must include them.
  const afterFlush = <T>(read: () => T): T => {
    sales.flushHistory();
    return read();
  };

  // The token never changes on a market: read it once (again only after a failed read).
  let token: Promise<TokenInfo> | undefined;
  let lastBalances: WalletBalances | undefined;
  let lastMarket: MarketDto | undefined;
  const withStatus = (dto: MarketDto): MarketDto => {
    const withConnection = deps.status ? { ...dto, status: marketStatusDto(deps.status.get()) } : dto;
    return deps.network ? { ...withConnection, network: networkDto(deps.network.status()) } : withConnection;
  };
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
    lastMarket = withStatus(marketDto(deps.marketKind, wallet.address, info, balances, clock.now(), deps.circuits?.()));
    return lastMarket;
  }
  // A read of a chain that stopped answering retries for minutes: a snapshot then shows the last
  // facts read (with the connection as it is now) rather than keep the dashboard loading.
  async function marketForSnapshot(): Promise<MarketDto> {
    const fresh = market();
    const last = lastMarket;
    if (!last) return fresh;
    const shownLast = () => withStatus({ ...last, now: clock.now() });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stale = new Promise<MarketDto>((resolve) => {
      timer = setTimeout(() => resolve(shownLast()), deps.marketWaitMs ?? 1000);
      timer.unref?.();
    });
    try {
      // A failed read is the refresh's to report; the last facts stand meanwhile.
      return await Promise.race([fresh.catch(shownLast), stale]);
    } finally {
      clearTimeout(timer);
    }
  }
  // A change of connection shows at once, even while a wallet read waits on an unreachable chain.
  // (A new head alone waits for the next refresh: blocks come too often to patch each.)
  let shownStatus = '';
  const stopStatus = deps.status?.subscribe((status) => {
    const { head: _head, ...rest } = status;
    const key = JSON.stringify(rest);
    if (key === shownStatus || !lastMarket) return;
    shownStatus = key;
    emit({ kind: 'market', value: withStatus({ ...lastMarket, now: clock.now() }) });
  });

  const quota = () => quotaDto(repo.quota(), deps.quotaChosen?.() ?? false);
  const availability = (id: string): AvailabilityDto => {
    const found = sales.availabilities().find((a) => a.id === id);
    if (!found) throw new NotFoundError(CodexTexts.availabilityNotFound);
    return availabilityDto(found, sales.reservationsOf(id));
  };
  /** A running sale's summary with its bytes on disk; a skip with how often in a row it happened. */
  const liveSlot = (sale: SaleRecord): SlotDto => {
    if (sale.state === 'SaleIgnored') sales.flushHistory();
    const stored = sale.state === 'SaleIgnored' ? history.sale(sale.id) : undefined;
    return slotDto(sale, {
      onDiskBytes: onDiskBytesOf(sale, repo),
      ...(stored === undefined
        ? {}
        : { ignoredTimes: stored.ignoredTimes, ...(stored.ignoredSince ? { ignoredSince: stored.ignoredSince } : {}) }),
    });
  };

  let quotaDirty = false;
  let earningsDirty = false;
  let totalsDirty = false;
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
      emit({ kind: 'quota', value: quota() });
    }
    if (earningsDirty) {
      earningsDirty = false;
      emit({ kind: 'earnings', value: earningsDto(sales, history) });
    }
    if (totalsDirty) {
      totalsDirty = false;
      emit({ kind: 'totals', value: totalsDto(history) });
    }
  }, deps.refreshMs ?? 1000);
  refresh.unref();

  const forward = (event: SalesEvent): void => {
    switch (event.type) {
      case 'sale-state-changed':
        totalsDirty = true;
        emit({ kind: 'slot', value: liveSlot(event.sale) });
        earningsDirty = true;
        break;
      case 'sale-updated':
        emit({ kind: 'slot', value: liveSlot(event.sale) });
        earningsDirty = true;
        break;
      case 'download-progress': {
        const sale = sales.sale(event.slotId)?.sale;
        if (sale)
          emit({ kind: 'slot', value: { ...liveSlot(sale), downloadedBytes: event.downloadedBytes.toString() } });
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
      case 'availability-removed':
        emit({ kind: 'availability-removed', id: event.availabilityId });
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
        totalsDirty = true;
        break;
      case 'proofs-readiness-changed':
        emit({ kind: 'proofs', value: proofsDto(event.readiness, deps.circuit) });
        break;
    }
  };
  const stopForwarding = sales.on(forward);

  /** The dashboard refuses an end date that has passed (Codex's REST api, which shares the store, does not). */
  const refusePassedUntil = (until: number | undefined) => {
    const [passed] = until === undefined ? [] : checkUntilNotPassed(until, clock.now());
    if (passed) throw new ApiFailure('invalid-argument', passed.message, { field: passed.field, say: passed.say });
  };

  return {
    market: marketForSnapshot,
    quota: async () => quota(),
    availabilities: () => sales.availabilities().map((a) => availabilityDto(a, sales.reservationsOf(a.id))),
    reservations: () => sales.reservationsOf().map(reservationDto),
    slots: () => sales.sales({ ended: false }).map(liveSlot),
    slot: (slotId) => afterFlush(() => pages.slot(slotId)),
    slotsPage: (query) => afterFlush(() => pages.slotsPage(query)),
    historyPage: (query) => afterFlush(() => pages.historyPage(query)),
    queue: () => queueDto(sales.queueSnapshot()),
    earnings: () => earningsDto(sales, history),
    totals: () => totalsDto(history),
    proofs: () => proofsDto(sales.proofReadiness(), deps.circuit),
    recentOutcomes: (limit) => sales.recentOutcomes(limit).map(outcomeDto),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async createAvailability(input: CommandArgs<'availability.create'>) {
      refusePassedUntil(input.until);
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
      refusePassedUntil(until);
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
    async deleteAvailability(id) {
      sales.deleteAvailability(id);
    },
    async setQuota(maxBytes) {
      if (!deps.setQuota)
        throw new ApiFailure('unavailable', 'The quota cannot be changed on this host while it runs.');
      deps.setQuota(maxBytes);
      const value = quota();
      emit({ kind: 'quota', value });
      return value;
    },
    async setSellingPaused(paused) {
      if (paused) sales.pauseSelling();
      else sales.resumeSelling();
    },
    close() {
      clearInterval(refresh);
      stopForwarding();
      stopStatus?.();
    },
  };
}
