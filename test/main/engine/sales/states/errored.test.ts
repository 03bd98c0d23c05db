import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { hostMismatch, saleFailed, slotFreed } from '../../../../../src-main/engine/sales/errors';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

const outcomes = () => f.recorded.events.flatMap((e) => (e.type === 'outcome' ? [e.outcome] : []));

describe('SaleErrored', () => {
  it('calls onCleanUp with reprocessSlot = true', async () => {
    await new SaleErrored(new Error('x'), true).run(f.agent);
    expect(f.recorded.cleanUps).toEqual([{ reprocessSlot: true, returnedCollateral: undefined }]);
  });

  it('calls onClear and cleans up without naming a collateral (clean-up decides what comes back)', async () => {
    await new SaleErrored(new Error('x')).run(f.agent);
    expect(f.recorded.clears).toHaveLength(1);
    expect(f.recorded.cleanUps).toEqual([{ reprocessSlot: false, returnedCollateral: undefined }]);
  });

  it('market error → errored: keeps the error, tells the operator, and never throws', async () => {
    const error = new MarketError('MarketUnavailable', 'no connection');
    const state = new SaleErrored(error);
    expect(state.facts).toEqual({ error: 'MarketUnavailable: no connection' });
    f.agent.onCleanUp = async () => Promise.reject(new Error('clean-up failed too'));
    expect(await state.run(f.agent)).toBeUndefined();
    expect(outcomes()).toMatchObject([{ kind: 'sale-errored', reason: 'MarketUnavailable: no connection' }]);
  });

  it('raises an alert for the kind of error, naming the slot', async () => {
    await new SaleErrored(new MarketError('MarketUnavailable', 'no connection')).run(f.agent);
    expect(f.alerter.raised()).toMatchObject([
      {
        key: 'sale-errored:MarketUnavailable',
        category: 'sales',
        severity: 'error',
        data: { slotId: f.slotId, requestId: f.requestId, slotIndex: Number(f.slotIndex) },
      },
    ]);
  });

  it('does not tell the operator twice about a failed request, nor about a slot someone else took', async () => {
    await new SaleErrored(saleFailed()).run(f.agent);
    await new SaleErrored(hostMismatch()).run(f.agent);
    expect(outcomes()).toEqual([]);
    expect(f.alerter.raised()).toEqual([]);
  });

  it('raises no sale alert for a slot taken away: its proofs-missed alert said so already', async () => {
    await new SaleErrored(slotFreed()).run(f.agent);
    expect(outcomes()).toMatchObject([{ kind: 'sale-errored' }]);
    expect(f.alerter.raised()).toEqual([]);
  });

  it('is terminal: it reacts to no event', () => {
    const state = new SaleErrored(new Error('x'));
    expect(state.onCancelled(f.request)).toBeUndefined();
    expect(state.onFailed(f.request)).toBeUndefined();
    expect(state.onSlotFilled(f.requestId, f.slotIndex)).toBeUndefined();
  });
});
