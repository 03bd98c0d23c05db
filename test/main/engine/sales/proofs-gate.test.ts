// Selling refused while the proof system cannot prove, with the real Groth16 proof system and its
// circuit files on disk: no slot is reserved, downloaded or even recorded while the files are
// missing or wrong, the queue says why and Sales tells (the host's alert watch turns that into the
// alert, test/main/compose/alert-watch.test.ts); the held slots are taken as soon as the files are there.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProofReadiness } from '../../../../src-main/engine/index';
import type { DevnetCircuit } from '../../../../src-main/proofs/circuits';
import {
  createGroth16ProofSystem,
  fileSlotTreeStorage,
  HashPool,
  type CodexGroth16ProofSystem,
} from '../../../../src-main/proofs/codex';
import { devnetCircuit } from '../../../support/devnet-circuit';
import { toyCircuit } from '../../../support/toy-circuit';
import { eventually as settleUntil } from '../../../fakes/eventually';
import { salesAvailability, salesFixture, type SalesFixture } from '../../../fakes/sales-fixture';

const FILES = ['proof_main.wasm', 'proof_main.zkey', 'proof_main_verification_key.json'] as const;
const pool = new HashPool({ size: 1 });
let circuit: DevnetCircuit;
let dir: string;
let f: SalesFixture;
let proofs: CodexGroth16ProofSystem;
let told: ProofReadiness[];

beforeAll(async () => {
  circuit = await devnetCircuit();
}, 180_000);
afterAll(() => pool.close());
afterEach(async () => {
  await f.dispose();
  await proofs.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sales over the fake market with the Groth16 proof system reading its circuit from `dir`. */
async function start(recheckMs = 0, prepare = async () => {}): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'slotkeeper-circuit-dir-'));
  await prepare();
  f = await salesFixture({
    start: false,
    sales: { proofsRecheckMs: recheckMs },
    proofSystem: (storage) =>
      (proofs = createGroth16ProofSystem({
        repo: storage.repo,
        hashPool: pool,
        treeStorage: (key) => fileSlotTreeStorage(join(storage.dataDir, `${key}.tree`)),
        dataDir: storage.dataDir,
        zkeyHash: circuit.zkeyHash,
        circuitDir: dir,
      })),
  });
  told = [];
  f.sales.on((e) => e.type === 'proofs-readiness-changed' && told.push(e.readiness));
  await f.sales.start();
}

const eventually = (condition: () => boolean) => settleUntil(condition, () => f.settle());
const install = async (from = circuit.dir, names: readonly string[] = FILES) => {
  for (const name of names) await copyFile(join(from, name), join(dir, name));
};
const idle = async () => {
  for (let i = 0; i < 20; i++) await f.settle();
};

describe('selling while proofs cannot be made', () => {
  it('takes no slot while the circuit files are missing: nothing reserved or recorded, the queue held with the reason, told once', async () => {
    await start();
    f.sales.createAvailability(salesAvailability({ totalSize: 400n, totalCollateral: 400n }));
    await f.market.requestStorage(f.request);
    await idle();
    expect(f.calls.stores).toEqual([]);
    expect(f.sales.reservationsOf()).toEqual([]);
    expect(f.sales.sales()).toEqual([]);
    expect(f.sales.queue.length).toBe(4);
    const snapshot = f.sales.queueSnapshot();
    expect(snapshot).toMatchObject({ paused: true, sellingPaused: false });
    expect(snapshot.heldReason).toMatch(/lacks proof_main\.wasm, proof_main\.zkey, proof_main_verification_key\.json/);
    expect(f.sales.proofReadiness()).toMatchObject({ ready: false });
    expect(told).toEqual([{ ready: false, reason: expect.stringContaining('(--circuit-dir) lacks') }]);
    // The operator's resume does not override the hold.
    f.sales.pauseSelling();
    f.sales.resumeSelling();
    await idle();
    expect(f.calls.stores).toEqual([]);
  });

  it('refuses files from two different setups, then takes the held slots once the right files are there', async () => {
    await start(20);
    const toy = await toyCircuit();
    await install(circuit.dir, ['proof_main.wasm', 'proof_main_verification_key.json']);
    await install(toy.dir, ['proof_main.zkey']);
    f.sales.createAvailability(salesAvailability());
    await f.market.requestStorage(f.request);
    await eventually(() => (f.sales.queueSnapshot().heldReason ?? '').includes('another setup'));
    expect(f.sales.reservationsOf()).toEqual([]);
    expect(f.calls.stores).toEqual([]);
    await install();
    // The timer's next check sees them; the queue is retried at once.
    await eventually(() => f.calls.stores.length === 1);
    expect(f.sales.proofReadiness()).toEqual({ ready: true });
    expect(f.sales.queueSnapshot().heldReason).toBeUndefined();
    expect(told.at(-1)).toEqual({ ready: true });
  });

  it('puts a slot back unreserved when the files vanished since the last check', async () => {
    await start(0, () => install());
    f.sales.createAvailability(salesAvailability());
    await idle();
    expect(f.sales.proofReadiness()).toEqual({ ready: true });
    await rm(join(dir, 'proof_main.zkey'));
    // No timer: only the check before taking the slot can see it.
    await f.market.requestStorage(f.request);
    await eventually(() => f.sales.queueSnapshot().heldReason !== undefined);
    await idle();
    expect(f.calls.stores).toEqual([]);
    expect(f.sales.reservationsOf()).toEqual([]);
    expect(f.sales.queue.length).toBe(4);
  });
});
