import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { type SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFinished } from '../../../../../src-main/engine/sales/states/finished';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

describe('SaleFinished', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleFinished(10n).onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleFinished(10n).onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('calls onCleanUp with reprocessSlot = false, and returnedCollateral = currentCollateral', async () => {
    expect(await new SaleFinished(10n).run(f.agent)).toBeUndefined();
    expect(f.recorded.cleanUps).toEqual([{ reprocessSlot: false, returnedCollateral: 10n }]);
    expect(f.recorded.clears).toHaveLength(1);
  });

  it('switches to errored when clean-up fails', async () => {
    const error = new Error('database locked');
    f.agent.onCleanUp = async () => Promise.reject(error);
    expect(((await f.next(new SaleFinished(10n))) as SaleErrored).error).toBe(error);
  });

  it('market error → errored (through the host callbacks it calls)', async () => {
    const error = new Error('onClear failed');
    Object.assign(f.context, {
      onClear: () => {
        throw error;
      },
    });
    expect(((await f.next(new SaleFinished(10n))) as SaleErrored).error).toBe(error);
  });
});
