// Builders for big, plausible data sets in renderer tests.
import type { ReservationDto, SlotDetailDto, SlotDto } from '../../../src-main/api/dto';
import { FakeSalesSource } from '../../fakes/sales-source';

const GiB = 2n ** 30n;
/** A 32-byte hex id from a number. */
export const hexId = (n: number) => '0x' + n.toString(16).padStart(64, '0');
/** The demo availability's id. */
export const demoAvailability = hexId(9001);

/** `count` reservations across two availabilities, sizes and dates varying with the index. */
export function reservations(count: number): ReservationDto[] {
  return Array.from({ length: count }, (_, i) => ({
    id: hexId(1_000_000 + i),
    availabilityId: i % 2 === 0 ? demoAvailability : hexId(9002),
    size: String(BigInt(i % 7) * GiB),
    slotSize: String(8n * GiB),
    releasedBytes: String(BigInt(8 - (i % 7)) * GiB),
    requestId: hexId(2_000_000 + i),
    slotIndex: i % 4,
    validUntil: 1_790_000_000 + ((i * 7919) % 10_000) * 60,
  }));
}

const states: SlotDto['state'][] = ['SaleDownloading', 'SaleProving', 'SaleFilled', 'SaleFinished', 'SaleIgnored'];

/** `count` slots cycling through a few states. */
export function slots(count: number): SlotDetailDto[] {
  return Array.from({ length: count }, (_, i) => ({
    slotId: hexId(3_000_000 + i),
    requestId: hexId(4_000_000 + i),
    slotIndex: i % 4,
    state: states[i % states.length]!,
    slotSize: String(BigInt(1 + (i % 9)) * GiB),
    duration: 86_400,
    pricePerBytePerSecond: '1000',
    collateral: '1000',
    availabilityId: demoAvailability,
    downloadedBytes: String(GiB / 2n),
    startedAt: 1_790_000_000 - i,
    endsAt: 1_790_086_400 + i,
    onDiskBytes: String(GiB / 2n),
    proofs: { required: i % 5, submitted: i % 5, missed: 0 },
    history: [{ state: 'SalePreparing', at: 1_790_000_000 - i }],
    earlier: [],
  }));
}

/** The demo node plus extra reservations and slots. */
export function bigSource(options: { reservations?: number; slots?: number }): FakeSalesSource {
  const source = new FakeSalesSource().withDemoData();
  for (const r of reservations(options.reservations ?? 0)) source.reservationMap.set(r.id, r);
  for (const s of slots(options.slots ?? 0)) source.slotMap.set(s.slotId, s);
  return source;
}
