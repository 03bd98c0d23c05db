// Engine values as the api's DTOs: bigints become decimal strings, slot indices numbers.
import type {
  Availability,
  ProofReadiness,
  QueueSnapshot,
  RepoQuota,
  Reservation,
  SaleOutcome,
  SaleRecord,
} from '../../engine/index';
import { profitability } from '../../engine/index';
import type {
  AvailabilityDto,
  MarketDto,
  MarketKind,
  MarketStatusDto,
  NetworkDto,
  OutcomeDto,
  CircuitFilesDto,
  ProofsDto,
  QueueDto,
  QuotaDto,
  ReservationDto,
  SlotDto,
} from '../dto';
import type { MarketStatusReading, NetworkStatusReading, TokenInfo, WalletBalances } from './ports';

/** An availability with what it holds now (from its reservations). */
export function availabilityDto(a: Availability, reservations: readonly Reservation[]): AvailabilityDto {
  let reserved = 0n;
  let stored = 0n;
  for (const r of reservations) {
    reserved += r.size;
    stored += r.writtenSize;
  }
  return {
    id: a.id,
    totalSize: a.totalSize.toString(),
    freeSize: a.freeSize.toString(),
    duration: Number(a.duration),
    minPricePerBytePerSecond: a.minPricePerBytePerSecond.toString(),
    totalCollateral: a.totalCollateral.toString(),
    totalRemainingCollateral: a.totalRemainingCollateral.toString(),
    enabled: a.enabled,
    until: a.until,
    reservedBytes: reserved.toString(),
    storedBytes: stored.toString(),
    activeSlots: reservations.length,
  };
}

/** A reservation; its slot size is what it still holds plus what was written. */
export function reservationDto(r: Reservation): ReservationDto {
  return {
    id: r.id,
    availabilityId: r.availabilityId,
    size: r.size.toString(),
    slotSize: (r.size + r.writtenSize).toString(),
    releasedBytes: r.writtenSize.toString(),
    requestId: r.requestId,
    slotIndex: Number(r.slotIndex),
    validUntil: r.validUntil,
  };
}

/** The repo quota beside the disk; `chosen` says whether the operator set it. */
export function quotaDto(q: RepoQuota, chosen = false): QuotaDto {
  return {
    maxBytes: q.max.toString(),
    usedBytes: q.used.toString(),
    reservedBytes: q.reserved.toString(),
    diskFreeBytes: q.diskFree.toString(),
    diskTotalBytes: q.diskTotal.toString(),
    chosen,
  };
}

/** What only the repo and the history store know of a sale: its bytes on disk, how often it was skipped in a row. */
export interface SlotExtras {
  readonly onDiskBytes: bigint;
  readonly ignoredTimes?: number;
  readonly ignoredSince?: number;
}

const optional = <T, R>(value: T | undefined, map: (v: T) => R): R | undefined =>
  value === undefined ? undefined : map(value);

/** A sale's summary. */
export function slotDto(s: SaleRecord, extras: SlotExtras = { onDiskBytes: 0n }): SlotDto {
  const dto: SlotDto = {
    slotId: s.slotId,
    requestId: s.requestId,
    slotIndex: Number(s.slotIndex),
    state: s.state,
    slotSize: s.slotSize.toString(),
    duration: Number(s.duration),
    pricePerBytePerSecond: s.pricePerBytePerSecond.toString(),
    collateral: s.collateral.toString(),
    downloadedBytes: s.downloadedBytes.toString(),
    startedAt: s.startedAt,
    onDiskBytes: extras.onDiskBytes.toString(),
    proofs: { ...s.proofs },
  };
  const extra: Partial<SlotDto> = {
    availabilityId: s.availabilityId,
    reservationId: s.reservationId,
    endsAt: s.endsAt,
    expiresAt: s.expiresAt,
    filledAt: s.filledAt,
    endedAt: s.endedAt,
    ignoredReason: s.ignoredReason,
    ignoredTimes: extras.ignoredTimes !== undefined && extras.ignoredTimes > 1 ? extras.ignoredTimes : undefined,
    ignoredSince: extras.ignoredTimes !== undefined && extras.ignoredTimes > 1 ? extras.ignoredSince : undefined,
    error: s.error,
    payout: optional(s.payout, String),
    collateralReturned: optional(s.collateralReturned, String),
    slashed: optional(s.slashed, String),
    proofBuild: optional(s.proofBuild, (b) => ({
      count: b.count,
      lastMs: b.lastMs,
      meanMs: Math.round(b.totalMs / b.count),
    })),
  };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) Object.assign(dto, { [key]: value });
  return dto;
}

