// The Marketplace's requests: the checks of requestStorage in Codex's order, the client's deposit,
// the lazy request states (strictly after expiresAt and endsAt) and the client's one-shot withdrawal.
import { describe, expect, it } from 'vitest';
import { requestToTuple } from '../../src-main/market/chain/codec';
import { revertOf, useMarketFixture } from './fixture';

const market = useMarketFixture();

describe('requestStorage', () => {
  it('stores the request under the id ethers computes, pulls maxPrice and announces the absolute expiry', async () => {
    const m = market();
    const request = m.request();
    const before = await m.balance(m.addresses.client);
    const { id, receipt } = await m.post(request);
    const price = 3n * 3600n * 3n * 1024n;
    expect(await m.balance(m.addresses.client)).toBe(before - price);
    expect(await m.balance(m.devnet.addresses.marketplace)).toBe(price);
    const block = await m.devnet.provider.getBlock(receipt.blockNumber);
    const event = m.client.interface.parseLog(
      receipt.logs.find((l) => l.address.toLowerCase() === m.devnet.addresses.marketplace)!,
    )!;
    expect(event.name).toBe('StorageRequested');
    expect(event.args[0]).toBe(id);
    expect(event.args[2]).toBe(BigInt(block!.timestamp) + 600n);
    expect(await m.client.getFunction('requestExpiry')(id)).toBe(BigInt(block!.timestamp) + 600n);
    expect(await m.client.getFunction('myRequests')()).toEqual([id]);
    expect(await m.client.getFunction('requestState')(id)).toBe(0n);
  });

  it('checks its arguments in Codex’s order', async () => {
    const m = market();
    const send = (r: ReturnType<typeof m.request>) =>
      revertOf(m.client.getFunction('requestStorage').staticCall(requestToTuple(r)));
    const other = m.addresses.hosts[0]!;
    // Several faults at once: the first in the contract's order wins.
    expect(await send(m.request({ slots: 0n }, { client: other, expiry: 0n }))).toBe(
      'Marketplace_InvalidClientAddress',
    );
    expect(await send(m.request({ slots: 0n }, { expiry: 0n }))).toBe('Marketplace_InvalidExpiry');
    expect(await send(m.request({ duration: 600n }))).toBe('Marketplace_InvalidExpiry');
    expect(await send(m.request({ slots: 0n, maxSlotLoss: 0n, proofProbability: 0n }))).toBe(
      'Marketplace_InsufficientSlots',
    );
    expect(await send(m.request({ maxSlotLoss: 4n, proofProbability: 0n }))).toBe('Marketplace_InvalidMaxSlotLoss');
    expect(await send(m.request({ proofProbability: 0n, collateralPerByte: 0n }))).toBe(
      'Marketplace_InsufficientProofProbability',
    );
    expect(await send(m.request({ collateralPerByte: 0n, pricePerBytePerSecond: 0n }))).toBe(
      'Marketplace_InsufficientCollateral',
    );
    expect(await send(m.request({ pricePerBytePerSecond: 0n }))).toBe('Marketplace_InsufficientReward');
    expect(
      await send(
        m.request(
          { duration: BigInt(m.config.requestDurationLimit + 1) },
          { content: { cid: '0x', merkleRoot: '0x' + '00'.repeat(32) } },
        ),
      ),
    ).toBe('Marketplace_InvalidCid');
    expect(await send(m.request({ duration: BigInt(m.config.requestDurationLimit + 1) }))).toBe(
      'Marketplace_DurationExceedsLimit',
    );
    // Without an approve the token refuses with its own error.
    expect(await send(m.request())).toBe('ERC20InsufficientAllowance');
    const request = m.request();
    await m.post(request);
    expect(await send(request)).toBe('Marketplace_RequestAlreadyExists');
  });

  it('reports the token’s error with its arguments when the client lacks the allowance', async () => {
    const m = market();
    const { toMarketError } = await import('../../src-main/market/chain/errors');
    const error = await m.client
      .getFunction('requestStorage')
      .staticCall(requestToTuple(m.request()))
      .catch((e: unknown) => e);
    const decoded = toMarketError(error, 'requestStorage');
    expect(decoded?.code).toBe('ERC20InsufficientAllowance');
    expect(decoded?.details).toMatchObject({ allowance: 0n, needed: 3n * 3600n * 3n * 1024n });
    expect(String(decoded?.details.spender).toLowerCase()).toBe(m.devnet.addresses.marketplace);
  });
});

