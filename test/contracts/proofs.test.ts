// The Marketplace's proofs: when a filled slot owes one, receiving it, a validator marking a missed
// one inside its window, slashing, the forced free, a request failing, and the repair that follows.
// Downtime 0 here makes every period after the fill require a proof (probability 1).
import { describe, expect, it } from 'vitest';
import { PROOF, revertOf, slotIdOf, useMarketFixture, ZERO_PROOF } from './fixture';

const market = useMarketFixture({ proofs: { downtime: 0 } });
const CPS = 5n * 1024n;
const PERIOD = 10;
const TIMEOUT = 5;

async function filledSlot(m: ReturnType<typeof market>, slots = 3n) {
  const { id } = await m.post(m.request({ slots, maxSlotLoss: 1n }));
  const receipt = await m.fill(0, id, 0n);
  const filledAt = (await m.devnet.provider.getBlock(receipt.blockNumber))!.timestamp;
  return { id, slotId: slotIdOf(id, 0n), fillPeriod: Math.floor(filledAt / PERIOD) };
}

const periodStart = (p: number) => p * PERIOD;

describe('proof requirements', () => {
  it('owes no proof in the fill period and one in every period after it', async () => {
    const m = market();
    const { slotId, fillPeriod } = await filledSlot(m);
    expect(await m.client.getFunction('isProofRequired')(slotId)).toBe(false);
    await m.mineAt(periodStart(fillPeriod + 1));
    expect(await m.client.getFunction('isProofRequired')(slotId)).toBe(true);
    expect(await m.client.getFunction('willProofBeRequired')(slotId)).toBe(false);
    expect(await m.client.getFunction('slotProbability')(slotId)).toBe(1n);
  });

  it('takes one valid proof per period, from the slot’s host only', async () => {
    const m = market();
    const { slotId, fillPeriod } = await filledSlot(m);
    const [host, other] = m.hosts;
    expect(await revertOf(host!.getFunction('submitProof').staticCall(slotId, PROOF))).toBe(
      'Proofs_ProofAlreadySubmitted',
    );
    await m.mineAt(periodStart(fillPeriod + 1));
    expect(await revertOf(other!.getFunction('submitProof').staticCall(slotId, PROOF))).toBe(
      'Marketplace_ProofNotSubmittedByHost',
    );
    expect(await revertOf(host!.getFunction('submitProof').staticCall(slotId, ZERO_PROOF))).toBe('Proofs_InvalidProof');
    const receipt = await (await host!.getFunction('submitProof')(slotId, PROOF)).wait();
    const event = m.client.interface.parseLog(receipt!.logs[0]!)!;
    expect([event.name, event.args[0]]).toEqual(['ProofSubmitted', slotId]);
    expect(await revertOf(host!.getFunction('submitProof').staticCall(slotId, PROOF))).toBe(
      'Proofs_ProofAlreadySubmitted',
    );
    expect(await revertOf(host!.getFunction('submitProof').staticCall('0x' + '01'.repeat(32), PROOF))).toBe(
      'Marketplace_UnknownRequest',
    );
  });
});

describe('markProofAsMissing', () => {
  it('is possible only strictly between the period’s end and end + timeout', async () => {
    const m = market();
    const { slotId, fillPeriod } = await filledSlot(m);
    const missed = fillPeriod + 1;
    const end = periodStart(missed + 1);
    const can = () => revertOf(m.validator.getFunction('canMarkProofAsMissing')(slotId, missed)).catch(() => 'ok');
    await m.mineAt(end);
    expect(await can()).toBe('Proofs_PeriodNotEnded');
    await m.mineAt(end + 1);
    expect(await can()).toBe('ok');
    await m.mineAt(end + TIMEOUT);
    expect(await can()).toBe('Proofs_ValidationTimedOut');
  });

  it('refuses periods that were proven, were not owed or were marked already', async () => {
    const m = market();
    const { slotId, fillPeriod } = await filledSlot(m);
    await m.mineAt(periodStart(fillPeriod + 1));
    await (await m.hosts[0]!.getFunction('submitProof')(slotId, PROOF)).wait();
    await m.mineAt(periodStart(fillPeriod + 2) + 1);
    const can = (p: number) => revertOf(m.validator.getFunction('canMarkProofAsMissing')(slotId, p));
    expect(await can(fillPeriod + 1)).toBe('Proofs_ProofNotMissing');
    await m.mineAt(periodStart(fillPeriod + 3) + 1);
    await m.devnet.controls.setNextBlockTimestamp(periodStart(fillPeriod + 3) + 2);
    await (await m.validator.getFunction('markProofAsMissing')(slotId, fillPeriod + 2)).wait();
    expect(await can(fillPeriod + 2)).toBe('Proofs_ProofAlreadyMarkedMissing');
    expect(
      await revertOf(m.validator.getFunction('canMarkProofAsMissing')(slotIdOf('0x' + '02'.repeat(32), 0n), 1)),
    ).toBe('Marketplace_SlotNotAcceptingProofs');
  });

  it('slashes the host, pays the validator its share and frees the slot at the slash limit', async () => {
    const m = market();
    const { id, slotId, fillPeriod } = await filledSlot(m);
    const validatorBefore = await m.balance(m.addresses.validator);
    const slash = (CPS * 20n) / 100n;
    for (const [i, missed] of [fillPeriod + 1, fillPeriod + 2].entries()) {
      await m.devnet.controls.setNextBlockTimestamp(periodStart(missed + 1) + 1);
      const receipt = await (await m.validator.getFunction('markProofAsMissing')(slotId, missed)).wait();
      const events = receipt!.logs
        .map((l: { topics: readonly string[]; data: string }) => m.client.interface.parseLog(l)?.name)
        .filter(Boolean);
      if (i === 0) {
        expect(events).toEqual([]);
        expect(await m.client.getFunction('missingProofs')(slotId)).toBe(1n);
        expect(await m.client.getFunction('currentCollateral')(slotId)).toBe(CPS - slash);
      } else {
        expect(events).toEqual(['SlotFreed']);
      }
    }
    expect(await m.balance(m.addresses.validator)).toBe(validatorBefore + 2n * ((slash * 20n) / 100n));
    expect(await m.client.getFunction('slotState')(slotId)).toBe(6n);
    expect(await m.client.getFunction('missingProofs')(slotId)).toBe(0n);
    expect(await m.hosts[0]!.getFunction('mySlots')()).toEqual([]);
    expect(await m.client.getFunction('requestState')(id)).toBe(0n);
  });
});

