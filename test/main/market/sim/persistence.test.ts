import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketSimulator, slotIdOf } from '../../../../src-main/market/index';
import {
  advanceToEnd,
  advanceToNextPeriod,
  fillSlots,
  missProofs,
  postRequest,
  proofFor,
  quietSimulator,
  reserveAndFill,
  restart,
} from '../../../fakes/sim-market';
import { testHasher } from '../../../fakes/test-hasher';

let dir: string;
let sim: MarketSimulator;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slotkeeper-sim-'));
});
afterEach(() => {
  sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('resumes the same chain after a restart: clock, requests, slots, balances, reservations and proofs', async () => {
    sim = quietSimulator({ dbPath: join(dir, 'market.sqlite'), seed: 5 });
    const id = await postRequest(sim);
    await fillSlots(sim, id, [1n, 2n, 3n]);
    await advanceToNextPeriod(sim);
    await sim.connect(sim.actor('competitor', 50)).reserveSlot(id, 0n);
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    await missProofs(sim, slotIdOf(id, 1n), 1);
    await sim.connect().submitProof(slotIdOf(id, 0n), await proofFor(sim, id, 0n));
    const before = {
      now: sim.now(),
      block: sim.clock.blockNumber(),
      state: sim.contract.requestState(id),
      summary: sim.requestSummary(id),
      host: sim.hostAccount(),
      collateral: sim.contract.currentCollateral(slotIdOf(id, 1n)),
      missed: sim.contract.missingProofs(slotIdOf(id, 1n)),
      reservations: sim.state.reservations.get(slotIdOf(id, 0n)),
      challenge: sim.contract.getChallenge(slotIdOf(id, 0n)),
      solvency: sim.solvency(),
    };

    sim = restart(sim);
    expect({
      now: sim.now(),
      block: sim.clock.blockNumber(),
      state: sim.contract.requestState(id),
      summary: sim.requestSummary(id),
      host: sim.hostAccount(),
      collateral: sim.contract.currentCollateral(slotIdOf(id, 1n)),
      missed: sim.contract.missingProofs(slotIdOf(id, 1n)),
      reservations: sim.state.reservations.get(slotIdOf(id, 0n)),
      challenge: sim.contract.getChallenge(slotIdOf(id, 0n)),
      solvency: sim.solvency(),
    }).toEqual(before);
    expect(before.state).toBe('Started');
    expect(before.reservations).toHaveLength(2);
    expect(before.missed).toBe(1);
    // The proof of this period survived the restart.
    await expect(sim.connect().submitProof(slotIdOf(id, 0n), await proofFor(sim, id, 0n))).rejects.toMatchObject({
      code: 'Proofs_ProofAlreadySubmitted',
    });
    expect(await sim.connect().mySlots()).toEqual([slotIdOf(id, 0n)]);
    expect(await sim.connect(sim.actor('client', 0)).myRequests()).toEqual([id]);
    expect((await sim.connect().queryPastSlotFilledEvents({ fromBlock: 0 })).map((e) => e.slotIndex)).toEqual([
      1n,
      2n,
      3n,
      0n,
    ]);
  });

  it('keeps working after a restart: the restored host collects its payout', async () => {
    sim = quietSimulator({ dbPath: join(dir, 'market.sqlite'), validator: false, hostBalance: 0n });
    const id = await postRequest(sim);
    await fillSlots(sim, id, [1n, 2n, 3n]);
    await reserveAndFill(sim, sim.hostAddress, id, 0n);
    sim = restart(sim);
    await advanceToEnd(sim, id);
    await sim.connect().freeSlot(slotIdOf(id, 0n));
    expect(sim.hostAccount().balance).toBe(3600n * 65536n + 131072n);
    sim = restart(sim);
    expect(sim.contract.slotState(slotIdOf(id, 0n))).toBe('Paid');
    expect(sim.solvency().ok).toBe(true);
  });

  it('gives requests posted after a restart at the same chain second fresh nonces', async () => {
    sim = quietSimulator({ dbPath: join(dir, 'chain.sqlite') });
    const first = await sim.postRequest();
    sim = restart(sim);
    const second = await sim.postRequest();
    expect(second).not.toBe(first);
    expect(sim.requestSummary(first)).toBeDefined();
    expect(sim.requestSummary(second)).toBeDefined();
  });

  it('stores the chain in WAL mode with bigints as decimal text', async () => {
    sim = quietSimulator({ dbPath: join(dir, 'market.sqlite') });
    await postRequest(sim);
    sim.flush();
    const db = new Database(join(dir, 'market.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const row = db.prepare('SELECT amount FROM balances WHERE address = ?').get(sim.hostAddress) as { amount: string };
    expect(row.amount).toBe(String(10n ** 24n));
    db.close();
  });

  it('remembers the seed and configuration it was created with', async () => {
    sim = quietSimulator({ dbPath: join(dir, 'market.sqlite'), seed: 9, configOverrides: { proofs: { period: 20 } } });
    const seed = sim.chainSeed;
    sim.close();
    sim = new MarketSimulator({
      dbPath: join(dir, 'market.sqlite'),
      clock: 'manual',
      clientRate: 0,
      competitors: 0,
      seed: 1,
      hasher: testHasher(),
    });
    expect(sim.chainSeed).toBe(seed);
    expect(sim.config.proofs.period).toBe(20);
  });
});
