// Every target of docs/reference/marketplace.md §7.3, reached through the scenario helpers and read back
// through the Market port, the way the sales engine will see it.
import { afterEach, describe, expect, it } from 'vitest';
import { type MarketSimulator, slotIdOf } from '../../../../src-main/market/index';
import {
  advanceToEnd,
  advanceToExpiry,
  failRequest,
  fillReservations,
  fillSlots,
  missProofs,
  postRequest,
  readSlot,
  proofFor,
  quietSimulator,
  reserveAndFill,
} from '../../../fakes/sim-market';

let sim: MarketSimulator;
afterEach(() => {
  expect(sim.solvency().ok).toBe(true);
  sim.close();
});

describe('scenario matrix (§7.3)', () => {
  it('reservations full: the host can no longer reserve', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await fillReservations(sim, id, 0n);
    expect(await sim.connect().canReserveSlot(id, 0n)).toBe(false);
  });

  it('a slot filled by someone else: the host reads another host and fillSlot reverts SlotNotFree', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    const market = sim.connect();
    await market.reserveSlot(id, 1n);
    await fillSlots(sim, id, [1n]);
    expect(await market.getHost(id, 1n)).not.toBe(sim.hostAddress);
    await expect(
      market.fillSlot(id, 1n, proofFor(sim, id, 1n), await market.slotCollateral(id, 1n)),
    ).rejects.toMatchObject({
      code: 'Marketplace_SlotNotFree',
    });
  });

  it('fill, prove, get paid: SlotFilled, RequestFulfilled, then Finished and Paid', async () => {
    sim = quietSimulator({ validator: false });
    const id = await postRequest(sim);
    const market = sim.connect();
    await fillSlots(sim, id, [1n, 2n, 3n]);
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    const slotId = market.slotId(id, 0n);
    expect(await market.getActiveSlot(slotId)).toEqual({ request: await market.getRequest(id), slotIndex: 0n });
    await advanceToEnd(sim, id);
    expect(await market.slotState(slotId)).toBe('Finished');
    await market.freeSlot(slotId);
    expect(await market.slotState(slotId)).toBe('Paid');
  });

  it('proofs missed, then the slot freed: collateral drops, the validator is paid, then Repair', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await fillSlots(sim, id);
    const slotId = slotIdOf(id, 3n);
    await missProofs(sim, slotId, 1);
    expect(await sim.connect().missingProofs(slotId)).toBe(1);
    expect(await sim.connect().currentCollateral(slotId)).toBeLessThan(16384n);
    await missProofs(sim, slotId, 1);
    expect(await sim.connect().slotState(slotId)).toBe('Repair');
    expect(sim.contract.requestState(id)).toBe('Started'); // one lost slot is within maxSlotLoss
  });

  it('repair fill: the host refills a freed slot for the discounted collateral', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await fillSlots(sim, id);
    await sim.connect(sim.contract.getHost(slotIdOf(id, 0n))).freeSlot(slotIdOf(id, 0n));
    expect(await sim.connect().slotCollateral(id, 0n)).toBe(16384n - 1638n);
    await sim.advance(10); // a proof per slot and period: the refill's proof belongs to a new period
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    expect(await sim.connect().getHost(id, 0n)).toBe(sim.hostAddress);
  });

  it('cancelled: fewer slots than asked by expiry, the host collects the partial payout', async () => {
    sim = quietSimulator({ validator: false });
    const id = await postRequest(sim);
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    await advanceToExpiry(sim, id);
    expect(await sim.connect().requestState(id)).toBe('Cancelled');
    const before = sim.hostAccount().balance;
    await sim.connect().freeSlot(slotIdOf(id, 0n));
    expect(sim.hostAccount().balance - before).toBe(300n * 8192n + 16384n);
  });

  it('failed: more than maxSlotLoss other slots freed, the host frees for nothing', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await fillSlots(sim, id, [1n, 2n, 3n]);
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    await failRequest(sim, id, [0n]);
    expect(await sim.connect().slotState(slotIdOf(id, 0n))).toBe('Failed');
    const before = sim.hostAccount().balance;
    await sim.connect().freeSlot(slotIdOf(id, 0n));
    expect(sim.hostAccount().balance).toBe(before);
  });

  it('purchase errored: requestStorage reverts for a duration beyond the limit', async () => {
    sim = quietSimulator();
    await expect(postRequest(sim, { duration: 31n * 24n * 3600n })).rejects.toMatchObject({
      code: 'Marketplace_DurationExceedsLimit',
    });
  });
});

describe('devnet helpers', () => {
  it('post a request with Codex ask fields and expiry, and describe it with its slots', async () => {
    sim = quietSimulator();
    const id = await sim.postRequest({ ask: { slots: 2n, slotSize: 4096n, duration: 600n }, expiry: 60n });
    await fillSlots(sim, id, [1n]);
    expect(sim.requestSummary(id)).toEqual({
      state: 'New',
      slots: [
        { slotIndex: 0, state: 'Free', host: null },
        { slotIndex: 1, state: 'Filled', host: sim.contract.getHost(slotIdOf(id, 1n)) },
      ],
    });
    expect(sim.requestSummary('0x' + '00'.repeat(32))).toBeUndefined();
    expect(sim.hostAccount()).toEqual({ address: sim.hostAddress, balance: 10n ** 24n });
    expect(await sim.advance(30)).toBe(sim.now());
  });

  it('expose the configuration through the Market port', async () => {
    sim = quietSimulator();
    const market = sim.connect();
    expect(await market.periodicity()).toEqual({ seconds: 10 });
    expect(await market.proofTimeout()).toBe(5);
    expect(await market.proofDowntime()).toBe(64);
    expect(await market.repairRewardPercentage()).toBe(10);
    expect(await market.requestDurationLimit()).toBe(30 * 24 * 3600);
    expect(await market.zkeyHash()).toBe('');
    expect((await market.configuration()).reservations.maxReservations).toBe(3);
    expect(await market.getSigner()).toBe(sim.hostAddress);
  });

  it('refuse a configuration the contract constructor would reject', () => {
    expect(() => quietSimulator({ configOverrides: { collateral: { slashPercentage: 60 } } })).toThrow(
      /Marketplace_MaximumSlashingTooHigh/,
    );
    expect(() => quietSimulator({ configOverrides: { proofs: { period: 0 } } })).toThrow(
      /Periods_InvalidSecondsPerPeriod/,
    );
    sim = quietSimulator();
  });
});

describe('a host built on the engine', () => {
  it('downloads a slot block by block, builds its proof with the host proof scheme, and fills the slot', async () => {
    const { SlotTree, buildStorageProof, defaultProofParams } =
      await import('../../../../src-main/proofs/sha256-merkle/index');
    sim = quietSimulator();
    const id = await postRequest(sim, { slotSize: 100_000n }); // 49 cells, the last one short
    const market = sim.connect();
    await market.reserveSlot(id, 2n);
    const bytes = await readSlot(sim, id, 2n);
    const tree = SlotTree.fromData(bytes);
    const cell = defaultProofParams.cellSize;
    const proof = buildStorageProof({
      challenge: await market.getChallenge(slotIdOf(id, 2n)),
      slotIndex: 2,
      slotRoots: await sim.content.slotRoots(id),
      tree,
      readCell: (i) => bytes.subarray(i * cell, Math.min((i + 1) * cell, bytes.length)),
    });
    await market.fillSlot(id, 2n, proof, await market.slotCollateral(id, 2n));
    expect(await market.getHost(id, 2n)).toBe(sim.hostAddress);
  });
});
