import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFilled } from '../../../../../src-main/engine/sales/states/filled';
import { SaleFilling } from '../../../../../src-main/engine/sales/states/filling';
import { SaleIgnored } from '../../../../../src-main/engine/sales/states/ignored';
import { emptyProof } from '../../../../fakes/fake-market';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
const proof = emptyProof();
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

const run = () => new SaleFilling(proof).run(f.agent, f.signal);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SaleFilling(proof));

describe('SaleFilling', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleFilling(proof).onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleFilling(proof).onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('does not react to SlotFilled (its own fill would cancel it mid-transaction)', () => {
    expect(new SaleFilling(proof).onSlotFilled(f.requestId, f.slotIndex)).toBeUndefined();
  });

  it('fills the slot with the proof and the collateral, then moves to filled', async () => {
    expect(await run()).toBeInstanceOf(SaleFilled);
    const collateral = f.request.ask.collateralPerByte * f.request.ask.slotSize;
    expect(f.market.filled).toEqual([
      { requestId: f.requestId, slotIndex: f.slotIndex, host: f.market.signer, proof, collateral },
    ]);
    expect(f.agent.data.collateralPosted).toBe(true);
    expect(f.agent.record.sale).toMatchObject({ filledAt: f.clock.now(), collateral });
  });

  it('posts the repair-discounted collateral for a freed slot', async () => {
    f.market.slotStates.set(f.slotId, 'Repair');
    await run();
    const cps = f.request.ask.collateralPerByte * f.request.ask.slotSize;
    expect(f.market.filled[0]!.collateral).toBe(cps - cps / 10n);
  });

  it('run switches to ignored when slot is not free', async () => {
    f.market.errors.set('fillSlot', new MarketError('Marketplace_SlotNotFree', 'taken'));
    const next = (await run()) as SaleIgnored;
    expect(next).toBeInstanceOf(SaleIgnored);
    expect(next).toMatchObject({ reprocessSlot: false, returnsCollateral: true, reason: 'slot-filled-by-other' });
    expect(f.agent.data.collateralPosted).toBe(false);
  });

  it('run switches to errored with other error', async () => {
    const error = new MarketError('Marketplace_ReservationRequired', 'reserve first');
    f.market.errors.set('fillSlot', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });

  it('switches to errored when the collateral cannot be computed', async () => {
    const error = new MarketError('MarketUnavailable', 'slotCollateral failed');
    f.market.errors.set('slotCollateral', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
    expect(f.market.filled).toEqual([]);
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'no connection');
    f.market.errors.set('fillSlot', error);
    expect(await inMachine()).toBeInstanceOf(SaleErrored);
  });
});
