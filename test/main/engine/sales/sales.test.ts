import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UntilOutOfBoundsError, type SlotQueueItem } from '../../../../src-main/engine/index';
import { always as keepsHolding, eventually as settleUntil } from '../../../fakes/eventually';
import { salesAvailability, salesFixture, salesRequest, type SalesFixture } from '../../../fakes/sales-fixture';

let f: SalesFixture;
beforeEach(async () => {
  f = await salesFixture();
});
afterEach(() => f.dispose());

const eventually = (condition: () => boolean) => settleUntil(condition, () => f.settle());
const always = (condition: () => boolean) => keepsHolding(condition, () => f.settle());

function recordProcessed(hold = false): { processed: SlotQueueItem[]; release: () => void } {
  const processed: SlotQueueItem[] = [];
  const releases: (() => void)[] = [];
  f.sales.queue.onProcessSlot = async (item, signal) => {
    processed.push(item);
    if (hold)
      await new Promise<void>((resolve) => (releases.push(resolve), signal.addEventListener('abort', () => resolve())));
  };
  return { processed, release: () => releases.splice(0).forEach((r) => r()) };
}

/** Three held workers, then request1's four slots waiting behind them. */
async function addRequestToSaturatedQueue(): Promise<{
  processed: SlotQueueItem[];
  release: () => void;
  request1: string;
}> {
  const recorder = recordProcessed(true);
  f.sales.createAvailability(salesAvailability());
  for (let n = 10; n < 13; n++) await f.market.requestStorage(salesRequest(n, { slots: 1n }));
  await eventually(() => recorder.processed.length === 3);
  const request1 = await f.market.requestStorage(salesRequest(2, { collateralPerByte: 2n }));
  await eventually(() => f.sales.queue.length === 4);
  return { ...recorder, request1 };
}

function wasIgnored(availabilityId: string): Promise<void> {
  return always(() => {
    const a = f.reservations.getAvailability(availabilityId);
    return a.freeSize === a.totalSize && f.reservations.listReservations().length === 0;
  });
}

