import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { type SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFinished } from '../../../../../src-main/engine/sales/states/finished';
import { SalePayout } from '../../../../../src-main/engine/sales/states/payout';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

const run = () => new SalePayout().run(f.agent, f.signal);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SalePayout());

describe('SalePayout', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SalePayout().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SalePayout().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it("switches to 'finished' state and provides returnedCollateral", async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, 123n);
    const next = (await run()) as SaleFinished;
    expect(next).toBeInstanceOf(SaleFinished);
    expect(next.returnedCollateral).toBe(123n);
    expect(f.market.freed).toEqual([f.slotId]);
  });

  it('records the payout for the time hosted and tells the operator', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, 123n);
    const filledAt = f.clock.now();
    f.agent.record.set({ filledAt });
    const endsAt = f.market.requestEnds.get(f.requestId)!;
    await run();
    const pps = f.request.ask.pricePerBytePerSecond * f.request.ask.slotSize;
    const payout = BigInt(endsAt - filledAt) * pps;
    expect(f.agent.record.sale).toMatchObject({ payout, collateralReturned: 123n });
    const outcomes = f.recorded.events.flatMap((e) => (e.type === 'outcome' ? [e.outcome] : []));
    expect(outcomes).toMatchObject([{ kind: 'payout', amount: payout }]);
  });

  it('market error → errored', async () => {
    const error = new MarketError('Marketplace_InvalidSlotHost', 'not yours');
    f.market.errors.set('freeSlot', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });
});
