import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleIgnored } from '../../../../../src-main/engine/sales/states/ignored';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

describe('SaleIgnored', () => {
  it('calls onCleanUp with values assigned to SaleIgnored', async () => {
    await new SaleIgnored({ reprocessSlot: true, reason: 'no-availability' }).run(f.agent);
    expect(f.recorded.cleanUps).toEqual([{ reprocessSlot: true, returnedCollateral: undefined }]);
  });

  it('returns collateral when returnsCollateral is true', async () => {
    await new SaleIgnored({ reprocessSlot: false, returnsCollateral: true, reason: 'reservations-full' }).run(f.agent);
    expect(f.recorded.cleanUps[0]!.returnedCollateral).toBe(f.request.ask.collateralPerByte * f.request.ask.slotSize);
  });

  it('gives the sale its reason when entered', () => {
    const state = new SaleIgnored({ reprocessSlot: false, reason: 'price-too-low' });
    expect(state.facts).toEqual({ ignoredReason: 'price-too-low' });
    expect(state.note).toBe('price-too-low');
  });

  it('switches to errored when clean-up fails (the market error → errored case)', async () => {
    const error = new Error('storage failed');
    f.agent.onCleanUp = async () => Promise.reject(error);
    const next = (await f.next(new SaleIgnored({ reprocessSlot: false, reason: 'slot-not-free' }))) as SaleErrored;
    expect(next.error).toBe(error);
  });

  it('reacts to no event', () => {
    const state = new SaleIgnored({ reprocessSlot: false, reason: 'slot-not-free' });
    expect(state.onCancelled(f.request)).toBeUndefined();
    expect(state.onSlotFilled(f.requestId, f.slotIndex)).toBeUndefined();
  });
});
