import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { type SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SalePayout } from '../../../../../src-main/engine/sales/states/payout';
import { SaleProvingSimulated } from '../../../../../src-main/engine/sales/states/proving-simulated';
import { emptyProof } from '../../../../fakes/fake-market';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
let controller: AbortController;
const proof = { ...emptyProof(), challenge: '0x07' };
beforeEach(async () => {
  f = await saleFixture({ proof, simulateProofFailures: 3 });
  f.market.fill(f.requestId, f.slotIndex);
  f.market.proofRequired.add(f.slotId);
  controller = new AbortController();
});
afterEach(async () => {
  controller.abort();
  await f.dispose();
});

/** Runs the state until the test ends; its run rejects when afterEach aborts it, as the machine expects. */
const start = () => {
  const run = new SaleProvingSimulated(3).run(f.agent, controller.signal);
  run.catch(() => undefined);
  return run;
};

describe('SaleProvingSimulated', () => {
  it('is named as Codex names it', () => {
    expect(new SaleProvingSimulated(3).name).toBe('SaleProvingSimulated');
  });

  it('switches to cancelled state when request expires', () => {
    expect(new SaleProvingSimulated(3).onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleProvingSimulated(3).onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('submits invalid proof every 3 proofs', async () => {
    void start();
    await f.clock.settle();
    for (let i = 0; i < 5; i++) await f.advanceToNextPeriod();
    const invalid = f.context.invalidProof();
    expect(f.market.submitted.map((s) => s.proof)).toEqual([proof, proof, invalid, proof, proof, invalid]);
  });

  it('shrugs off the rejection of its invalid proof', async () => {
    let n = 0;
    const submit = f.market.submitProof.bind(f.market);
    f.market.submitProof = async (slotId, p) => {
      if (++n % 3 === 0) throw new MarketError('Proofs_InvalidProof', 'invalid');
      return submit(slotId, p);
    };
    const done = start();
    for (let i = 0; i < 3; i++) await f.advanceToNextPeriod();
    f.market.slotStates.set(f.slotId, 'Finished');
    await f.advanceToNextPeriod();
    expect(await done).toBeInstanceOf(SalePayout);
  });

  it('switches to payout state when request is finished', async () => {
    const done = start();
    f.market.slotStates.set(f.slotId, 'Finished');
    await f.advanceToNextPeriod();
    expect(await done).toBeInstanceOf(SalePayout);
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'slotState failed');
    f.market.errors.set('slotState', error);
    expect(((await f.next(new SaleProvingSimulated(3))) as SaleErrored).error).toBe(error);
  });
});