/** An outcome. */
export function outcomeDto(o: SaleOutcome): OutcomeDto {
  const dto: OutcomeDto = {
    id: o.id,
    kind: o.kind,
    at: o.at,
    slotId: o.slotId,
    requestId: o.requestId,
    slotIndex: Number(o.slotIndex),
  };
  if (o.amount !== undefined) dto.amount = o.amount.toString();
  if (o.reason !== undefined) dto.reason = o.reason;
  return dto;
}

/** The queue, highest priority first. */
export function queueDto(q: QueueSnapshot): QueueDto {
  return {
    paused: q.paused,
    sellingPaused: q.sellingPaused,
    ...(q.heldReason !== undefined ? { heldReason: q.heldReason } : {}),
    workers: q.workers,
    items: q.items.map((item) => ({
      requestId: item.requestId,
      slotIndex: Number(item.slotIndex),
      slotSize: item.slotSize.toString(),
      duration: Number(item.duration),
      pricePerBytePerSecond: item.pricePerBytePerSecond.toString(),
      collateral: item.collateral.toString(),
      expiry: item.expiry,
      seen: item.seen,
      profit: profitability(item).toString(),
    })),
  };
}

/** The market: which one, the host's account on it, its token, and its clock. */
export function marketDto(
  kind: MarketKind,
  address: string,
  token: TokenInfo,
  balances: WalletBalances,
  now: number,
  circuits?: MarketDto['circuits'],
): MarketDto {
  const dto: MarketDto = {
    kind,
    hostAddress: address,
    token: { symbol: token.symbol, decimals: token.decimals },
    balance: balances.token.toString(),
    now,
  };
  if (balances.gas !== undefined) dto.gasBalance = balances.gas.toString();
  if (circuits !== undefined) dto.circuits = circuits;
  return dto;
}

/** The data plane's node as the dashboard shows it. */
export function networkDto(r: NetworkStatusReading): NetworkDto {
  return {
    peerId: r.peerId,
    listenAddrs: [...r.listenAddrs],
    announceAddrs: [...r.announceAddrs],
    peers: r.peerCount,
    ...(r.dhtPeers !== undefined ? { dhtPeers: r.dhtPeers } : {}),
    ...(r.spr !== undefined ? { spr: r.spr } : {}),
  };
}

/** Whether proofs can be made, a circuit download's progress, and where the circuit files are. */
export function proofsDto(r: ProofReadiness, circuit?: CircuitFilesDto): ProofsDto {
  const files = circuit ? { circuit: { ...circuit } } : {};
  if (r.ready) return { ready: true, ...files };
  const { progress } = r;
  if (!progress) return { ready: false, reason: r.reason, ...files };
  const download: NonNullable<ProofsDto['download']> = {
    phase: progress.phase,
    bytesDone: String(progress.bytesDone),
  };
  if (progress.bytesTotal !== undefined) download.bytesTotal = String(progress.bytesTotal);
  return { ready: false, reason: r.reason, download, ...files };
}

/** A market's connection status for the dashboard. */
export function marketStatusDto(status: MarketStatusReading): MarketStatusDto {
  return {
    connection: status.connection,
    events: status.events,
    ...(status.head ? { headBlock: status.head.number, headTime: status.head.timestamp } : {}),
    pendingTransactions: status.pendingTransactions,
    stuckTransactions: status.stuckTransactions,
    ...(status.lastError !== undefined ? { lastError: status.lastError } : {}),
  };
}
