// The Marketplace's slots: reservations, fillSlot's checks in Codex's order and its effects, the
// host's payouts, and the stuck-collateral trap of a fill in the expiry second.
import { Contract, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { TOKEN_ABI } from '../../src-main/market/chain/abi';
import { PROOF, revertOf, slotIdOf, useMarketFixture, ZERO_PROOF } from './fixture';

const market = useMarketFixture();
const CPS = 5n * 1024n;
const PPS = 3n * 1024n;

const names = (m: ReturnType<typeof market>, logs: readonly { topics: readonly string[]; data: string }[]) =>
  logs.map((l) => m.client.interface.parseLog(l)?.name).filter(Boolean);

function tokenFor(m: ReturnType<typeof market>, account: number) {
  return new Contract(
    m.devnet.addresses.token,
    TOKEN_ABI,
    new Wallet(m.devnet.accounts[account]!.privateKey, m.devnet.provider),
  );
}

describe('reserveSlot', () => {
  it('admits maxReservations distinct hosts and announces when the set is full', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const logs = [];
    for (const host of m.hosts) logs.push(...(await (await host.getFunction('reserveSlot')(id, 0n)).wait())!.logs);
    expect(names(m, logs)).toEqual(['SlotReservationsFull']);
    expect(await m.validator.getFunction('canReserveSlot')(id, 0n)).toBe(false);
    expect(await revertOf(m.validator.getFunction('reserveSlot').staticCall(id, 0n))).toBe(
      'SlotReservations_ReservationNotAllowed',
    );
    expect(await m.validator.getFunction('canReserveSlot')(id, 1n)).toBe(true);
  });

  it('refuses a second reservation by the same host', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    await (await m.hosts[0]!.getFunction('reserveSlot')(id, 0n)).wait();
    expect(await m.hosts[0]!.getFunction('canReserveSlot')(id, 0n)).toBe(false);
    expect(await revertOf(m.hosts[0]!.getFunction('reserveSlot').staticCall(id, 0n))).toBe(
      'SlotReservations_ReservationNotAllowed',
    );
  });

  it('does not check the request: a slot of an unknown request can be reserved but not filled', async () => {
    const m = market();
    const unknown = '0x' + 'ab'.repeat(32);
    expect(await m.hosts[0]!.getFunction('canReserveSlot')(unknown, 0n)).toBe(true);
    await (await m.hosts[0]!.getFunction('reserveSlot')(unknown, 0n)).wait();
    expect(await revertOf(m.hosts[0]!.getFunction('fillSlot').staticCall(unknown, 0n, PROOF))).toBe(
      'Marketplace_UnknownRequest',
    );
  });
});

describe('fillSlot', () => {
  it('checks in Codex’s order: request, index, reservation, slot state, proof, collateral', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const fill = (h: number, index: bigint, proof = PROOF) =>
      revertOf(m.hosts[h]!.getFunction('fillSlot').staticCall(id, index, proof));
    expect(await fill(0, 3n)).toBe('Marketplace_InvalidSlot');
    expect(await fill(0, 0n)).toBe('Marketplace_ReservationRequired');
    await (await m.hosts[0]!.getFunction('reserveSlot')(id, 0n)).wait();
    expect(await fill(0, 0n, ZERO_PROOF)).toBe('Proofs_InvalidProof');
    expect(await fill(0, 0n)).toBe('ERC20InsufficientAllowance');
    await m.fill(1, id, 0n);
    expect(await fill(0, 0n)).toBe('Marketplace_SlotNotFree');
  });

  it('takes the collateral and the initial proof, links the slot to its host and starts the request with the last slot', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const before = await m.balance(m.addresses.hosts[0]!);
    const first = await m.fill(0, id, 0n);
    expect(names(m, first.logs)).toEqual(['ProofSubmitted', 'SlotFilled']);
    expect(await m.balance(m.addresses.hosts[0]!)).toBe(before - CPS);
    const slotId = slotIdOf(id, 0n);
    expect(await m.hosts[0]!.getFunction('mySlots')()).toEqual([slotId]);
    expect((await m.client.getFunction('getHost')(slotId)).toLowerCase()).toBe(m.addresses.hosts[0]);
    expect(await m.client.getFunction('currentCollateral')(slotId)).toBe(CPS);
    expect(await m.client.getFunction('slotState')(slotId)).toBe(1n);
    const active = await m.client.getFunction('getActiveSlot')(slotId);
    expect(active.slotIndex).toBe(0n);
    expect(active.request.client.toLowerCase()).toBe(m.addresses.client);
    await m.fill(1, id, 1n);
    const last = await m.fill(2, id, 2n);
    expect(names(m, last.logs)).toEqual(['ProofSubmitted', 'SlotFilled', 'RequestFulfilled']);
    expect(await m.client.getFunction('requestState')(id)).toBe(1n);
  });

  it('reads Free for an untouched slot whatever its request does, and refuses to fill a slot of a cancelled request', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    await (await m.hosts[0]!.getFunction('reserveSlot')(id, 1n)).wait();
    await m.mineAt(Number(await m.client.getFunction('requestExpiry')(id)) + 1);
    expect(await m.client.getFunction('slotState')(slotIdOf(id, 1n))).toBe(0n);
    expect(await revertOf(m.client.getFunction('getActiveSlot')(slotIdOf(id, 1n)))).toBe('Marketplace_SlotIsFree');
    expect(await revertOf(m.hosts[0]!.getFunction('fillSlot').staticCall(id, 1n, PROOF))).toBe(
      'Marketplace_SlotNotFree',
    );
  });
});

