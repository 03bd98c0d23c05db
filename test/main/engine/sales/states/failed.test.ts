import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError, SaleError } from '../../../../../src-main/engine/index';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
});
afterEach(() => f.dispose());

const run = () => new SaleFailed().run(f.agent);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SaleFailed());
const cps = () => f.request.ask.collateralPerByte * f.request.ask.slotSize;

describe('SaleFailed', () => {
  it('leaves a slot we hold with freeSlot and errs with "Sale failed"', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, cps());
    const next = (await run()) as SaleErrored;
    expect(next).toBeInstanceOf(SaleErrored);
    expect(next.error).toBeInstanceOf(SaleError);
    expect(next.note).toBe('Sale failed');
    expect(f.market.freed).toEqual([f.slotId]);
    expect(f.agent.record.sale).toMatchObject({ slashed: cps(), collateralReturned: 0n });
    const outcomes = f.recorded.events.flatMap((e) => (e.type === 'outcome' ? [e.outcome] : []));
    expect(outcomes).toMatchObject([{ kind: 'request-failed', amount: cps() }]);
  });

  it('does not free a slot it never held (Codex erred with the freeSlot error instead)', async () => {
    const next = (await run()) as SaleErrored;
    expect(next.note).toBe('Sale failed');
    expect(f.market.freed).toEqual([]);
  });

  it('market error → errored, with the freeSlot error', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, cps());
    const error = new MarketError('MarketUnavailable', 'freeSlot failed');
    f.market.errors.set('freeSlot', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });

  it('reacts to no event', () => {
    expect(new SaleFailed().onCancelled(f.request)).toBeUndefined();
    expect(new SaleFailed().onFailed(f.request)).toBeUndefined();
  });
});