describe('Sales', () => {
  it("processes all request's slots once StorageRequested emitted", async () => {
    const { processed } = recordProcessed();
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await eventually(() => processed.length === 4);
    expect(processed.map((i) => i.slotIndex).sort()).toEqual([0n, 1n, 2n, 3n]);
    expect(processed.every((i) => i.requestId === f.requestId && i.collateral === 100n)).toBe(true);
  });

  it.each([
    ['RequestCancelled', (id: string) => f.market.emit('RequestCancelled', { requestId: id })],
    ['RequestFailed', (id: string) => f.market.emit('RequestFailed', { requestId: id })],
    ['RequestFulfilled', (id: string) => f.market.emit('RequestFulfilled', { requestId: id })],
  ] as const)('removes the request from the slot queue once %s emitted', async (_name, emit) => {
    const { processed, release, request1 } = await addRequestToSaturatedQueue();
    emit(request1);
    expect(f.sales.queue.length).toBe(0);
    release();
    await always(() => !processed.some((i) => i.requestId === request1));
  });

  it('removes slot index from slot queue once SlotFilled emitted', async () => {
    const { processed, release, request1 } = await addRequestToSaturatedQueue();
    f.market.emit('SlotFilled', { requestId: request1, slotIndex: 1n });
    release();
    await eventually(() => processed.filter((i) => i.requestId === request1).length === 3);
    expect(processed.some((i) => i.requestId === request1 && i.slotIndex === 1n)).toBe(false);
  });

  it('removes slot index from slot queue once SlotReservationsFull emitted', async () => {
    const { processed, release, request1 } = await addRequestToSaturatedQueue();
    f.market.emit('SlotReservationsFull', { requestId: request1, slotIndex: 1n });
    release();
    await eventually(() => processed.filter((i) => i.requestId === request1).length === 3);
    expect(processed.some((i) => i.requestId === request1 && i.slotIndex === 1n)).toBe(false);
  });

  it('ignores slot events whose index is out of range (checked before any narrowing)', async () => {
    const { release, request1 } = await addRequestToSaturatedQueue();
    f.market.emit('SlotFilled', { requestId: request1, slotIndex: 65_536n + 1n });
    f.market.emit('SlotReservationsFull', { requestId: request1, slotIndex: 65_537n });
    expect(f.sales.queue.length).toBe(4);
    release();
  });

  it('adds slot index to slot queue once SlotFreed emitted, with the repair-discounted collateral', async () => {
    const { processed } = recordProcessed();
    f.sales.createAvailability(salesAvailability());
    f.market.requested.push(f.request);
    f.market.requestExpiry.set(f.requestId, 1_700_000_060);
    f.market.emit('SlotFreed', { requestId: f.requestId, slotIndex: 2n });
    await eventually(() => processed.length === 1);
    expect(processed[0]).toMatchObject({
      requestId: f.requestId,
      slotIndex: 2n,
      collateral: 90n,
      expiry: 1_700_000_060,
    });
  });

  it('items in queue are readded (and marked seen) once ignored', async () => {
    await f.market.requestStorage(f.request);
    await eventually(() => f.sales.queue.paused && f.sales.queue.length === 4);
    expect(f.sales.queue.items().every((i) => i.seen)).toBe(true);
  });

  it('queue is paused once availability is insufficient to service slots in queue', async () => {
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await eventually(() => f.sales.queue.paused && f.sales.queue.length === 3);
    expect(f.sales.queue.items().every((i) => i.seen)).toBe(true);
  });

  it('availability size is reduced by request slot size when fully downloaded', async () => {
    const availability = f.sales.createAvailability(salesAvailability());
    f.hooks.store = async (_input, onBatch) => {
      for (let i = 0; i < 100; i++) onBatch(1n, []);
    };
    await f.market.requestStorage(f.request);
    await eventually(() => f.sales.activeAgents.some((a) => a.state() === 'SaleInitialProving'));
    expect(f.reservations.getAvailability(availability.id).freeSize).toBe(0n);
    expect(f.reservations.listReservations()[0]).toMatchObject({ size: 0n, writtenSize: 100n });
  });

  it('bytes are returned to availability once finished', async () => {
    const availability = f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await f.allowRequestToStart();
    await eventually(() => f.calls.sales.length === 1);
    f.sales.updateAvailability(availability.id, { enabled: false });
    const [slot] = f.calls.sales;
    f.market.slotStates.set(f.market.slotId(f.requestId, slot!.slotIndex), 'Finished');
    await f.clock.advanceTime(Number(f.request.ask.duration));
    await eventually(() => f.reservations.getAvailability(availability.id).freeSize === 100n);
    expect(f.reservations.getAvailability(availability.id).totalRemainingCollateral).toBe(100n);
  });

  it('ignores download when duration not long enough', async () => {
    const a = f.sales.createAvailability(salesAvailability({ duration: 59n }));
    await f.market.requestStorage(f.request);
    await wasIgnored(a.id);
  });

  it('ignores request when slot size is too small', async () => {
    const a = f.sales.createAvailability(salesAvailability({ totalSize: 99n }));
    await f.market.requestStorage(f.request);
    await wasIgnored(a.id);
  });

  it('ignores request when reward is too low', async () => {
    const a = f.sales.createAvailability(salesAvailability({ minPricePerBytePerSecond: 2n }));
    await f.market.requestStorage(f.request);
    await wasIgnored(a.id);
  });

  it('ignores request when asked collateral is too high', async () => {
    const a = f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(salesRequest(1, { collateralPerByte: 2n }));
    await wasIgnored(a.id);
  });

  it('ignores request when slot state is not free', async () => {
    const a = f.sales.createAvailability(salesAvailability());
    for (let i = 0n; i < 4n; i++) f.market.slotStates.set(f.market.slotId(f.requestId, i), 'Filled');
    await f.market.requestStorage(f.request);
    await wasIgnored(a.id);
  });

  it('ignores request when availability is not enabled', async () => {
    const a = f.sales.createAvailability(salesAvailability({ enabled: false }));
    await f.market.requestStorage(f.request);
    await wasIgnored(a.id);
  });

  it('ignores request when availability until terminates before the duration', async () => {
    const a = f.sales.createAvailability(salesAvailability({ until: f.clock.now() }));
    await f.market.requestStorage(f.request);
    await wasIgnored(a.id);
  });

  it('records why each ignored slot was not taken', async () => {
    f.sales.createAvailability(salesAvailability({ minPricePerBytePerSecond: 2n }));
    await f.market.requestStorage(f.request);
    await eventually(() => f.sales.sales({ ended: true }).length >= 4);
    expect(new Set(f.sales.sales({ ended: true }).map((s) => s.ignoredReason))).toEqual(new Set(['price-too-low']));
  });

  it('retrieves request when availability until terminates after the duration', async () => {
    f.sales.createAvailability(salesAvailability({ until: f.clock.now() + 61 }));
    await f.market.requestStorage(f.request);
    await eventually(() => f.calls.stores.length === 1);
    expect(f.calls.stores[0]!.request).toEqual(f.request);
  });

  it('retrieves and stores data locally', async () => {
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await eventually(() => f.calls.stores.length === 1);
    expect(f.calls.stores[0]).toMatchObject({ requestId: f.requestId, request: f.request });
    expect(f.calls.stores[0]!.slotIndex).toBeLessThan(4n);
  });

  it('makes storage available again when data retrieval fails', async () => {
    const a = f.sales.createAvailability(salesAvailability());
    f.hooks.store = async () => Promise.reject(new Error('content unavailable'));
    // One slot: with more, the room given back is at once taken by the next slot, which fails too.
    await f.market.requestStorage(salesRequest(1, { slots: 1n }));
    await eventually(() => f.sales.sales({ ended: true }).some((s) => s.state === 'SaleErrored'));
    expect(f.reservations.getAvailability(a.id)).toMatchObject({ freeSize: 100n, totalRemainingCollateral: 100n });
  });

  it('generates proof of storage', async () => {
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await f.allowRequestToStart();
    await eventually(() => f.calls.proves.length >= 1);
    expect(f.calls.proves[0]).toMatchObject({ requestId: f.requestId });
  });

  it('fills a slot', async () => {
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await f.allowRequestToStart();
    await eventually(() => f.market.filled.length === 1);
    expect(f.market.filled[0]).toMatchObject({ requestId: f.requestId, proof: f.proof, host: f.market.signer });
  });

  it('calls onFilled when slot is filled', async () => {
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await f.allowRequestToStart();
    await eventually(() => f.calls.sales.length === 1);
    expect(f.calls.sales[0]!.request).toEqual(f.request);
  });

  it('calls onClear when storage becomes available again', async () => {
    f.sales.createAvailability(salesAvailability());
    f.hooks.prove = async () => Promise.reject(new Error('prover down'));
    await f.market.requestStorage(f.request);
    await f.allowRequestToStart();
    await eventually(() => f.calls.clears.length === 1);
    expect(f.calls.clears[0]!.request).toEqual(f.request);
  });

  it('makes storage available again when other host fills the slot', async () => {
    const a = f.sales.createAvailability(salesAvailability());
    f.hooks.store = (_input, _onBatch, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    await f.market.requestStorage(f.request);
    await eventually(() => f.calls.stores.length === 0 && f.reservations.listReservations().length === 1);
    for (let i = 0n; i < 4n; i++) f.market.fill(f.requestId, i, '0x' + 'bb'.repeat(20));
    await eventually(() => f.reservations.listReservations().length === 0);
    expect(f.reservations.listAvailabilities()).toEqual([f.reservations.getAvailability(a.id)]);
    expect(f.reservations.getAvailability(a.id)).toMatchObject({ freeSize: 100n, totalRemainingCollateral: 100n });
    expect(f.sales.sales({ ended: true }).find((s) => s.state === 'SaleErrored')?.ignoredReason).toBe(
      'slot-filled-by-other',
    );
  });

  it('makes storage available again when request expires', async () => {
    const a = f.sales.createAvailability(salesAvailability());
    f.hooks.store = (_input, _onBatch, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const request = salesRequest(1, { slots: 1n });
    const requestId = await f.market.requestStorage(request);
    await eventually(() => f.reservations.listReservations().length === 1);
    f.market.requestStates.set(requestId, 'Cancelled');
    await f.clock.advanceTo(f.market.requestExpiry.get(requestId)! + 1);
    await eventually(() => f.reservations.getAvailability(a.id).freeSize === 100n);
    expect(f.reservations.getAvailability(a.id).totalRemainingCollateral).toBe(100n);
  });

  it('verifies that request is indeed expired from onchain before firing onCancelled', async () => {
    const a = f.sales.createAvailability(salesAvailability());
    f.hooks.store = (_input, _onBatch, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const request = salesRequest(1, { slots: 1n });
    await f.market.requestStorage(request);
    const requestId = f.market.requestId(request);
    f.market.requestStates.set(requestId, 'New');
    await eventually(() => f.reservations.listReservations().length === 1);
    await f.clock.advanceTo(f.market.requestExpiry.get(requestId)! + 1);
    await always(() => f.reservations.getAvailability(a.id).freeSize === 0n);
    f.market.requestStates.set(requestId, 'Cancelled');
    await f.clock.advanceTime(2);
    await eventually(() => f.reservations.getAvailability(a.id).freeSize === 100n);
  });

  it('update an availability fails when trying change the until date before an existing reservation', async () => {
    const a = f.sales.createAvailability(salesAvailability({ until: f.clock.now() + 300 }));
    await f.market.requestStorage(f.request);
    await eventually(() => f.reservations.listReservations().length === 1);
    expect(() => f.sales.updateAvailability(a.id, { until: f.clock.now() })).toThrow(UntilOutOfBoundsError);
  });
});
