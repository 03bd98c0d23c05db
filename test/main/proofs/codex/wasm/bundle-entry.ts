// A tiny program for bundled.test.ts: hashes a block on the pool and prints its root, so the test
// can run the bundle away from the sources the way the built app runs.
import { HashPool } from '../../../../../src-main/proofs/codex/pool/hash-pool';
import { createPoseidon2Wasm } from '../../../../../src-main/proofs/codex/wasm/module';

const pool = new HashPool({ size: 1 });
const block = new Uint8Array(65536).map((_, i) => (i * 5) & 0xff);
const pooled = await pool.blockRoots([block]);
await pool.close();
const inline = createPoseidon2Wasm().blockRoot(block);
process.stdout.write(
  JSON.stringify({
    pooled: pooled.ok ? Buffer.from(pooled.value).toString('hex') : pooled.error,
    inline: Buffer.from(inline).toString('hex'),
  }),
);