describe('request states', () => {
  it('stays New through the expiry second and is Cancelled right after it', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const expiresAt = Number(await m.client.getFunction('requestExpiry')(id));
    await m.mineAt(expiresAt);
    expect(await m.client.getFunction('requestState')(id)).toBe(0n);
    expect(await m.client.getFunction('requestEnd')(id)).toBe(BigInt(expiresAt - 600 + 3600));
    await m.mineAt(expiresAt + 1);
    expect(await m.client.getFunction('requestState')(id)).toBe(2n);
    expect(await m.client.getFunction('requestEnd')(id)).toBe(BigInt(expiresAt));
  });

  it('starts when the last slot fills and finishes strictly after endsAt', async () => {
    const m = market();
    const { id, receipt } = await m.post(m.request());
    for (let i = 0; i < 3; i++) await m.fill(i, id, BigInt(i));
    expect(await m.client.getFunction('requestState')(id)).toBe(1n);
    const endsAt = (await m.devnet.provider.getBlock(receipt.blockNumber))!.timestamp + 3600;
    await m.mineAt(endsAt);
    expect(await m.client.getFunction('requestState')(id)).toBe(1n);
    await m.mineAt(endsAt + 1);
    expect(await m.client.getFunction('requestState')(id)).toBe(3n);
    expect(await m.client.getFunction('requestEnd')(id)).toBe(BigInt(endsAt));
  });

  it('answers UnknownRequest for requests it never saw, but an expiry of 0', async () => {
    const m = market();
    const unknown = '0x' + '12'.repeat(32);
    expect(await revertOf(m.client.getFunction('requestState')(unknown))).toBe('Marketplace_UnknownRequest');
    expect(await revertOf(m.client.getFunction('requestEnd')(unknown))).toBe('Marketplace_UnknownRequest');
    expect(await revertOf(m.client.getFunction('getRequest')(unknown))).toBe('Marketplace_UnknownRequest');
    expect(await m.client.getFunction('requestExpiry')(unknown)).toBe(0n);
  });
});

describe('withdrawFunds', () => {
  it('refuses strangers and running requests, refunds a cancelled request once and announces it', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const filled = await m.fill(0, id, 0n);
    const filledAt = (await m.devnet.provider.getBlock(filled.blockNumber))!.timestamp;
    expect(await revertOf(m.hosts[0]!.getFunction('withdrawFunds(bytes32)').staticCall(id))).toBe(
      'Marketplace_InvalidClientAddress',
    );
    expect(await revertOf(m.client.getFunction('withdrawFunds(bytes32)').staticCall(id))).toBe(
      'Marketplace_InvalidState',
    );
    const expiresAt = Number(await m.client.getFunction('requestExpiry')(id));
    await m.mineAt(expiresAt + 1);
    const before = await m.balance(m.addresses.client);
    const receipt = await (await m.client.getFunction('withdrawFunds(bytes32)')(id)).wait();
    const pps = 3n * 1024n;
    // Everything but what the one host earned until expiry.
    expect(await m.balance(m.addresses.client)).toBe(before + 3n * 3600n * pps - BigInt(expiresAt - filledAt) * pps);
    expect(
      receipt!.logs.map((l: { topics: readonly string[]; data: string }) => m.client.interface.parseLog(l)?.name),
    ).toContain('RequestCancelled');
    expect(await m.client.getFunction('myRequests')()).toEqual([]);
    expect(await revertOf(m.client.getFunction('withdrawFunds(bytes32)').staticCall(id))).toBe(
      'Marketplace_NothingToWithdraw',
    );
  });

  it('returns what hosts did not earn once a request finished, to another recipient if asked', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    const filledAt: number[] = [];
    for (let i = 0; i < 3; i++) {
      // Fills seconds apart: what the client gets back is the time slots waited for the last fill,
      // and three fills in one second (a fast, idle machine) would leave nothing to withdraw.
      await m.mineAt((await m.now()) + 10);
      const r = await m.fill(i, id, BigInt(i));
      filledAt.push((await m.devnet.provider.getBlock(r.blockNumber))!.timestamp);
    }
    const endsAt = Number(await m.client.getFunction('requestEnd')(id));
    await m.mineAt(endsAt + 1);
    const recipient = m.addresses.validator;
    const before = await m.balance(recipient);
    await (await m.client.getFunction('withdrawFunds(bytes32,address)')(id, recipient)).wait();
    const pps = 3n * 1024n;
    const earned = filledAt.reduce((sum, f) => sum + BigInt(endsAt - f) * pps, 0n);
    expect(await m.balance(recipient)).toBe(before + 3n * 3600n * pps - earned);
  });
});
