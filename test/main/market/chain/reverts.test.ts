// Reverts reach the engine with the contract's names, for every host call, whether the node refuses
// the estimate or the transaction reverts once mined; and the adapter refuses, without sending
// anything, what would cost the host: a fill in the expiry second, a fee over the cap, a proof the
// verifier cannot check.
import { Contract, parseUnits, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { isMarketError, type MarketError } from '../../../../src-main/engine/index';
import { MARKETPLACE_ABI } from '../../../../src-main/market/chain/abi';
import { UnsupportedProofError } from '../../../../src-main/market/chain/proof';
import { PROOF, until, useChainFixture } from './fixture';

const chain = useChainFixture({ proofs: { downtime: 0 } });
const CPS = 5n * 1024n;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as MarketError,
  );

describe('reverts of host calls', () => {
  it('come back with the contract’s error names, and no approve is wasted on a fill that cannot succeed', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    const nonceBefore = await f.devnet.provider.getTransactionCount(s.address);
    expect((await failure(s.market.fillSlot(id, 0n, PROOF, CPS))).code).toBe('Marketplace_ReservationRequired');
    expect(await f.devnet.provider.getTransactionCount(s.address)).toBe(nonceBefore);
    await s.market.reserveSlot(id, 0n);
    expect((await failure(s.market.reserveSlot(id, 0n))).code).toBe('SlotReservations_ReservationNotAllowed');
    await f.otherFills(0, id, 0n);
    expect((await failure(s.market.fillSlot(id, 0n, PROOF, CPS))).code).toBe('Marketplace_SlotNotFree');
    const slotId = s.market.slotId(id, 0n);
    expect((await failure(s.market.submitProof(slotId, PROOF))).code).toBe('Marketplace_ProofNotSubmittedByHost');
    expect((await failure(s.market.freeSlot(slotId))).code).toBe('Marketplace_InvalidSlotHost');
    expect((await failure(s.market.freeSlot(s.market.slotId(id, 1n)))).code).toBe('Marketplace_SlotIsFree');
    expect((await failure(s.market.markProofAsMissing(slotId, 1))).code).toBe('Proofs_ValidationTimedOut');
    expect((await failure(s.market.withdrawFunds(id))).code).toBe('Marketplace_InvalidClientAddress');
    expect(await f.devnet.provider.getTransactionCount(s.address)).toBe(nonceBefore + 1);
  });

  it('names the token’s error with its arguments when the host lacks the tokens', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post({ collateralPerByte: 10n ** 24n });
    await s.market.reserveSlot(id, 0n);
    const error = await failure(s.market.fillSlot(id, 0n, PROOF, 10n ** 24n * 1024n));
    expect(isMarketError(error, 'ERC20InsufficientBalance')).toBe(true);
    expect(error.details).toMatchObject({ needed: 10n ** 24n * 1024n, balance: await f.balance(s.address) });
  });

  it('decodes a transaction that reverted once mined by replaying it as a call', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    await f.devnet.controls.setAutomine(false);
    let mine: Promise<MarketError | undefined>;
    try {
      // The host's reservation is estimated against an empty set and sent first; three rivals with
      // higher tips are mined before it in the same block and fill the set.
      mine = s.market.reserveSlot(id, 0n).then(
        () => undefined,
        (e: unknown) => e as MarketError,
      );
      const pending = async () =>
        Number(await f.devnet.provider.send('eth_getBlockTransactionCountByNumber', ['pending']));
      await until(async () => (await pending()) === 1, 'the host’s reservation to be pending');
      const fee = {
        maxPriorityFeePerGas: parseUnits('5', 'gwei'),
        maxFeePerGas: parseUnits('10', 'gwei'),
        gasLimit: 200_000n,
      };
      for (const i of [2, 3, 4]) {
        const rival = new Contract(
          f.devnet.addresses.marketplace,
          MARKETPLACE_ABI,
          new Wallet(f.devnet.accounts[i]!.privateKey, f.devnet.provider),
        );
        await rival.getFunction('reserveSlot')(id, 0n, fee);
      }
      await until(async () => (await pending()) === 4, 'four pending reservations');
      await f.devnet.controls.mine();
    } finally {
      await f.devnet.controls.setAutomine(true);
    }
    const error = await mine;
    expect(error?.code).toBe('SlotReservations_ReservationNotAllowed');
    expect(error?.message).toMatch(/reverted when mined/);
  });
});

describe('what the adapter refuses to send', () => {
  it('never fills in the second the request expires (the collateral would be stranded)', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    await s.market.reserveSlot(id, 0n);
    const expiresAt = await s.market.requestExpiresAt(id);
    await f.mineAt(expiresAt - 1);
    await until(() => s.clock.now() >= expiresAt - 1, 'the clock to see the new block');
    const nonce = await f.devnet.provider.getTransactionCount(s.address);
    expect((await failure(s.market.fillSlot(id, 0n, PROOF, CPS))).code).toBe('RequestExpiring');
    expect(await f.devnet.provider.getTransactionCount(s.address)).toBe(nonce);
  });

  it('refuses a transaction when the base fee is above --max-fee-gwei, and stays under the cap otherwise', async () => {
    const f = chain();
    await f.devnet.provider.send('hardhat_setNextBlockBaseFeePerGas', ['0x' + parseUnits('30', 'gwei').toString(16)]);
    await f.devnet.controls.mine();
    const capped = await f.connect({ maxFeePerGas: parseUnits('20', 'gwei') });
    const { id } = await f.post();
    const nonce = await f.devnet.provider.getTransactionCount(capped.address);
    const error = await failure(capped.market.reserveSlot(id, 0n));
    expect(error.code).toBe('FeeAboveCap');
    expect(error.message).toMatch(/above --max-fee-gwei 20/);
    expect(await f.devnet.provider.getTransactionCount(capped.address)).toBe(nonce);
    await capped.close();
    const roomy = await f.connect({ maxFeePerGas: parseUnits('40', 'gwei') });
    await roomy.market.reserveSlot(id, 0n);
    const block = await f.devnet.provider.getBlock('latest', true);
    const tx = block!.prefetchedTransactions.find((t) => t.from.toLowerCase() === roomy.address)!;
    expect(tx.maxFeePerGas! <= parseUnits('40', 'gwei')).toBe(true);
  });

  it('refuses proofs of another scheme before sending anything', async () => {
    const f = chain();
    const s = await f.connect();
    const { id } = await f.post();
    await s.market.reserveSlot(id, 0n);
    const nonce = await f.devnet.provider.getTransactionCount(s.address);
    await expect(s.market.fillSlot(id, 0n, { scheme: 'codex-merkle' } as never, CPS)).rejects.toBeInstanceOf(
      UnsupportedProofError,
    );
    await expect(
      s.market.submitProof(s.market.slotId(id, 0n), { ...PROOF, a: { x: -1n, y: 0n } } as never),
    ).rejects.toThrow(/uint256/);
    expect(await f.devnet.provider.getTransactionCount(s.address)).toBe(nonce);
  });
});
