import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFilled } from '../../../../../src-main/engine/sales/states/filled';
import { SaleFinished } from '../../../../../src-main/engine/sales/states/finished';
import { SalePayout } from '../../../../../src-main/engine/sales/states/payout';
import { SaleUnknown } from '../../../../../src-main/engine/sales/states/unknown';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture({ firstState: 'SaleUnknown' });
});
afterEach(() => f.dispose());

const run = () => new SaleUnknown().run(f.agent, f.signal);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SaleUnknown());

describe('SaleUnknown', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleUnknown().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleUnknown().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('switches to error state when the request cannot be retrieved', async () => {
    await f.dispose();
    f = await saleFixture({ agentKnowsRequest: false, marketKnowsRequest: false, firstState: 'SaleUnknown' });
    expect(((await run()) as SaleErrored).note).toBe('request could not be retrieved');
  });

  it("switches to error state when on chain state is 'free' (also when it was never set)", async () => {
    const next = (await run()) as SaleErrored;
    expect(next).toBeInstanceOf(SaleErrored);
    expect(next.note).toBe("Slot state on chain should not be 'free'");
  });

  it.each([
    ['Filled', SaleFilled],
    ['Finished', SalePayout],
    ['Paid', SaleFinished],
    ['Failed', SaleFailed],
    ['Cancelled', SaleCancelled],
  ] as const)("switches by the on-chain state '%s'", async (state, next) => {
    f.market.slotStates.set(f.slotId, state);
    expect(await run()).toBeInstanceOf(next);
  });

  it('returns the collateral of a slot paid before the restart', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, 77n);
    f.market.slotStates.set(f.slotId, 'Paid');
    expect(((await run()) as SaleFinished).returnedCollateral).toBe(77n);
  });

  it("switches to error state when on chain state is 'repair' (the slot was taken from us)", async () => {
    f.market.slotStates.set(f.slotId, 'Repair');
    expect(((await run()) as SaleErrored).note).toBe('Slot was forcibly freed');
    expect(f.alerter.raised()).toMatchObject([
      { key: `proofs-missed:${f.slotId}`, severity: 'critical', data: { slotId: f.slotId } },
    ]);
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'slotState failed');
    f.market.errors.set('slotState', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });
});
