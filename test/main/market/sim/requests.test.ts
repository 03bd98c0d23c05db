import { afterEach, describe, expect, it } from 'vitest';
import { type MarketEvents, type StorageRequest } from '../../../../src-main/engine/index';
import { type MarketSimulator } from '../../../../src-main/market/index';
import { MARKETPLACE_ADDRESS } from '../../../../src-main/market/sim/state';
import { actorAddress } from '../../../../src-main/market/sim/accounts';
import { chainSeedOf } from '../../../../src-main/market/sim/proving';
import {
  advanceToEnd,
  advanceToExpiry,
  fillSlots,
  postRequest,
  quietSimulator,
  smallAsk,
} from '../../../fakes/sim-market';

let sim: MarketSimulator;
afterEach(() => sim?.close());

const client = () => actorAddress(chainSeedOf(1), 'client', 0);
function request(overrides: Partial<StorageRequest> = {}, ask: Partial<StorageRequest['ask']> = {}): StorageRequest {
  return {
    client: client(),
    ask: { ...smallAsk, ...ask },
    content: { cid: '0x0170', merkleRoot: '0x' + '00'.repeat(32) },
    expiry: 300n,
    nonce: '0x' + '01'.repeat(32),
    ...overrides,
  };
}
async function post(r: StorageRequest, sender = client()) {
  sim.mint(sender, 10n ** 18n);
  return sim.connect(sender).requestStorage(r);
}

describe('requestStorage', () => {
  it('escrows maxPrice from the client and emits StorageRequested with the absolute expiry', async () => {
    sim = quietSimulator();
    const seen: MarketEvents['StorageRequested'][] = [];
    sim.events.subscribe('StorageRequested', (e) => seen.push(e));
    const before = sim.balanceOf(client());
    const id = await post(request());
    const maxPrice = 4n * 3600n * 1n * 65536n;
    expect(sim.balanceOf(client())).toBe(before + 10n ** 18n - maxPrice);
    expect(sim.balanceOf(MARKETPLACE_ADDRESS)).toBe(maxPrice);
    expect(seen).toEqual([]); // delivered asynchronously, after the transaction
    await sim.clock.settle();
    expect(seen).toEqual([{ requestId: id, ask: request().ask, expiry: sim.now() + 300 }]);
    expect((await sim.connect(client()).getRequest(id))?.expiry).toBe(300n); // relative in the request
    expect(await sim.connect(client()).requestExpiresAt(id)).toBe(sim.now() + 300);
    expect(await sim.connect(client()).myRequests()).toEqual([id]);
  });

  it.each([
    ['Marketplace_InvalidClientAddress', request({ client: '0x' + '99'.repeat(20) })],
    ['Marketplace_InvalidExpiry', request({ expiry: 0n })],
    ['Marketplace_InvalidExpiry', request({ expiry: 3600n })],
    ['Marketplace_InvalidExpiry', request({ expiry: 10n }, { slots: 0n, duration: 0n })], // expiry is checked first
    ['Marketplace_InsufficientSlots', request({}, { slots: 0n, maxSlotLoss: 0n })],
    ['Marketplace_InvalidMaxSlotLoss', request({}, { maxSlotLoss: 5n })],
    ['Marketplace_InsufficientProofProbability', request({}, { proofProbability: 0n, collateralPerByte: 0n })],
    ['Marketplace_InsufficientCollateral', request({}, { collateralPerByte: 0n, pricePerBytePerSecond: 0n })],
    ['Marketplace_InsufficientReward', request({}, { pricePerBytePerSecond: 0n })],
    ['Marketplace_InvalidCid', request({ content: { cid: '0x', merkleRoot: '0x' + '00'.repeat(32) } })],
    ['Marketplace_DurationExceedsLimit', request({ expiry: 100n }, { duration: 30n * 24n * 3600n + 1n })],
  ])('reverts with %s, checking in the contract order', async (code, r) => {
    sim = quietSimulator();
    await expect(post(r)).rejects.toMatchObject({ code });
    expect(sim.balanceOf(MARKETPLACE_ADDRESS)).toBe(0n);
    expect(sim.state.requests.size).toBe(0);
  });

  it('rejects the same request twice', async () => {
    sim = quietSimulator();
    await post(request());
    await expect(post(request())).rejects.toMatchObject({ code: 'Marketplace_RequestAlreadyExists' });
  });

  it('needs an allowance and a balance, and changes nothing when the transfer fails', async () => {
    sim = quietSimulator();
    const poor = sim.actor('client', 3);
    await expect(sim.connect(poor).requestStorage(request({ client: poor }))).rejects.toMatchObject({
      code: 'ERC20InsufficientBalance',
    });
    const rich = sim.actor('client', 4);
    sim.mint(rich, 10n ** 18n);
    expect(() => sim.contract.requestStorage(rich, request({ client: rich }))).toThrow(/ERC20InsufficientAllowance/);
    expect(await sim.connect(poor).myRequests()).toEqual([]);
  });
});