describe('repair and failure', () => {
  it('refills a freed slot at the repair discount and returns the full collateral at payout', async () => {
    const m = market();
    const { id } = await m.post(m.request());
    for (let i = 0; i < 3; i++) await m.fill(i, id, BigInt(i));
    await (await m.hosts[0]!.getFunction('freeSlot(bytes32)')(slotIdOf(id, 0n))).wait();
    expect(await m.client.getFunction('requestState')(id)).toBe(1n);
    // The slot's period already holds the first host's proof, so a repair fill waits for the next period.
    await (await m.hosts[1]!.getFunction('reserveSlot')(id, 0n)).wait();
    expect(await revertOf(m.hosts[1]!.getFunction('fillSlot').staticCall(id, 0n, PROOF))).toBe(
      'Proofs_ProofAlreadySubmitted',
    );
    await m.mineAt(periodStart(Math.floor((await m.now()) / PERIOD) + 1));
    const before = await m.balance(m.addresses.hosts[1]!);
    const discounted = CPS - (CPS * 10n) / 100n;
    await m.fill(1, id, 0n, discounted);
    expect(await m.balance(m.addresses.hosts[1]!)).toBe(before - discounted);
    expect(await m.client.getFunction('currentCollateral')(slotIdOf(id, 0n))).toBe(CPS);
    await m.mineAt(Number(await m.client.getFunction('requestEnd')(id)) + 1);
    const beforePayout = await m.balance(m.addresses.hosts[1]!);
    await (await m.hosts[1]!.getFunction('freeSlot(bytes32)')(slotIdOf(id, 0n))).wait();
    expect((await m.balance(m.addresses.hosts[1]!)) - beforePayout).toBeGreaterThan(CPS);
  });

  it('fails a started request once more slots stand empty than maxSlotLoss; hosts get nothing, the client everything', async () => {
    const m = market();
    const request = m.request();
    const { id } = await m.post(request);
    for (let i = 0; i < 3; i++) await m.fill(i, id, BigInt(i));
    await (await m.hosts[0]!.getFunction('freeSlot(bytes32)')(slotIdOf(id, 0n))).wait();
    const receipt = await (await m.hosts[1]!.getFunction('freeSlot(bytes32)')(slotIdOf(id, 1n))).wait();
    expect(
      receipt!.logs.map((l: { topics: readonly string[]; data: string }) => m.client.interface.parseLog(l)?.name),
    ).toEqual(['SlotFreed', 'RequestFailed']);
    expect(await m.client.getFunction('requestState')(id)).toBe(4n);
    const slot2 = slotIdOf(id, 2n);
    expect(await m.client.getFunction('slotState')(slot2)).toBe(3n);
    const hostBefore = await m.balance(m.addresses.hosts[2]!);
    await (await m.hosts[2]!.getFunction('freeSlot(bytes32)')(slot2)).wait();
    await (await m.hosts[2]!.getFunction('freeSlot(bytes32)')(slot2)).wait();
    expect(await m.balance(m.addresses.hosts[2]!)).toBe(hostBefore);
    expect(await m.client.getFunction('slotState')(slot2)).toBe(3n);
    const clientBefore = await m.balance(m.addresses.client);
    await (await m.client.getFunction('withdrawFunds(bytes32)')(id)).wait();
    expect(await m.balance(m.addresses.client)).toBe(clientBefore + 3n * 3600n * 3n * 1024n);
  });
});
