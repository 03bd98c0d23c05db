import { afterEach, describe, expect, it } from 'vitest';
import type { MarketEventName } from '../../../../src-main/engine/index';
import { type MarketSimulator, slotIdOf } from '../../../../src-main/market/index';
import { MARKETPLACE_ADDRESS } from '../../../../src-main/market/sim/state';
import {
  advanceToEnd,
  advanceToExpiry,
  failRequest,
  fillReservations,
  fillSlots,
  postRequest,
  proofFor,
  quietSimulator,
  reserveAndFill,
} from '../../../fakes/sim-market';

let sim: MarketSimulator;
afterEach(() => {
  expect(sim.solvency().ok).toBe(true); // the contract always covers what it owes
  sim.close();
});

const pps = 65536n; // smallAsk: price 1 × 64 KiB
const cps = 131072n; // collateralPerByte 2 × 64 KiB
const maxPrice = 4n * 3600n * pps;

function record(names: MarketEventName[]) {
  const log: string[] = [];
  for (const name of names)
    sim.events.subscribe(name, (p) => log.push(`${name}:${'slotIndex' in p ? p.slotIndex : ''}`));
  return log;
}

describe('reservations', () => {
  it('allows three hosts per slot and emits SlotReservationsFull when the third joins', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    const log = record(['SlotReservationsFull']);
    const [a] = await fillReservations(sim, id, 1n);
    await sim.clock.settle();
    expect(log).toEqual(['SlotReservationsFull:1']);
    expect(await sim.connect(sim.hostAddress).canReserveSlot(id, 1n)).toBe(false);
    await expect(sim.connect().reserveSlot(id, 1n)).rejects.toMatchObject({
      code: 'SlotReservations_ReservationNotAllowed',
    });
    expect(await sim.connect(a!).canReserveSlot(id, 0n)).toBe(true);
  });

  it('refuses a second reservation by the same host', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await sim.connect().reserveSlot(id, 0n);
    expect(await sim.connect().canReserveSlot(id, 0n)).toBe(false);
  });

  it('does not check that the request exists', async () => {
    sim = quietSimulator();
    await expect(sim.connect().reserveSlot('0x' + '42'.repeat(32), 0n)).resolves.toBeUndefined();
  });

  it('requires a reservation to fill, and keeps reservations while filled', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    const market = sim.connect();
    await expect(market.fillSlot(id, 0n, await proofFor(sim, id, 0n), cps)).rejects.toMatchObject({
      code: 'Marketplace_ReservationRequired',
    });
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    expect(sim.state.reservations.get(slotIdOf(id, 0n))).toEqual([sim.hostAddress]);
    expect(await sim.connect(sim.actor('competitor', 9)).canReserveSlot(id, 0n)).toBe(false);
  });

  it('clears every reservation when the slot is forcibly freed, so the evicted host may reserve again', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    await sim.connect(sim.actor('competitor', 7)).reserveSlot(id, 1n);
    await sim.connect().freeSlot(slotIdOf(id, 0n));
    expect(sim.state.reservations.get(slotIdOf(id, 0n))).toBeUndefined();
    expect(await sim.connect().canReserveSlot(id, 0n)).toBe(true);
  });
});