describe('request state derivation', () => {
  it('reads Cancelled only strictly after expiry, and stores nothing until the client withdraws', async () => {
    sim = quietSimulator();
    const id = await post(request());
    const expiresAt = sim.contract.requestExpiry(id);
    await sim.clock.advanceTo(expiresAt);
    expect(sim.contract.requestState(id)).toBe('New');
    await sim.clock.advanceTo(expiresAt + 1);
    expect(sim.contract.requestState(id)).toBe('Cancelled');
    expect(sim.state.requests.get(id)!.state).toBe('New');
    expect(sim.contract.requestEnd(id)).toBe(expiresAt);
  });

  it('reads Started when the last slot fills and Finished strictly after the end', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await fillSlots(sim, id);
    expect(sim.contract.requestState(id)).toBe('Started');
    const endsAt = sim.state.requests.get(id)!.endsAt;
    expect(sim.contract.requestEnd(id)).toBe(endsAt);
    await sim.clock.advanceTo(endsAt);
    expect(sim.contract.requestState(id)).toBe('Started');
    await advanceToEnd(sim, id);
    expect(sim.contract.requestState(id)).toBe('Finished');
    expect(sim.contract.requestEnd(id)).toBe(endsAt);
  });

  it('answers undefined for an unknown request and UnknownRequest for its end', async () => {
    sim = quietSimulator();
    const market = sim.connect();
    const unknown = '0x' + 'ab'.repeat(32);
    expect(await market.requestState(unknown)).toBeUndefined();
    expect(await market.getRequest(unknown)).toBeUndefined();
    await expect(market.getRequestEnd(unknown)).rejects.toMatchObject({ code: 'Marketplace_UnknownRequest' });
  });

  it('keeps an unfilled request New until expiry, even when some slots are filled', async () => {
    sim = quietSimulator();
    const id = await postRequest(sim);
    await fillSlots(sim, id, [0n, 1n]);
    expect(sim.contract.requestState(id)).toBe('New');
    await advanceToExpiry(sim, id);
    expect(sim.contract.requestState(id)).toBe('Cancelled');
  });
});

describe('simulated clients', () => {
  it('withdraw after expiry, which stores Cancelled and emits RequestCancelled', async () => {
    sim = quietSimulator();
    const cancelled: string[] = [];
    sim.events.subscribe('RequestCancelled', (e) => cancelled.push(e.requestId));
    const id = await postRequest(sim);
    const paid = sim.balanceOf(client());
    await advanceToExpiry(sim, id);
    expect(sim.state.requests.get(id)!.state).toBe('Cancelled');
    expect(cancelled).toEqual([id]);
    expect(sim.balanceOf(client()) - paid).toBe(4n * 3600n * 65536n);
    await expect(sim.connect(client()).withdrawFunds(id)).rejects.toMatchObject({
      code: 'Marketplace_NothingToWithdraw',
    });
  });
});
