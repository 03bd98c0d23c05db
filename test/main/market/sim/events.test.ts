import { afterEach, describe, expect, it } from 'vitest';
import type { MarketEventName } from '../../../../src-main/engine/index';
import { MarketEventNames } from '../../../../src-main/engine/index';
import { type MarketSimulator, slotIdOf } from '../../../../src-main/market/index';
import { advanceToEnd, advanceToExpiry, fillSlots, postRequest, quietSimulator } from '../../../fakes/sim-market';

let sim: MarketSimulator;
afterEach(() => sim?.close());

function recordAll() {
  const log: MarketEventName[] = [];
  for (const name of MarketEventNames) sim.events.subscribe(name, () => log.push(name));
  return log;
}

describe('market events', () => {
  it('lists exactly the contract eight', () => {
    expect([...MarketEventNames].sort()).toEqual(
      [
        'ProofSubmitted',
        'RequestCancelled',
        'RequestFailed',
        'RequestFulfilled',
        'SlotFilled',
        'SlotFreed',
        'SlotReservationsFull',
        'StorageRequested',
      ].sort(),
    );
  });

  it('delivers a transaction events after the transaction returns, not during it', async () => {
    sim = quietSimulator();
    const log = recordAll();
    const id = await postRequest(sim);
    expect(log).toEqual([]);
    await sim.clock.settle();
    expect(log).toEqual(['StorageRequested']);
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('emits nothing when a request finishes or expires: those are learned from time', async () => {
    sim = quietSimulator({ validator: false });
    const started = await postRequest(sim);
    await fillSlots(sim, started);
    const unfilled = await postRequest(sim, { duration: 7200n });
    await sim.clock.settle();
    const log = recordAll();
    sim.clients.setRate(0);
    await sim.clock.advanceTo(sim.contract.requestExpiry(unfilled) - 1);
    const before = log.filter((e) => e !== 'ProofSubmitted').length;
    await advanceToEnd(sim, started);
    expect(sim.contract.requestState(started)).toBe('Finished');
    expect(sim.contract.requestState(unfilled)).toBe('Cancelled');
    // The only non-proof event is the cancelled request's client withdrawing (RequestCancelled).
    expect(log.filter((e) => e !== 'ProofSubmitted').slice(before)).toEqual(['RequestCancelled']);
  });

  it('stops calling a handler once unsubscribed', async () => {
    sim = quietSimulator();
    const seen: string[] = [];
    const sub = sim.connect().subscribe('StorageRequested', (e) => seen.push(e.requestId));
    const a = await postRequest(sim);
    await sim.clock.settle();
    sub.unsubscribe();
    sub.unsubscribe();
    await postRequest(sim);
    await sim.clock.settle();
    expect(seen).toEqual([a]);
  });

  it('narrows a subscription to one request and slot', async () => {
    sim = quietSimulator();
    const a = await postRequest(sim);
    const b = await postRequest(sim);
    const seen: string[] = [];
    sim.connect().subscribe('SlotFilled', (e) => seen.push(`${e.requestId === a ? 'a' : 'b'}${e.slotIndex}`), {
      requestId: a,
      slotIndex: 1n,
    });
    await fillSlots(sim, a, [0n, 1n]);
    await fillSlots(sim, b, [1n]);
    await sim.clock.settle();
    expect(seen).toEqual(['a1']);
  });

  it('keeps delivering to other handlers when one throws, and reports the error', async () => {
    const errors: string[] = [];
    sim = quietSimulator({ logger: { debug() {}, info() {}, warn() {}, error: (m) => errors.push(m) } });
    const seen: string[] = [];
    sim.events.subscribe('StorageRequested', () => {
      throw new Error('boom');
    });
    sim.events.subscribe('StorageRequested', (e) => seen.push(e.requestId));
    const id = await postRequest(sim);
    await sim.clock.settle();
    expect(seen).toEqual([id]);
    expect(errors).toEqual(['market event handler for StorageRequested threw']);
  });

  it('answers history queries for SlotFilled and StorageRequested', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    const fromBlock = sim.clock.blockNumber();
    await sim.advance(10);
    await fillSlots(sim, id, [2n]);
    const market = sim.connect();
    expect((await market.queryPastStorageRequestedEvents({ fromBlock })).map((e) => e.requestId)).toEqual([id]);
    expect(await market.queryPastSlotFilledEvents({ blocksAgo: 1 })).toEqual([
      expect.objectContaining({
        requestId: id,
        slotIndex: 2n,
        blockNumber: sim.clock.blockNumber(),
        timestamp: sim.now(),
      }),
    ]);
    expect(await market.queryPastSlotFilledEvents({ fromTime: sim.now() + 1 })).toEqual([]);
    expect(slotIdOf(id, 2n)).toBe(market.slotId(id, 2n));
  });

  it('emits RequestCancelled only when the client withdraws', async () => {
    sim = quietSimulator();
    const log = recordAll();
    const client = sim.actor('client', 5);
    sim.mint(client, 10n ** 18n);
    const id = await sim.connect(client).requestStorage({
      client,
      ask: {
        proofProbability: 1n,
        pricePerBytePerSecond: 1n,
        collateralPerByte: 1n,
        slots: 1n,
        slotSize: 65536n,
        duration: 100n,
        maxSlotLoss: 0n,
      },
      content: { cid: '0x01', merkleRoot: '0x' + '00'.repeat(32) },
      expiry: 10n,
      nonce: '0x' + '07'.repeat(32),
    });
    await advanceToExpiry(sim, id);
    expect(log).toEqual(['StorageRequested']);
    await sim.connect(client).withdrawFunds(id);
    await sim.clock.settle();
    expect(log).toEqual(['StorageRequested', 'RequestCancelled']);
  });
});
