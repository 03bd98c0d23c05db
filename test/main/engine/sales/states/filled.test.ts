import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketError } from '../../../../../src-main/engine/index';
import { SaleCancelled } from '../../../../../src-main/engine/sales/states/cancelled';
import { SaleErrored } from '../../../../../src-main/engine/sales/states/errored';
import { SaleFailed } from '../../../../../src-main/engine/sales/states/failed';
import { SaleFilled } from '../../../../../src-main/engine/sales/states/filled';
import { SaleProvingSimulated } from '../../../../../src-main/engine/sales/states/proving-simulated';
import { SaleProving } from '../../../../../src-main/engine/sales/states/proving';
import { saleFixture, type SaleFixture } from '../../../../fakes/sale-fixture';

let f: SaleFixture;
beforeEach(async () => {
  f = await saleFixture();
  f.market.requestEnds.set(f.requestId, 321);
});
afterEach(() => f.dispose());

const run = () => new SaleFilled().run(f.agent, f.signal);
/** Runs the state in the agent's machine, as the app does: a failure becomes SaleErrored. */
const inMachine = () => f.next(new SaleFilled());

describe('SaleFilled', () => {
  it('switches to cancelled state when request expires', () => {
    expect(new SaleFilled().onCancelled()).toBeInstanceOf(SaleCancelled);
  });

  it('switches to failed state when request fails', () => {
    expect(new SaleFilled().onFailed()).toBeInstanceOf(SaleFailed);
  });

  it('switches to proving state when slot is filled by me', async () => {
    f.market.fill(f.requestId, f.slotIndex);
    expect(await run()).toBeInstanceOf(SaleProving);
    expect(f.recorded.filled).toBe(1);
  });

  it('calls onExpiryUpdate with request end', async () => {
    f.market.fill(f.requestId, f.slotIndex);
    f.market.requestEnds.set(f.requestId, 123);
    expect(await run()).toBeInstanceOf(SaleProving);
    expect(f.recorded.expiryUpdates).toEqual([123]);
  });

  it('tells the operator the slot was won, once', async () => {
    f.market.fill(f.requestId, f.slotIndex);
    await run();
    await run();
    expect(
      f.recorded.events.filter((e) => e.type === 'outcome').map((e) => e.type === 'outcome' && e.outcome.kind),
    ).toEqual(['slot-won']);
  });

  it('switches to simulated proving when proof failures are simulated', async () => {
    await f.dispose();
    f = await saleFixture({ simulateProofFailures: 3 });
    f.market.fill(f.requestId, f.slotIndex);
    const next = (await run()) as SaleProvingSimulated;
    expect(next).toBeInstanceOf(SaleProvingSimulated);
    expect(next.failEveryNProofs).toBe(3);
  });

  it('switches to error state when slot is filled by another host', async () => {
    f.market.fill(f.requestId, f.slotIndex, '0x' + 'bb'.repeat(20));
    const next = (await run()) as SaleErrored;
    expect(next).toBeInstanceOf(SaleErrored);
    expect(next.note).toBe('Slot filled by other host');
    expect(f.agent.record.sale.ignoredReason).toBe('slot-filled-by-other');
    expect(f.recorded.filled).toBe(0);
  });

  it('switches to errored when the expiry update fails', async () => {
    f.market.fill(f.requestId, f.slotIndex);
    const error = new Error('cannot extend');
    Object.assign(f.context, { onExpiryUpdate: async () => Promise.reject(error) });
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });

  it('market error → errored', async () => {
    const error = new MarketError('MarketUnavailable', 'getHost failed');
    f.market.errors.set('getHost', error);
    expect(((await inMachine()) as SaleErrored).error).toBe(error);
  });
});
