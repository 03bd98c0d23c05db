import { afterEach, describe, expect, it } from 'vitest';
import { type MarketSimulator, slotIdOf } from '../../../../src-main/market/index';
import { periodEnd } from '../../../../src-main/market/sim/proving';
import {
  advanceToNextPeriod,
  missProofs,
  postRequest,
  proofFor,
  quietSimulator,
  reserveAndFill,
  HONEST_HOST_STAND_IN,
} from '../../../fakes/sim-market';
import type { CodexStatementProof } from '../../../../src-main/proofs/codex/index';

let sim: MarketSimulator;
afterEach(() => {
  expect(sim.solvency().ok).toBe(true);
  sim.close();
});

const cps = 131072n;
const slash = (cps * 20n) / 100n;
const reward = (slash * 20n) / 100n;

async function filledByHost(ask = {}) {
  const id = await postRequest(sim, ask);
  await reserveAndFill(sim, sim.hostAddress, id, 0n);
  return { id, slotId: slotIdOf(id, 0n) };
}

describe('proof requirements', () => {
  it('never requires a proof in the period of the fill', async () => {
    sim = quietSimulator();
    const { slotId } = await filledByHost();
    expect(sim.contract.isProofRequired(slotId)).toBe(false);
    expect(sim.contract.willProofBeRequired(slotId)).toBe(false);
  });

  it('requires a proof every later period when the scaled probability is 0, enforceable once out of downtime', async () => {
    sim = quietSimulator({ validator: false });
    const { slotId } = await filledByHost({ proofProbability: 1n }); // 1 × 192 / 256 = 0 → every period
    expect(sim.contract.slotProbability(slotId)).toBe(0n);
    for (let p = 0; p < 20; p++) {
      await advanceToNextPeriod(sim);
      const pointer = sim.contract.getPointer(slotId);
      expect(sim.contract.isProofRequired(slotId)).toBe(pointer >= 64);
      expect(sim.contract.willProofBeRequired(slotId)).toBe(pointer < 64);
    }
  });

  it('scales the proof probability by the downtime with integer division', async () => {
    sim = quietSimulator();
    const { slotId } = await filledByHost({ proofProbability: 4n });
    expect(sim.contract.slotProbability(slotId)).toBe(3n);
  });

  it('draws the same challenges for the same seed and other ones for another seed', async () => {
    const challenges = async (seed: number) => {
      sim = quietSimulator({ seed });
      const { slotId } = await filledByHost();
      const out = [];
      for (let p = 0; p < 3; p++) {
        await advanceToNextPeriod(sim);
        out.push(sim.contract.getChallenge(slotId));
      }
      sim.close();
      return out;
    };
    const a = await challenges(7);
    expect(await challenges(7)).toEqual(a);
    const b = await challenges(8);
    expect(b).not.toEqual(a);
    sim = quietSimulator();
  });
});

