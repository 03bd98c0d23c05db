// How long a held slot's proof waits for the shared hashing pool while slots are being onboarded
// and the simulated clients hash their datasets: with every job in one FIFO queue (the pool before
// priorities) and with the proof at held-proof priority. A proof here is buildCircuitInput, as the
// proof system runs it: the trees of the sampled blocks and the dataset tree over 256 slot roots
// (snarkjs's Groth16 step, on its own worker, is left out). The baseline is the same proof on the idle pool, measured in the same run.
//   npm run bench -- hash-priority        (BENCH_SLOT_MIB=n per slot, default 8; BENCH_SLOTS=n onboarding, default 4)
import { availableParallelism, loadavg } from 'node:os';
import { expect, it } from 'vitest';
import { type BlockHasher, type HashPriority, prioritized } from '../src-main/proofs/codex/pool/block-hasher';
import { HashPool } from '../src-main/proofs/codex/pool/hash-pool';
import { buildCircuitInput } from '../src-main/proofs/codex/sampling/build-circuit-input';
import { buildSlotTree } from '../src-main/proofs/codex/slots/build-slot-tree';
import { slotRoot } from '../src-main/proofs/codex/slots/slot-tree';
import type { StoredSlotTree } from '../src-main/proofs/codex/slots/slot-tree-file';

const SLOT_BLOCKS = Number(process.env.BENCH_SLOT_MIB ?? 8) * 16;
const ONBOARDING = Number(process.env.BENCH_SLOTS ?? 4);
const CLIENT_SLOTS = 2;
const PROOFS = 3;

// Made once and reused: hashing costs the same whatever the bytes, and making 64 KiB per block
// read would keep the main thread too busy to fill the pool's queue.
const made = Array.from({ length: 16 }, (_, s) => new Uint8Array(65536).map((_, i) => (i * 131 + s * 17) & 0xff));
const block = (seed: number) => made[seed % made.length]!;

/** A held slot of 16 blocks, its tree stored, in a dataset of 256 slots: what a proof starts from. */
async function heldSlot(hasher: BlockHasher): Promise<StoredSlotTree> {
  const tree = await buildSlotTree({ dataBlocks: 16, readBlock: async (i) => block(i), hasher });
  if (!tree.ok) throw new Error(tree.error.message);
  const slotRoots = Array.from({ length: 256 }, (_, i) => BigInt(i + 1));
  slotRoots[3] = slotRoot(tree.value);
  return { tree: tree.value, slotIndex: 3, slotRoots };
}

let challenge = 0n;
/** One proof's circuit input built on `hasher` (a new challenge each time), in ms. */
async function proofHashing(stored: StoredSlotTree, hasher: BlockHasher): Promise<number> {
  const t0 = performance.now();
  const input = await buildCircuitInput({ stored, entropy: ++challenge, readBlock: async (i) => block(i), hasher });
  if (!input.ok) throw new Error(input.error.message);
  return performance.now() - t0;
}

/** Slot trees hashed on `hasher` one after another until `running()` is false; returns the blocks read. */
async function slotTrees(hasher: BlockHasher, seed: number, running: () => boolean): Promise<number> {
  let blocks = 0;
  while (running()) {
    const readBlock = async (i: number) => (blocks++, block(seed + i));
    const tree = await buildSlotTree({ dataBlocks: SLOT_BLOCKS, readBlock, hasher });
    if (!tree.ok) throw new Error(tree.error.message);
  }
  return blocks;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Proofs requested one after another while slots onboard and the clients hash without pause (each
 * finished slot is followed by the next, so the queue stays full): each proof's time, and the
 * onboarding's blocks per second meanwhile.
 */
async function underLoad(
  pool: HashPool,
  stored: StoredSlotTree,
  priorities: boolean,
): Promise<{ proofs: number[]; onboardingBlocksPerSecond: number }> {
  const at = (p: HashPriority) => prioritized(pool, priorities ? p : 'onboarding');
  let running = true;
  const t0 = performance.now();
  const onboarding = Promise.all(
    Array.from({ length: ONBOARDING }, (_, s) => slotTrees(at('onboarding'), 1000 * s, () => running)),
  );
  const clients = Promise.all(
    Array.from({ length: CLIENT_SLOTS }, (_, s) => slotTrees(at('client'), 50_000 + 1000 * s, () => running)),
  );
  // The queue fills within the first batches.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const proofs: number[] = [];
  for (let i = 0; i < PROOFS; i++) proofs.push(await proofHashing(stored, at('held-proof')));
  running = false;
  const blocks = (await onboarding).reduce((n, b) => n + b, 0);
  const seconds = (performance.now() - t0) / 1000;
  await clients;
  return { proofs, onboardingBlocksPerSecond: blocks / seconds };
}

it('serves a held slot’s proof ahead of onboarding and client hashing on the shared pool', async () => {
  const workers = availableParallelism();
  const pool = new HashPool({ size: workers });
  try {
    const stored = await heldSlot(pool); // and the workers started and warm
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push(await proofHashing(stored, prioritized(pool, 'held-proof')));
    const idle = median(runs);
    const fifo = await underLoad(pool, stored, false);
    const ranked = await underLoad(pool, stored, true);
    const before = median(fifo.proofs);
    const after = median(ranked.proofs);
    console.log(
      `held proof's circuit input while ${ONBOARDING} slots onboard and ${CLIENT_SLOTS} client slots hash (` +
        `${workers} workers, load average ${loadavg()[0]!.toFixed(1)}): idle pool ${idle.toFixed(0)} ms (baseline)`,
    );
    console.log(
      `  one FIFO queue (before): ${before.toFixed(0)} ms = ${(before / idle).toFixed(1)}× idle ` +
        `(median of ${PROOFS}); onboarding ${fifo.onboardingBlocksPerSecond.toFixed(1)} blocks/s`,
    );
    console.log(
      `  priorities (after): ${after.toFixed(0)} ms = ${(after / idle).toFixed(1)}× idle ` +
        `(median of ${PROOFS}); onboarding ${ranked.onboardingBlocksPerSecond.toFixed(1)} blocks/s`,
    );
    console.log(
      `  a held proof is ready ${(before / after).toFixed(1)}× sooner under load; onboarding runs at ` +
        `${(ranked.onboardingBlocksPerSecond / fifo.onboardingBlocksPerSecond).toFixed(2)}× its FIFO speed meanwhile`,
    );
    expect(after).toBeGreaterThan(0);
  } finally {
    await pool.close();
  }
});
