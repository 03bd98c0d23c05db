// Every host call of the chain adapter on a real EVM: reserve, fill with exactly the collateral
// approved, prove, free for each ending (finished, cancelled, failed), and a repair fill at the
// discount. Balances are read from the chain and compared with what the wallet reports.
import { describe, expect, it } from 'vitest';
import { PROOF, until, useChainFixture } from './fixture';

const chain = useChainFixture({ proofs: { downtime: 0 } });
const CPS = 5n * 1024n;
const PPS = 3n * 1024n;
const PERIOD = 10;

describe('a host selling on the chain', () => {
  it('reserves, fills with exactly the collateral approved, proves, and is paid when the request finishes', async () => {
    const f = chain();
    const s = await f.connect();
    const filled: number[] = [];
    s.market.subscribe('SlotFilled', () => filled.push(Date.now()), { slotIndex: 0n });
    await s.eventsReady();
    const { id } = await f.post();
    await f.otherFills(0, id, 1n);
    const start = await f.balance(s.address);
    expect((await s.wallet.balances()).token).toBe(start);

    await s.market.reserveSlot(id, 0n);
    expect(await s.market.canReserveSlot(id, 0n)).toBe(false);
    const collateral = await s.market.slotCollateral(id, 0n);
    expect(collateral).toBe(CPS);
    await s.market.fillSlot(id, 0n, PROOF, collateral);
    const slotId = s.market.slotId(id, 0n);
    expect(await f.balance(s.address)).toBe(start - CPS);
    expect(await f.token.getFunction('allowance')(s.address, f.devnet.addresses.marketplace)).toBe(0n);
    expect(await s.market.getHost(id, 0n)).toBe(s.address);
    expect(await s.market.mySlots()).toEqual([slotId]);
    expect((await s.market.getActiveSlot(slotId))?.slotIndex).toBe(0n);
    expect(await s.market.requestState(id)).toBe('Started');
    await until(() => filled.length === 1, 'SlotFilled');

    const filledAt = (await f.devnet.provider.getBlock('latest'))!.timestamp;
    await f.mineAt((Math.floor(filledAt / PERIOD) + 1) * PERIOD);
    expect(await s.market.isProofRequired(slotId)).toBe(true);
    await s.market.submitProof(slotId, PROOF);
    expect(await s.market.missingProofs(slotId)).toBe(0);

    const endsAt = await s.market.getRequestEnd(id);
    await f.mineAt(endsAt + 1);
    expect(await s.market.slotState(slotId)).toBe('Finished');
    await s.market.freeSlot(slotId);
    const paid = start + BigInt(endsAt - filledAt) * PPS;
    expect(await f.balance(s.address)).toBe(paid);
    expect(await s.market.slotState(slotId)).toBe('Paid');
    const balances = await s.wallet.balances();
    expect(balances.token).toBe(paid);
    expect(balances.gas).toBe(await f.devnet.provider.getBalance(s.address));
    expect(await s.wallet.token()).toEqual({ symbol: 'TST', decimals: 18 });
  });

  it('frees a slot of a cancelled request for the time until expiry, and a failed one for nothing', async () => {
    const f = chain();
    const s = await f.connect();
    const cancelled = await f.post();
    await s.market.reserveSlot(cancelled.id, 0n);
    await s.market.fillSlot(cancelled.id, 0n, PROOF, CPS);
    const filledAt = (await f.devnet.provider.getBlock('latest'))!.timestamp;
    const expiresAt = await s.market.requestExpiresAt(cancelled.id);
    const failed = await f.post({ slots: 3n, maxSlotLoss: 0n });
    await s.market.reserveSlot(failed.id, 0n);
    await s.market.fillSlot(failed.id, 0n, PROOF, CPS);
    await f.otherFills(0, failed.id, 1n);
    await f.otherFills(1, failed.id, 2n);
    await (await f.others[0]!.getFunction('freeSlot(bytes32)')(s.market.slotId(failed.id, 1n))).wait();
    expect(await s.market.requestState(failed.id)).toBe('Failed');

    const beforeFailed = await f.balance(s.address);
    await s.market.freeSlot(s.market.slotId(failed.id, 0n));
    expect(await f.balance(s.address)).toBe(beforeFailed);
    expect(await s.market.slotState(s.market.slotId(failed.id, 0n))).toBe('Failed');

    await f.mineAt(expiresAt + 1);
    expect(await s.market.requestState(cancelled.id)).toBe('Cancelled');
    const before = await f.balance(s.address);
    await s.market.freeSlot(s.market.slotId(cancelled.id, 0n));
    expect(await f.balance(s.address)).toBe(before + BigInt(expiresAt - filledAt) * PPS + CPS);
    expect(await s.market.mySlots()).toEqual([]);
  });

  it('refills a freed slot at the repair discount, computed from the slot state and the configuration', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    await f.otherFills(0, id, 0n);
    await (await f.others[0]!.getFunction('freeSlot(bytes32)')(s.market.slotId(id, 0n))).wait();
    expect(await s.market.slotState(s.market.slotId(id, 0n))).toBe('Repair');
    const discounted = await s.market.slotCollateral(id, 0n);
    expect(discounted).toBe(CPS - CPS / 10n);
    await f.mineAt((Math.floor((await f.now()) / PERIOD) + 1) * PERIOD);
    await s.market.reserveSlot(id, 0n);
    const before = await f.balance(s.address);
    await s.market.fillSlot(id, 0n, PROOF, discounted);
    expect(await f.balance(s.address)).toBe(before - discounted);
    expect(await s.market.currentCollateral(s.market.slotId(id, 0n))).toBe(CPS);
  });

  it('marks a missed proof as a validator and collects the reward', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    await f.otherFills(0, id, 0n);
    const slotId = s.market.slotId(id, 0n);
    const period = Math.floor((await f.now()) / PERIOD) + 1;
    expect(await s.market.canMarkProofAsMissing(slotId, period)).toBe(false);
    await f.mineAt((period + 1) * PERIOD + 1);
    expect(await s.market.canMarkProofAsMissing(slotId, period)).toBe(true);
    const before = await f.balance(s.address);
    await s.market.markProofAsMissing(slotId, period);
    expect(await f.balance(s.address)).toBe(before + (CPS * 20n * 20n) / 10_000n);
    expect(await s.market.missingProofs(slotId)).toBe(1);
  });

  it('reads requests, their states and ends, and says undefined for what the contract does not know', async () => {
    const f = chain();
    const s = await f.connect();
    const { id, request } = await f.post();
    expect(await s.market.getRequest(id)).toEqual({ ...request, client: request.client.toLowerCase() });
    expect(await s.market.requestState(id)).toBe('New');
    expect(await s.market.configuration()).toEqual(f.config);
    const unknown = '0x' + '42'.repeat(32);
    expect(await s.market.getRequest(unknown)).toBeUndefined();
    expect(await s.market.requestState(unknown)).toBeUndefined();
    expect(await s.market.getActiveSlot(s.market.slotId(id, 0n))).toBeUndefined();
    expect(await s.market.getHost(id, 0n)).toBeUndefined();
    expect(await s.market.slotState(s.market.slotId(unknown, 0n))).toBe('Free');
  });
});