describe('submitProof', () => {
  it('accepts a proof of the sampled cells for the current challenge, once per period', async () => {
    sim = quietSimulator();
    const { slotId, id } = await filledByHost();
    await advanceToNextPeriod(sim);
    const seen: string[] = [];
    sim.events.subscribe('ProofSubmitted', (e) => seen.push(e.id));
    await sim.connect().submitProof(slotId, await proofFor(sim, id, 0n));
    await sim.clock.settle();
    expect(seen).toEqual([slotId]);
    await expect(sim.connect().submitProof(slotId, await proofFor(sim, id, 0n))).rejects.toMatchObject({
      code: 'Proofs_ProofAlreadySubmitted',
    });
  });

  it('rejects a proof whose cell data, paths or public inputs were altered, by the circuit statement', async () => {
    sim = quietSimulator();
    const { slotId, id } = await filledByHost();
    await advanceToNextPeriod(sim);
    const proof = await proofFor(sim, id, 0n);
    const altered = (change: (input: CodexStatementProof['input']) => CodexStatementProof['input']) => ({
      ...proof,
      input: change(structuredClone(proof.input)),
    });
    const plusOne = (value: string) => String(BigInt(value) + 1n);
    const tampered = [
      altered((input) => ({
        ...input,
        cellData: input.cellData.map((c, i) => (i === 0 ? [plusOne(c[0]!), ...c.slice(1)] : c)),
      })),
      altered((input) => ({
        ...input,
        merklePaths: input.merklePaths.map((p, i) => (i === 2 ? [plusOne(p[0]!), ...p.slice(1)] : p)),
      })),
      altered((input) => ({ ...input, slotProof: [plusOne(input.slotProof[0]!), ...input.slotProof.slice(1)] })),
      altered((input) => ({ ...input, entropy: plusOne(input.entropy) })),
      altered((input) => ({ ...input, slotIndex: 1 })),
      { scheme: 'codex-statement' },
      { scheme: 'another-scheme', cells: [] },
    ];
    for (const bad of tampered)
      await expect(sim.connect().submitProof(slotId, bad)).rejects.toMatchObject({ code: 'Proofs_InvalidProof' });
    await sim.connect().submitProof(slotId, proof);
  });

  it('accepts the honest-host stand-in from simulated competitors only, never from the host', async () => {
    sim = quietSimulator();
    const { slotId, id } = await filledByHost();
    await advanceToNextPeriod(sim);
    await expect(sim.connect().submitProof(slotId, HONEST_HOST_STAND_IN)).rejects.toMatchObject({
      code: 'Proofs_InvalidProof',
    });
    await expect(sim.connect().submitProof(slotId, { ...HONEST_HOST_STAND_IN })).rejects.toMatchObject({
      code: 'Proofs_InvalidProof',
    });
    const competitor = sim.actor('competitor', 3);
    await sim.connect(competitor).reserveSlot(id, 1n);
    sim.mint(competitor, cps);
    await sim.connect(competitor).fillSlot(id, 1n, HONEST_HOST_STAND_IN, cps);
    expect(await sim.connect().getHost(id, 1n)).toBe(competitor);
  });

  it('accepts proofs only from the host, and knows no proofs for unknown slots', async () => {
    sim = quietSimulator();
    const { slotId, id } = await filledByHost();
    await advanceToNextPeriod(sim);
    const other = sim.connect(sim.actor('competitor', 1));
    await expect(other.submitProof(slotId, await proofFor(sim, id, 0n))).rejects.toMatchObject({
      code: 'Marketplace_ProofNotSubmittedByHost',
    });
    await expect(other.submitProof('0x' + '12'.repeat(32), await proofFor(sim, id, 0n))).rejects.toMatchObject({
      code: 'Marketplace_UnknownRequest',
    });
  });

  it('fails the proofs of a slot set to fail, and every n-th proof of a host set to fail', async () => {
    sim = quietSimulator();
    const { slotId, id } = await filledByHost();
    await advanceToNextPeriod(sim);
    sim.contract.hooks.invalidSlots.add(slotId);
    await expect(sim.connect().submitProof(slotId, await proofFor(sim, id, 0n))).rejects.toMatchObject({
      code: 'Proofs_InvalidProof',
    });
    sim.contract.hooks.invalidSlots.clear();
    sim.contract.hooks.failEveryN.set(sim.hostAddress, { n: 2, count: 0 });
    await sim.connect().submitProof(slotId, await proofFor(sim, id, 0n));
    await advanceToNextPeriod(sim);
    await expect(sim.connect().submitProof(slotId, await proofFor(sim, id, 0n))).rejects.toMatchObject({
      code: 'Proofs_InvalidProof',
    });
  });
});

