import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { isCancellation, type SaleState } from '../../../../../src-main/engine/sales/state';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SalePayout } from '../../../../../src-main/engine/sales/states/payout';
import { SaleProving } from '../../../../../src-main/engine/sales/states/proving';
import { emptyProof } from '../../../../fakes/fake-market';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
const proof = emptyProof();
let controller: AbortController;
beforeEach(async () => {
  f = await saleFixture({ proof });
  f.market.fill(f.requestId, f.slotIndex, f.market.signer, f.request.ask.collateralPerByte * f.request.ask.slotSize);
  controller = new AbortController();
});
afterEach(async () => {
  controller.abort();
  await f.dispose();
});

/** Runs the state until the test ends; its run rejects when afterEach aborts it, as the machine expects. */
function start(state: SaleState = new SaleProving()): Promise<SaleState | undefined> {
  const run = state.run(f.agent, controller.signal);
  run.catch(() => undefined);
  return run;
}

const cps = () => f.request.ask.collateralPerByte * f.request.ask.slotSize;

describe('SaleProving', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleProving().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleProving().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('submits proofs', async () => {
    f.market.proofRequired.add(f.slotId);
    const seen: string[] = [];
    f.market.subscribe('ProofSubmitted', ({ id }) => seen.push(id));
    void start();
    await f.advanceToNextPeriod();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seen)).toEqual(new Set([f.slotId]));
    expect(f.agent.record.sale.proofs.submitted).toBe(seen.length);
    expect(f.agent.record.sale.proofs.required).toBe(seen.length);
  });

  it('proves when a proof will be required once the downtime passes', async () => {
    f.market.proofToBeRequired.add(f.slotId);
    void start();
    await f.clock.settle();
    expect(f.market.submitted).toHaveLength(1);
  });

  it('submits nothing while no proof is required', async () => {
    void start();
    await f.advanceToNextPeriod();
    expect(f.market.submitted).toEqual([]);
  });

  it('switches to payout state when request is finished', async () => {
    const done = start();
    f.market.slotStates.set(f.slotId, 'Finished');
    await f.advanceToNextPeriod();
    expect(await done).toBeInstanceOf(SalePayout);
  });

  it('switches to error state when slot is no longer filled', async () => {
    const done = f.next(new SaleProving(), 500);
    f.market.slotStates.set(f.slotId, 'Free');
    await f.advanceToNextPeriod();
    expect(await done).toBeInstanceOf(SaleErrored);
  });

  it('switches to error state when the slot was freed (Repair), counting the collateral as forfeited', async () => {
    const done = f.next(new SaleProving(), 500);
    f.market.slotStates.set(f.slotId, 'Repair');
    await f.advanceToNextPeriod();
    const next = (await done) as SaleErrored;
    expect(next.note).toBe('Slot was forcibly freed');
    expect(f.agent.record.sale.slashed).toBe(cps());
    expect(f.agent.record.sale.proofs.missed).toBe(f.market.config.collateral.maxNumberOfSlashes);
  });

  it('raises a critical alert on the slot when it is taken away', async () => {
    const done = f.next(new SaleProving(), 500);
    f.market.slotStates.set(f.slotId, 'Repair');
    await f.advanceToNextPeriod();
    await done;
    expect(f.alerter.raised()).toMatchObject([
      {
        key: `proofs-missed:${f.slotId}`,
        category: 'proofs',
        severity: 'critical',
        data: { slotId: f.slotId, slashed: cps().toString() },
      },
    ]);
  });

  it('tells the operator about missed proofs and what they cost', async () => {
    void start();
    await f.clock.settle();
    f.market.missing.set(f.slotId, 1);
    f.market.filled[0]!.collateral = cps() - 100n;
    await f.advanceToNextPeriod();
    const outcomes = f.recorded.events.flatMap((e) => (e.type === 'outcome' ? [e.outcome] : []));
    expect(outcomes).toMatchObject([{ kind: 'proofs-missed', amount: 100n }]);
    expect(f.agent.record.sale).toMatchObject({ slashed: 100n, proofs: { missed: 1 } });
    expect(f.alerter.raised()).toMatchObject([
      { key: `proofs-missed:${f.slotId}`, severity: 'error', data: { missed: 1, slashed: '100' } },
    ]);
  });

  it('waits while the chain says Cancelled or Failed (the events move the sale)', async () => {
    let settled = false;
    void start().then(
      () => (settled = true),
      () => undefined,
    );
    f.market.slotStates.set(f.slotId, 'Cancelled');
    await f.advanceToNextPeriod();
    f.market.slotStates.set(f.slotId, 'Failed');
    await f.advanceToNextPeriod();
    expect(settled).toBe(false);
  });

  it('onProve callback provides proof challenge', async () => {
    f.market.proofRequired.add(f.slotId);
    f.market.proofChallenge = '0x' + '09'.repeat(32);
    void start();
    await f.clock.settle();
    expect(f.recorded.proves[0]!.challenge).toBe(f.market.proofChallenge);
    expect(f.market.submitted[0]!.proof).toBe(proof);
  });

  it('skips a period whose proof cannot be built, and goes on proving', async () => {
    f.market.proofRequired.add(f.slotId);
    let calls = 0;
    Object.assign(f.context, {
      onProve: async () => {
        if (++calls === 1) throw new Error('disk read failed');
        return proof;
      },
    });
    void start();
    await f.clock.settle();
    expect(f.market.submitted).toHaveLength(0);
    await f.advanceToNextPeriod();
    expect(f.market.submitted).toHaveLength(1);
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'slotState failed');
    f.market.errors.set('slotState', error);
    expect(((await f.next(new SaleProving())) as SaleErrored).error).toBe(error);
  });

  it('stops when the sale moves on', async () => {
    const done = start();
    await f.clock.settle();
    controller.abort();
    await expect(done).rejects.toSatisfy((e) => isCancellation(e, controller.signal));
  });
});
