// Poseidon2 permutations per second per core: the wasm module against the BigInt reference, in
// the same run. The wasm side hashes whole 64 KiB blocks (1,119 permutations each: 32 cell
// sponges of 34 and 31 compressions), the unit onboarding runs on; the reference permutes a
// state in a loop. CPU time is this thread's, so a loaded machine skews wall time but not it.
// Goal: ≥ 50,000 permutations per CPU-second in wasm.
//   npm run bench -- codex-poseidon2        (BENCH_SECONDS=n per side, default 3)
import { expect, it } from 'vitest';
import { permute, type Poseidon2State } from '../src-main/proofs/codex/poseidon2/permutation';
import { createPoseidon2Wasm } from '../src-main/proofs/codex/wasm/module';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const PERMS_PER_BLOCK = 32 * 34 + 31;

interface Rate {
  perWallSecond: number;
  perCpuSecond: number;
}

function measure(unit: () => void, permsPerUnit: number): Rate {
  for (let i = 0; i < 3; i++) unit(); // warm up the JIT and the wasm tier-up
  const cpu0 = process.threadCpuUsage();
  const t0 = performance.now();
  let units = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    unit();
    units++;
  }
  const wall = (performance.now() - t0) / 1000;
  const used = process.threadCpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  return { perWallSecond: (units * permsPerUnit) / wall, perCpuSecond: (units * permsPerUnit) / cpu };
}

it('counts Poseidon2 permutations per second per core, wasm against the BigInt reference', () => {
  const wasm = createPoseidon2Wasm();
  const block = new Uint8Array(65536).map((_, i) => (i * 131 + 7) & 0xff);
  const wasmRate = measure(() => wasm.blockRoot(block), PERMS_PER_BLOCK);
  let state: Poseidon2State = [1n, 2n, 3n];
  const bigintRate = measure(() => {
    for (let i = 0; i < 50; i++) state = permute(state);
  }, 50);
  const k = (x: number) => `${(x / 1000).toFixed(1)}k`;
  console.log(
    `Poseidon2 permutations/s per core — wasm ${k(wasmRate.perCpuSecond)} per CPU-s (${k(wasmRate.perWallSecond)} wall), ` +
      `BigInt ${k(bigintRate.perCpuSecond)} per CPU-s (${k(bigintRate.perWallSecond)} wall); ` +
      `wasm/BigInt ${(wasmRate.perCpuSecond / bigintRate.perCpuSecond).toFixed(1)}× (goal ≥ 50k/s in wasm)`,
  );
  console.log(
    `  a 1 GiB slot (18.35 M permutations) on one core: wasm ${(18_350_079 / wasmRate.perCpuSecond / 60).toFixed(1)} min, ` +
      `BigInt ${(18_350_079 / bigintRate.perCpuSecond / 60).toFixed(0)} min`,
  );
  expect(wasmRate.perCpuSecond).toBeGreaterThan(bigintRate.perCpuSecond);
});