describe('fillSlot', () => {
  it('takes the full collateral and emits ProofSubmitted, SlotFilled, then RequestFulfilled on the last slot', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    const log = record(['ProofSubmitted', 'SlotFilled', 'RequestFulfilled']);
    await fillSlots(sim, id, [0n, 1n, 2n]);
    const host = sim.hostAddress;
    const before = sim.balanceOf(host);
    await reserveAndFill(sim, host, id, 3n);
    await sim.clock.settle();
    expect(sim.balanceOf(host)).toBe(before); // minted cps, deposited cps
    expect(sim.contract.currentCollateral(slotIdOf(id, 3n))).toBe(cps);
    expect(log.filter((e) => e.startsWith('SlotFilled'))).toEqual([
      'SlotFilled:0',
      'SlotFilled:1',
      'SlotFilled:2',
      'SlotFilled:3',
    ]);
    expect(log.at(-1)).toBe('RequestFulfilled:');
    expect(log.at(-3)).toBe('ProofSubmitted:');
    expect(await sim.connect().mySlots()).toEqual([slotIdOf(id, 3n)]);
    expect(await sim.connect().getHost(id, 3n)).toBe(host);
  });

  it('reverts SlotNotFree when a competitor filled the slot first', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await sim.connect().reserveSlot(id, 0n);
    await fillSlots(sim, id, [0n]);
    await expect(sim.connect().fillSlot(id, 0n, await proofFor(sim, id, 0n), cps)).rejects.toMatchObject({
      code: 'Marketplace_SlotNotFree',
    });
  });

  it('reverts SlotNotFree once the request is cancelled, and checks in the contract order', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    const market = sim.connect();
    const proof = await proofFor(sim, id, 0n);
    await expect(market.fillSlot('0x' + '00'.repeat(32), 0n, proof, cps)).rejects.toMatchObject({
      code: 'Marketplace_UnknownRequest',
    });
    await expect(market.fillSlot(id, 4n, proof, cps)).rejects.toMatchObject({ code: 'Marketplace_InvalidSlot' });
    await market.reserveSlot(id, 0n);
    await advanceToExpiry(sim, id);
    await expect(market.fillSlot(id, 0n, proof, cps)).rejects.toMatchObject({ code: 'Marketplace_SlotNotFree' });
  });

  it('rejects a proof that does not answer the current challenge', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await sim.connect().reserveSlot(id, 0n);
    const wrongSlot = await proofFor(sim, id, 1n);
    await expect(sim.connect().fillSlot(id, 0n, wrongSlot, cps)).rejects.toMatchObject({ code: 'Proofs_InvalidProof' });
    expect(sim.contract.slotState(slotIdOf(id, 0n))).toBe('Free');
  });

  it('reverts ProofAlreadySubmitted when a freed slot is refilled in the same period', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await fillSlots(sim, id, [0n]);
    await sim.connect(sim.contract.getHost(slotIdOf(id, 0n))).freeSlot(slotIdOf(id, 0n));
    await sim.connect().reserveSlot(id, 0n);
    await expect(sim.connect().fillSlot(id, 0n, await proofFor(sim, id, 0n), cps)).rejects.toMatchObject({
      code: 'Proofs_ProofAlreadySubmitted',
    });
  });

  it('needs the collateral approved and held', async () => {
    sim = quietSimulator({ hostBalance: 0n });
    const id = await postRequest(sim);
    await sim.connect().reserveSlot(id, 0n);
    await expect(sim.connect().fillSlot(id, 0n, await proofFor(sim, id, 0n), cps)).rejects.toMatchObject({
      code: 'ERC20InsufficientBalance',
    });
    sim.mint(sim.hostAddress, cps);
    sim.ledger.approve(sim.hostAddress, MARKETPLACE_ADDRESS, cps - 1n);
    const proof = await proofFor(sim, id, 0n);
    expect(() => sim.contract.fillSlot(sim.hostAddress, id, 0n, proof)).toThrow(/ERC20InsufficientAllowance/);
  });
});

