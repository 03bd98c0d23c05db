import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { type SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

const run = () => new SaleCancelled().run(f.agent);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SaleCancelled());
const outcomes = () => f.recorded.events.flatMap((e) => (e.type === 'outcome' ? [e.outcome] : []));

describe('SaleCancelled', () => {
  it('calls onCleanUp with reprocessSlot = false, and returnedCollateral = currentCollateral', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, 500n);
    expect(await run()).toBeUndefined();
    expect(f.market.freed).toEqual([f.slotId]);
    expect(f.recorded.cleanUps).toEqual([{ reprocessSlot: false, returnedCollateral: 500n }]);
    expect(f.recorded.clears).toHaveLength(1);
  });

  it('records the partial payout for the time hosted until the expiry', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, 500n);
    const filledAt = f.clock.now();
    f.agent.record.set({ filledAt });
    await run();
    const expiresAt = f.market.requestExpiry.get(f.requestId)!;
    const payout = BigInt(expiresAt - filledAt) * f.request.ask.pricePerBytePerSecond * f.request.ask.slotSize;
    expect(f.agent.record.sale.payout).toBe(payout);
    expect(outcomes()).toMatchObject([{ kind: 'request-cancelled', amount: payout }]);
  });

  it('completes the cancelled state when free slot error is raised and the collateral is returned when a host is hosting a slot', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, 500n);
    f.market.errors.set('freeSlot', new MarketError('Marketplace_SlotIsFree', 'already free'));
    expect(await run()).toBeUndefined();
    expect(f.recorded.cleanUps).toEqual([{ reprocessSlot: false, returnedCollateral: 500n }]);
  });

  it('completes the cancelled state when free slot error is raised and the collateral is not returned when a host is not hosting a slot', async () => {
    f.market.fill(f.requestId, f.slotIndex, '0x' + 'bb'.repeat(20), 500n);
    f.market.errors.set('freeSlot', new MarketError('Marketplace_SlotIsFree', 'already free'));
    expect(await run()).toBeUndefined();
    expect(f.recorded.cleanUps).toEqual([{ reprocessSlot: false, returnedCollateral: undefined }]);
    expect(f.market.freed).toEqual([]);
    expect(outcomes()).toMatchObject([{ kind: 'request-cancelled' }]);
  });

  it('calls onCleanUp and returns the collateral when an error is raised (it errs with that error)', async () => {
    const error = new MarketError('MarketUnavailable', 'getHost failed');
    f.market.errors.set('getHost', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });

  it('market error → errored', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, 500n);
    const error = new MarketError('Marketplace_InvalidSlotHost', 'not yours');
    f.market.errors.set('freeSlot', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });

  it('reacts to no event (terminal)', () => {
    const state = new SaleCancelled();
    expect([
      state.onCancelled(f.request),
      state.onFailed(f.request),
      state.onSlotFilled(f.requestId, f.slotIndex),
    ]).toEqual([undefined, undefined, undefined]);
  });
});
