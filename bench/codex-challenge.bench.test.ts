// Building the circuit input for one challenge from a stored slot: load the persisted slot tree,
// sample 5 cells, read and re-hash only their blocks on the pool, take the stored slot paths and
// the dataset path, and write the input JSON. Baseline in the same run: rebuilding the slot tree
// from the data, which the persisted tree spares every proof. Goal: ≤ 0.5 s per challenge. Also
// prints the circuit-statement check of each input (BigInt and wasm: what the simulator's verifier
// costs) and the load time of a 1 GiB slot's tree file (the only part that grows with the slot).
//   npm run bench -- codex-challenge        (BENCH_SLOT_MIB=n, default 8; BENCH_CHALLENGES=n, default 10)
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fieldToBytes } from '../src-main/proofs/codex/poseidon2/field';
import { HashPool } from '../src-main/proofs/codex/pool/hash-pool';
import { buildCircuitInput } from '../src-main/proofs/codex/sampling/build-circuit-input';
import { circuitInputToJson } from '../src-main/proofs/codex/sampling/circuit-input';
import { buildSlotTree } from '../src-main/proofs/codex/slots/build-slot-tree';
import { onboardSlot } from '../src-main/proofs/codex/slots/onboard-slot';
import { slotRoot, slotTreeFromBlockRoots } from '../src-main/proofs/codex/slots/slot-tree';
import { decodeSlotTree, encodeSlotTree } from '../src-main/proofs/codex/slots/slot-tree-file';
import { fileSlotTreeStorage, loadSlotTree } from '../src-main/proofs/codex/slots/slot-tree-storage';
import { checkCircuitStatement } from '../src-main/proofs/codex/statement/check-statement';
import { wasmStatementHasher } from '../src-main/proofs/codex/statement/statement-hasher';
import { createPoseidon2Wasm } from '../src-main/proofs/codex/wasm/module';

const MIB = Number(process.env.BENCH_SLOT_MIB ?? 8);
const CHALLENGES = Number(process.env.BENCH_CHALLENGES ?? 10);
const BLOCKS = MIB * 16;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('builds the circuit input for a challenge from the stored slot tree', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'codex-challenge-'));
  const pool = new HashPool();
  try {
    const dataPath = join(dir, 'slot.data');
    const bytes = new Uint8Array(BLOCKS * 65536).map((_, i) => (i * 2654435761) >>> 27);
    await writeFile(dataPath, bytes);
    const file = await open(dataPath, 'r');
    const readBlock = async (i: number) => {
      const block = new Uint8Array(65536);
      const { bytesRead } = await file.read(block, 0, 65536, i * 65536);
      return block.subarray(0, bytesRead);
    };

    const t0 = performance.now();
    const tree = await buildSlotTree({ dataBlocks: BLOCKS, readBlock, hasher: pool });
    const rebuildMs = performance.now() - t0;
    if (!tree.ok) throw new Error(tree.error.message);
    const slotRoots = Array.from({ length: 11 }, (_, i) => (i === 3 ? slotRoot(tree.value) : BigInt(1000 + i)));
    const storage = fileSlotTreeStorage(join(dir, 'slot.tree'));
    const onboarded = await onboardSlot({
      dataBlocks: BLOCKS,
      readBlock,
      hasher: pool,
      slotIndex: 3,
      slotRoots,
      storage,
    });
    if (!onboarded.ok) throw new Error(onboarded.error.message);

    const inputMs: number[] = [];
    const checkMs: number[] = [];
    const wasmCheckMs: number[] = [];
    const wasmHasher = wasmStatementHasher(createPoseidon2Wasm());
    let inputCpuMs = 0; // every thread's CPU time: the workers' hashing and this thread's work
    for (let c = 0; c < CHALLENGES; c++) {
      const entropy = BigInt(c) * 0x9e3779b97f4a7c15n + 1n;
      const start = performance.now();
      const cpu = process.cpuUsage();
      const stored = await loadSlotTree(storage);
      if (!stored.ok) throw new Error(stored.error.message);
      const input = await buildCircuitInput({ stored: stored.value, entropy, readBlock, hasher: pool });
      if (!input.ok) throw new Error(input.error.message);
      const json = JSON.stringify(circuitInputToJson(input.value));
      inputMs.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      inputCpuMs += (used.user + used.system) / 1000 / CHALLENGES;
      const publicInputs = { entropy, dataSetRoot: input.value.dataSetRoot, slotIndex: 3n };
      const checkStart = performance.now();
      const verdict = checkCircuitStatement(JSON.parse(json), publicInputs);
      checkMs.push(performance.now() - checkStart);
      const wasmCheckStart = performance.now();
      const wasmVerdict = checkCircuitStatement(JSON.parse(json), publicInputs, wasmHasher);
      wasmCheckMs.push(performance.now() - wasmCheckStart);
      expect([verdict, wasmVerdict]).toEqual([{ ok: true }, { ok: true }]);
    }
    await file.close();

    // A 1 GiB slot's tree file: 16,384 block roots and their layers (made-up roots: only the size matters).
    const roots = new Uint8Array(16384 * 32);
    for (let i = 0; i < 16384; i++) roots.set(fieldToBytes(BigInt(i + 1)), i * 32);
    const big = await slotTreeFromBlockRoots(roots, 16384, fieldToBytes(0n), pool);
    if (!big.ok) throw new Error(big.error.message);
    const bigFile = encodeSlotTree({ tree: big.value, slotIndex: 0, slotRoots: [slotRoot(big.value)] });
    const decodeStart = performance.now();
    expect(decodeSlotTree(bigFile).ok).toBe(true);
    const decodeMs = performance.now() - decodeStart;

    console.log(
      `circuit input for one challenge (${MIB} MiB slot, ${CHALLENGES} challenges): median ${median(inputMs).toFixed(0)} ms, ` +
        `max ${Math.max(...inputMs).toFixed(0)} ms, ${inputCpuMs.toFixed(0)} ms of CPU (goal ≤ 500 ms); ` +
        `rebuilding the slot tree instead: ${rebuildMs.toFixed(0)} ms ` +
        `(${(rebuildMs / median(inputMs)).toFixed(0)}× the input)`,
    );
    console.log(
      `  circuit-statement check (the simulator's verifier): median ${median(checkMs).toFixed(0)} ms with BigInt, ` +
        `${median(wasmCheckMs).toFixed(1)} ms with wasm on the same thread (${(median(checkMs) / median(wasmCheckMs)).toFixed(0)}×); ` +
        `loading a 1 GiB slot's tree file (${(bigFile.length / 2 ** 20).toFixed(2)} MiB): ${decodeMs.toFixed(0)} ms`,
    );
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
});
