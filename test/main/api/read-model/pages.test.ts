import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toApiError } from '../../../../src-main/api/errors';
import { createPages } from '../../../../src-main/api/read-model/pages';
import type { NewSale, SaleRecord } from '../../../../src-main/engine/index';
import { testId } from '../../../fakes/ids';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

let t: TestStorage;
let pages: ReturnType<typeof createPages>;
let running: SaleRecord[] = [];
const onDisk = new Map<string, bigint>();
beforeEach(() => {
  t = openTestStorage();
  running = [];
  pages = createPages({
    sales: {
      get activeAgents() {
        return running.map((sale) => ({ data: {}, record: { sale } }));
      },
    },
    repo: { slotBytesOnDisk: (slotId) => onDisk.get(slotId) ?? 0n },
    history: t.queries,
  });
});
afterEach(() => t.dispose());

const sale = (n: number, slot = n): NewSale => ({
  slotId: testId(500 + slot),
  requestId: testId(600 + slot),
  slotIndex: 0n,
  state: 'SalePreparing',
  slotSize: 1000n,
  duration: 60n,
  pricePerBytePerSecond: 1n,
  collateral: 100n,
  downloadedBytes: 0n,
  startedAt: 1000 + n,
  proofs: { required: 0, submitted: 0, missed: 0 },
});

describe('the dashboard’s pages', () => {
  it('continues where the last page ended and refuses a cursor it did not give out', () => {
    for (let n = 0; n < 5; n++) t.history.createSale(sale(n), { state: 'SalePreparing', at: n });
    const first = pages.slotsPage({ limit: 2 });
    expect(first.total).toBe(5);
    const second = pages.slotsPage({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((s) => s.startedAt)).toEqual([1002, 1001]);
    const error = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return toApiError(e);
      }
    };
    expect(error(() => pages.slotsPage({ limit: 2, cursor: 'bm9wZQ' }))).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('not a cursor this host gave out'),
    });
    expect(error(() => pages.slotsPage({ limit: 2, sort: 'payout', cursor: first.nextCursor! }))).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('another sort order'),
    });
  });

  it('shows a running sale’s live values and what is on disk; an ended sale has nothing on disk', () => {
    const live = t.history.createSale(sale(1), { state: 'SalePreparing', at: 1 });
    const ended = t.history.createSale(sale(2), { state: 'SalePreparing', at: 1 });
    t.history.saveSale({
      ...ended,
      state: 'SaleFinished',
      endedAt: 9,
      downloadedBytes: 1000n,
      reservationId: testId(902),
    });
    running = [{ ...live, state: 'SaleDownloading', downloadedBytes: 400n, reservationId: testId(901) }];
    // The repo keys slot data by reservation, never by slot id.
    onDisk.set(testId(901), 4096n);
    onDisk.set(testId(902), 4096n);
    onDisk.set(live.slotId, 1n);
    const items = pages.slotsPage({ limit: 10 }).items;
    expect(items.find((s) => s.slotId === live.slotId)).toMatchObject({
      state: 'SaleDownloading',
      downloadedBytes: '400',
      onDiskBytes: '4096',
    });
    expect(items.find((s) => s.slotId === ended.slotId)).toMatchObject({ onDiskBytes: '0' });
  });

  it('shows every sale of a slot: an earlier slashed sale stays in its story', () => {
    const lost = t.history.createSale(sale(1, 7), { state: 'SalePreparing', at: 1 });
    t.history.saveSale(
      { ...lost, state: 'SaleErrored', endedAt: 5, slashed: 60n, proofs: { required: 3, submitted: 1, missed: 2 } },
      { step: { state: 'SaleErrored', at: 5, note: 'Slot was forcibly freed' } },
    );
    const again = t.history.createSale(sale(2, 7), { state: 'SalePreparing', at: 6 });
    const detail = pages.slot(again.slotId)!;
    expect(detail.startedAt).toBe(again.startedAt);
    expect(detail.history).toEqual([{ state: 'SalePreparing', at: 6 }]);
    expect(detail.earlier).toEqual([
      expect.objectContaining({
        state: 'SaleErrored',
        slashed: '60',
        proofs: { required: 3, submitted: 1, missed: 2 },
        history: [
          { state: 'SalePreparing', at: 1 },
          { state: 'SaleErrored', at: 5, note: 'Slot was forcibly freed' },
        ],
      }),
    ]);
    expect(pages.slot(testId(999))).toBeUndefined();
  });

  it('filters slots by phase and state together', () => {
    const a = t.history.createSale(sale(1), { state: 'SalePreparing', at: 1 });
    t.history.saveSale({ ...a, state: 'SaleFinished', endedAt: 2 });
    t.history.createSale(sale(2), { state: 'SalePreparing', at: 1 });
    expect(pages.slotsPage({ phase: 'ended' }).total).toBe(1);
    expect(pages.slotsPage({ phase: 'starting' }).total).toBe(1);
    expect(pages.slotsPage({ phase: 'starting', state: 'SaleFinished' }).total).toBe(0);
    expect(pages.slotsPage({ phase: 'ended', state: 'SaleFinished' }).total).toBe(1);
  });
});
