// The wall time of every proof a sale builds lands in its history: the initial proof and each
// period's. performance.now is replaced by a counter the prover moves, so the times are exact.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProofPurpose, SaleRecord } from '../../../../src-main/engine/index';
import type { OnProve } from '../../../../src-main/engine/sales/context';
import { SaleInitialProving } from '../../../../src-main/engine/sales/states/initial-proving';
import { SaleProving } from '../../../../src-main/engine/sales/states/proving';
import { emptyProof } from '../../../fakes/fake-market';
import { saleFixture, type SaleFixture } from '../../../fakes/sale-fixture';

let f: SaleFixture;
let now = 1_000;
/** How long each next proof takes, in order; the last repeats. */
let buildTimes: number[] = [];
/** The purpose each proof was asked with, in order. */
let purposes: (ProofPurpose | undefined)[] = [];

beforeEach(async () => {
  f = await saleFixture();
  now = 1_000;
  buildTimes = [100];
  purposes = [];
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  const onProve: OnProve = async (_slot, _challenge, _signal, purpose) => {
    purposes.push(purpose);
    now += buildTimes.length > 1 ? buildTimes.shift()! : buildTimes[0]!;
    return emptyProof();
  };
  Object.assign(f.context, { onProve });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await f.dispose();
});

const stored = () => f.storage.history.getSale(f.agent.record.id);

describe('proof build time', () => {
  it('is recorded for the initial proof and persisted when the sale moves on to filling', async () => {
    buildTimes = [137.4];
    const filling = new Promise<SaleRecord>((resolve) =>
      f.context.events.on((e) => {
        if (e.type === 'sale-state-changed' && e.sale.state === 'SaleFilling')
          resolve(f.storage.history.getSale(e.sale.id)!);
      }),
    );
    void f.next(new SaleInitialProving(), 500);
    await f.advanceToNextPeriod();
    expect((await filling).proofBuild).toEqual({ count: 1, lastMs: 137, totalMs: 137 });
    // An initial proof is for a slot being filled: the proof system serves it after held slots' proofs.
    expect(purposes).toEqual(['filling']);
  });

  it('adds up over the periods proven, keeping the latest, and is persisted with the batched proof counters', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, f.request.ask.collateralPerByte * f.request.ask.slotSize);
    f.market.proofRequired.add(f.slotId);
    buildTimes = [200, 350];
    void f.next(new SaleProving(), 5);
    await f.clock.settle();
    expect(f.market.submitted).toHaveLength(1);
    expect(f.agent.record.sale.proofBuild).toEqual({ count: 1, lastMs: 200, totalMs: 200 });
    // A period's proof is for a slot we hold: the most urgent work the proof system has.
    expect(purposes).toEqual(['held']);
    await f.advanceToNextPeriod();
    await f.clock.settle();
    expect(f.market.submitted).toHaveLength(2);
    expect(f.agent.record.sale.proofBuild).toEqual({ count: 2, lastMs: 350, totalMs: 550 });
    // Proof counters are written once per period, batched across slots; the build time rides along.
    await f.advanceToNextPeriod();
    await f.clock.settle();
    const written = stored()!;
    expect(written.proofBuild?.count).toBe(written.proofs.submitted);
    expect(written.proofs.submitted).toBeGreaterThanOrEqual(2);
  });

  it('is not recorded for a proof that could not be built', async () => {
    f.market.fill(f.requestId, f.slotIndex, f.market.signer, f.request.ask.collateralPerByte * f.request.ask.slotSize);
    f.market.proofRequired.add(f.slotId);
    Object.assign(f.context, { onProve: async () => Promise.reject(new Error('disk read failed')) });
    void f.next(new SaleProving(), 5);
    await f.clock.settle();
    expect(f.market.submitted).toHaveLength(0);
    expect(f.agent.record.sale.proofBuild).toBeUndefined();
    expect(stored()?.proofBuild).toBeUndefined();
  });
});