describe('missed proofs', () => {
  it('lets a missing proof be marked only strictly after its period and before the timeout', async () => {
    sim = quietSimulator({ validator: false });
    const { slotId } = await filledByHost();
    const market = sim.connect(sim.actor('validator'));
    const p = sim.contract.currentPeriod() + 1;
    sim.contract.forcedRequirements.add(`${slotId}:${p}`);
    await sim.clock.advanceTo(periodEnd(p, 10));
    expect(() => sim.contract.checkCanMarkProofAsMissing(slotId, p)).toThrow(/Proofs_PeriodNotEnded/);
    expect(await market.canMarkProofAsMissing(slotId, p)).toBe(false);
    await sim.advance(1);
    expect(await market.canMarkProofAsMissing(slotId, p)).toBe(true);
    expect(await market.canMarkProofAsMissing(slotId, p - 1)).toBe(false); // the fill period requires nothing
    await sim.clock.advanceTo(periodEnd(p, 10) + 5);
    expect(() => sim.contract.checkCanMarkProofAsMissing(slotId, p)).toThrow(/Proofs_ValidationTimedOut/);
  });

  it('cannot mark a period whose proof arrived, nor mark one twice', async () => {
    sim = quietSimulator({ validator: false });
    const { slotId, id } = await filledByHost();
    const p = sim.contract.currentPeriod() + 1;
    sim.contract.forcedRequirements.add(`${slotId}:${p}`);
    sim.contract.forcedRequirements.add(`${slotId}:${p + 1}`);
    await advanceToNextPeriod(sim);
    await sim.connect().submitProof(slotId, await proofFor(sim, id, 0n));
    await sim.clock.advanceTo(periodEnd(p, 10) + 1);
    expect(() => sim.contract.checkCanMarkProofAsMissing(slotId, p)).toThrow(/Proofs_ProofNotMissing/);
    await sim.clock.advanceTo(periodEnd(p + 1, 10) + 1);
    await sim.connect(sim.actor('validator')).markProofAsMissing(slotId, p + 1);
    expect(() => sim.contract.checkCanMarkProofAsMissing(slotId, p + 1)).toThrow(/Proofs_ProofAlreadyMarkedMissing/);
  });

  it('slashes the host and pays the validator its reward for each missed proof', async () => {
    sim = quietSimulator();
    const { slotId } = await filledByHost();
    const validator = sim.validator!.address;
    await missProofs(sim, slotId, 1);
    expect(sim.contract.missingProofs(slotId)).toBe(1);
    expect(sim.contract.currentCollateral(slotId)).toBe(cps - slash);
    expect(sim.balanceOf(validator)).toBe(reward);
  });

  it('frees the slot for repair after maxNumberOfSlashes missed proofs, forfeiting the rest of the collateral', async () => {
    sim = quietSimulator();
    const { slotId, id } = await filledByHost();
    const freed: bigint[] = [];
    sim.events.subscribe('SlotFreed', (e) => freed.push(e.slotIndex));
    await missProofs(sim, slotId, 2);
    expect(freed).toEqual([0n]);
    expect(sim.contract.slotState(slotId)).toBe('Repair');
    expect(sim.contract.missingProofs(slotId)).toBe(0);
    expect(sim.contract.currentCollateral(slotId)).toBe(0n);
    expect(await sim.connect().mySlots()).toEqual([]);
    expect(await sim.connect().slotCollateral(id, 0n)).toBe(cps - cps / 10n);
    expect(sim.balanceOf(sim.validator!.address)).toBe(2n * reward);
  });

  it('never slashes a host that proves whenever a proof is required', async () => {
    sim = quietSimulator();
    const { slotId, id } = await filledByHost();
    const market = sim.connect();
    const period = sim.config.proofs.period;
    let stop = false;
    // Time waits while the host builds its proof (hashing takes wall time), as it waits for the engine.
    let proving = false;
    const idle = sim.clock.idle;
    sim.clock.idle = () => idle() && !proving;
    const host = (async () => {
      while (!stop) {
        await sim.clock.waitUntil(periodEnd(sim.contract.currentPeriod(), period) + 1);
        if ((await market.slotState(slotId)) !== 'Filled') return;
        if ((await market.isProofRequired(slotId)) || (await market.willProofBeRequired(slotId))) {
          proving = true;
          try {
            await market.submitProof(slotId, await proofFor(sim, id, 0n));
          } finally {
            proving = false;
          }
        }
      }
    })();
    await sim.advance(20 * period);
    stop = true;
    await sim.advance(period);
    await host;
    expect(sim.contract.missingProofs(slotId)).toBe(0);
    expect(sim.contract.currentCollateral(slotId)).toBe(cps);
    expect(sim.contract.slotState(slotId)).toBe('Filled');
  });
});