// Payout tests let time pass without proving; the validator would otherwise (rightly) evict the host.
describe('payouts', () => {
  it('pays the host its full payout and collateral when the request finishes, and refunds the client the empty time', async () => {
    sim = quietSimulator({ hostBalance: 0n, validator: false });
    const id = await postRequest(sim);
    const client = sim.actor('client', 0);
    await sim.advance(100);
    await fillSlots(sim, id, [0n, 1n, 2n]);
    await reserveAndFill(sim, sim.hostAddress, id, 3n);
    const clientBefore = sim.balanceOf(client);
    await advanceToEnd(sim, id);
    const slotId = slotIdOf(id, 3n);
    expect(sim.contract.slotState(slotId)).toBe('Finished');
    await sim.connect().freeSlot(slotId);
    expect(sim.balanceOf(sim.hostAddress)).toBe((3600n - 100n) * pps + cps);
    expect(sim.contract.slotState(slotId)).toBe('Paid');
    expect(sim.state.requests.get(id)!.state).toBe('Finished');
    await expect(sim.connect().freeSlot(slotId)).rejects.toMatchObject({ code: 'Marketplace_AlreadyPaid' });
    expect(sim.balanceOf(client) - clientBefore).toBe(4n * 100n * pps); // the simulated client withdrew
    expect(await sim.connect().mySlots()).toEqual([]);
  });

  it('pays the host its partial payout and collateral when a request is cancelled', async () => {
    sim = quietSimulator({ hostBalance: 0n, validator: false });
    const id = await postRequest(sim);
    const client = sim.actor('client', 0);
    const clientBefore = sim.balanceOf(client);
    await sim.advance(50);
    await fillSlots(sim, id, [0n]);
    await reserveAndFill(sim, sim.hostAddress, id, 1n);
    await advanceToExpiry(sim, id);
    expect(sim.contract.slotState(slotIdOf(id, 1n))).toBe('Cancelled');
    await sim.connect().freeSlot(slotIdOf(id, 1n));
    expect(sim.balanceOf(sim.hostAddress)).toBe((300n - 50n) * pps + cps);
    expect(sim.balanceOf(client) - clientBefore).toBe(maxPrice - 2n * 250n * pps);
  });

  it('pays nothing on a failed request, refunds the client the whole maxPrice and emits RequestFailed', async () => {
    sim = quietSimulator({ hostBalance: 0n, validator: false });
    const id = await postRequest(sim);
    const client = sim.actor('client', 0);
    const failed = record(['RequestFailed', 'SlotFreed']);
    await fillSlots(sim, id, [0n, 1n, 2n]);
    await reserveAndFill(sim, sim.hostAddress, id, 3n);
    const clientBefore = sim.balanceOf(client);
    await failRequest(sim, id, [3n]);
    expect(failed).toEqual(['SlotFreed:0', 'SlotFreed:1', 'RequestFailed:']);
    expect(sim.contract.requestState(id)).toBe('Failed');
    expect(sim.contract.slotState(slotIdOf(id, 3n))).toBe('Failed');
    expect(sim.contract.requestEnd(id)).toBe(sim.now() - 1);
    await sim.connect().freeSlot(slotIdOf(id, 3n));
    expect(sim.balanceOf(sim.hostAddress)).toBe(0n);
    expect(await sim.connect().mySlots()).toEqual([]);
    expect(sim.balanceOf(client) - clientBefore).toBe(maxPrice);
  });

  it('forfeits the collateral of a host that abandons a filled slot, which goes to Repair', async () => {
    sim = quietSimulator({ hostBalance: 0n, validator: false });
    const id = await postRequest(sim);
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    const freed = record(['SlotFreed']);
    await sim.connect().freeSlot(slotIdOf(id, 0n));
    await sim.clock.settle();
    expect(freed).toEqual(['SlotFreed:0']);
    expect(sim.contract.slotState(slotIdOf(id, 0n))).toBe('Repair');
    expect(sim.balanceOf(sim.hostAddress)).toBe(0n);
    expect(await sim.connect().getHost(id, 0n)).toBeUndefined();
    await expect(sim.connect().freeSlot(slotIdOf(id, 0n))).rejects.toMatchObject({
      code: 'Marketplace_InvalidSlotHost',
    });
  });

  it('lets a repairing host deposit discounted collateral and get the full collateral back', async () => {
    sim = quietSimulator({ hostBalance: 0n, validator: false });
    const id = await postRequest(sim);
    await fillSlots(sim, id);
    const slotId = slotIdOf(id, 2n);
    await sim.connect(sim.contract.getHost(slotId)).freeSlot(slotId);
    await sim.advance(20);
    const discounted = cps - cps / 10n;
    expect(await sim.connect().slotCollateral(id, 2n)).toBe(discounted);
    await reserveAndFill(sim, sim.hostAddress, id, 2n);
    expect(sim.balanceOf(sim.hostAddress)).toBe(0n); // minted exactly the discounted amount
    expect(sim.contract.currentCollateral(slotId)).toBe(cps);
    await advanceToEnd(sim, id);
    await sim.connect().freeSlot(slotId);
    expect(sim.balanceOf(sim.hostAddress)).toBe((3600n - 20n) * pps + cps);
  });

  it('refuses to free a slot nobody ever filled', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await expect(sim.connect().freeSlot(slotIdOf(id, 0n))).rejects.toMatchObject({ code: 'Marketplace_SlotIsFree' });
    expect(await sim.connect().getActiveSlot(slotIdOf(id, 0n))).toBeUndefined();
  });

  it('refuses a client withdrawal before the request ends, and by anyone but the client', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await expect(sim.connect(sim.actor('client', 0)).withdrawFunds(id)).rejects.toMatchObject({
      code: 'Marketplace_InvalidState',
    });
    await expect(sim.connect().withdrawFunds(id)).rejects.toMatchObject({ code: 'Marketplace_InvalidClientAddress' });
  });
});
