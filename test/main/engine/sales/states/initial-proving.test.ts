import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { isCancellation, type SaleState } from '../../../../../src-main/engine/sales/state';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { type SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFilling } from '../../../../../src-main/engine/sales/states/filling';
import { SaleInitialProving } from '../../../../../src-main/engine/sales/states/initial-proving';
import { emptyProof } from '../../../../fakes/fake-market';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
const proof = emptyProof();
beforeEach(async () => {
  f = await saleFixture({ proof });
});
afterEach(() => f.dispose());

/** Runs the state in the background; `result` is undefined until it finishes. */
function start(): { readonly result: SaleState | undefined | 'pending'; done: Promise<SaleState | undefined> } {
  const holder: { result: SaleState | undefined | 'pending' } = { result: 'pending' };
  const done = new SaleInitialProving().run(f.agent, f.signal).then((next) => (holder.result = next));
  return {
    get result() {
      return holder.result;
    },
    done,
  };
}

describe('SaleInitialProving', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleInitialProving().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleInitialProving().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('waits for the beginning of the period to get the challenge', async () => {
    const running = start();
    await f.clock.settle();
    expect(running.result).toBe('pending');
    expect(f.clock.pendingTimers).toBeGreaterThan(0);
    await f.advanceToNextPeriod();
    await running.done;
    expect(running.result).toBeInstanceOf(SaleFilling);
  });

  it('waits another period when the proof pointer is about to wrap around', async () => {
    f.market.proofPointer = 250;
    const running = start();
    await f.advanceToNextPeriod();
    expect(running.result).toBe('pending');
    f.market.proofPointer = 100;
    await f.advanceToNextPeriod();
    await running.done;
    expect(running.result).toBeInstanceOf(SaleFilling);
  });

  it('takes a pointer exactly at 256 − downtime as stable', async () => {
    f.market.proofPointer = 256 - f.market.config.proofs.downtime;
    const running = start();
    await f.advanceToNextPeriod();
    await running.done;
    expect(running.result).toBeInstanceOf(SaleFilling);
  });

  it('onProve callback provides proof challenge', async () => {
    f.market.proofChallenge = '0x' + '07'.repeat(32);
    const running = start();
    await f.advanceToNextPeriod();
    await running.done;
    expect(f.recorded.proves.map((p) => p.challenge)).toEqual([f.market.proofChallenge]);
  });

  it('switches to filling state when initial proving is complete', async () => {
    const running = start();
    await f.advanceToNextPeriod();
    const next = (await running.done) as SaleFilling;
    expect(next).toBeInstanceOf(SaleFilling);
    expect(next.proof).toBe(proof);
  });

  it('switches to errored state when onProve callback fails', async () => {
    const error = new Error('prover down');
    Object.assign(f.context, { onProve: async () => Promise.reject(error) });
    const running = f.next(new SaleInitialProving(), 500);
    await f.advanceToNextPeriod();
    expect(((await running) as SaleErrored).error).toBe(error);
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'getChallenge failed');
    f.market.errors.set('getChallenge', error);
    const running = f.next(new SaleInitialProving(), 500);
    await f.advanceToNextPeriod();
    expect(((await running) as SaleErrored).error).toBe(error);
  });

  it('stops waiting when the sale moves on', async () => {
    const controller = new AbortController();
    const done = new SaleInitialProving().run(f.agent, controller.signal);
    await f.clock.settle();
    controller.abort();
    await expect(done).rejects.toSatisfy((e) => isCancellation(e, controller.signal));
  });
});