describe('freeSlot', () => {
  it('pays a finished slot its time from fill to end plus its collateral, once', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const fills = [];
    for (let i = 0; i < 3; i++) fills.push(await m.fill(i, id, BigInt(i)));
    const filledAt = (await m.devnet.provider.getBlock(fills[0]!.blockNumber))!.timestamp;
    const slotId = slotIdOf(id, 0n);
    expect(await revertOf(m.hosts[1]!.getFunction('freeSlot(bytes32)').staticCall(slotId))).toBe(
      'Marketplace_InvalidSlotHost',
    );
    const endsAt = Number(await m.client.getFunction('requestEnd')(id));
    await m.mineAt(endsAt + 1);
    expect(await m.client.getFunction('slotState')(slotId)).toBe(2n);
    const before = await m.balance(m.addresses.hosts[0]!);
    const receipt = await (await m.hosts[0]!.getFunction('freeSlot(bytes32)')(slotId)).wait();
    expect(names(m, receipt!.logs)).toEqual([]);
    expect(await m.balance(m.addresses.hosts[0]!)).toBe(before + BigInt(endsAt - filledAt) * PPS + CPS);
    expect(await m.client.getFunction('slotState')(slotId)).toBe(4n);
    expect(await m.hosts[0]!.getFunction('mySlots')()).toEqual([]);
    expect(await m.client.getFunction('myRequests')()).toEqual([]);
    expect(await revertOf(m.hosts[0]!.getFunction('freeSlot(bytes32)').staticCall(slotId))).toBe(
      'Marketplace_AlreadyPaid',
    );
  });

  it('sends reward and collateral to the recipients the host names', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    for (let i = 0; i < 3; i++) await m.fill(i, id, BigInt(i));
    await m.mineAt(Number(await m.client.getFunction('requestEnd')(id)) + 1);
    const [rewardTo, collateralTo] = [m.addresses.validator, m.addresses.client];
    const before = [await m.balance(rewardTo), await m.balance(collateralTo)];
    await (
      await m.hosts[1]!.getFunction('freeSlot(bytes32,address,address)')(slotIdOf(id, 1n), rewardTo, collateralTo)
    ).wait();
    expect((await m.balance(collateralTo)) - before[1]!).toBe(CPS);
    expect((await m.balance(rewardTo)) - before[0]!).toBeGreaterThan(0n);
  });

  it('pays a slot of a cancelled request up to expiresAt, plus its collateral', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const filledAt = (await m.devnet.provider.getBlock((await m.fill(0, id, 0n)).blockNumber))!.timestamp;
    const expiresAt = Number(await m.client.getFunction('requestExpiry')(id));
    await m.mineAt(expiresAt + 1);
    expect(await m.client.getFunction('slotState')(slotIdOf(id, 0n))).toBe(5n);
    const before = await m.balance(m.addresses.hosts[0]!);
    await (await m.hosts[0]!.getFunction('freeSlot(bytes32)')(slotIdOf(id, 0n))).wait();
    expect(await m.balance(m.addresses.hosts[0]!)).toBe(before + BigInt(expiresAt - filledAt) * PPS + CPS);
  });

  it('strands the collateral of a fill mined in the expiry second (the trap hosts must avoid)', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const expiresAt = Number(await m.client.getFunction('requestExpiry')(id));
    await (await tokenFor(m, 2).getFunction('approve')(m.devnet.addresses.marketplace, CPS)).wait();
    await (await m.hosts[0]!.getFunction('reserveSlot')(id, 0n)).wait();
    await m.devnet.controls.setNextBlockTimestamp(expiresAt);
    await (await m.hosts[0]!.getFunction('fillSlot')(id, 0n, PROOF)).wait();
    await m.mineAt(expiresAt + 1);
    expect(await revertOf(m.hosts[0]!.getFunction('freeSlot(bytes32)').staticCall(slotIdOf(id, 0n)))).toBe(
      'Marketplace_StartNotBeforeExpiry',
    );
  });

  it('takes a filled slot back from a host who abandons it: Repair, collateral forfeited, reservations cleared', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    await m.fill(0, id, 0n);
    const slotId = slotIdOf(id, 0n);
    expect(await revertOf(m.hosts[0]!.getFunction('freeSlot(bytes32)').staticCall(slotIdOf(id, 1n)))).toBe(
      'Marketplace_SlotIsFree',
    );
    const before = await m.balance(m.addresses.hosts[0]!);
    const receipt = await (await m.hosts[0]!.getFunction('freeSlot(bytes32)')(slotId)).wait();
    expect(names(m, receipt!.logs)).toEqual(['SlotFreed']);
    expect(await m.balance(m.addresses.hosts[0]!)).toBe(before);
    expect(await m.client.getFunction('slotState')(slotId)).toBe(6n);
    expect(await m.client.getFunction('currentCollateral')(slotId)).toBe(0n);
    expect(await m.client.getFunction('getHost')(slotId)).toBe('0x0000000000000000000000000000000000000000');
    expect(await m.hosts[0]!.getFunction('canReserveSlot')(id, 0n)).toBe(true);
    expect(await revertOf(m.hosts[0]!.getFunction('freeSlot(bytes32)').staticCall(slotId))).toBe(
      'Marketplace_InvalidSlotHost',
    );
  });
});
