// The wasm module and the hashing worker travel inside the bundle the build makes (the plugin the
// app's electron.vite.config.ts uses): bundle a small program with it, run the output with plain
// Node from a folder holding nothing else, and get the right block root from both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesToElements } from '../../../../../src-main/proofs/codex/poseidon2/elements';
import { fieldToBytes } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { merkleRoot } from '../../../../../src-main/proofs/codex/poseidon2/merkle';
import { sponge } from '../../../../../src-main/proofs/codex/poseidon2/sponge';
import { codexPoseidon2Wasm } from '../../../../../src-main/proofs/codex/wasm/build/vite-plugin';

const root = join(import.meta.dirname, '../../../../..');
const out = mkdtempSync(join(tmpdir(), 'poseidon2-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the bundled Poseidon2 wasm', () => {
  it('loads and hashes, on the main thread and in a worker, from the bundle alone', async () => {
    await build({
      configFile: false,
      envDir: false,
      logLevel: 'warn',
      root,
      plugins: [codexPoseidon2Wasm(root)],
      build: {
        outDir: out,
        emptyOutDir: false,
        ssr: join(import.meta.dirname, 'bundle-entry.ts'),
        rolldownOptions: { output: { format: 'es', entryFileNames: 'program.mjs' } },
      },
    });
    expect(readdirSync(out)).toEqual(['program.mjs']); // no .wasm or worker file beside it
    const run = spawnSync(process.execPath, ['program.mjs'], { cwd: out, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const block = new Uint8Array(65536).map((_, i) => (i * 5) & 0xff);
    const cells = Array.from({ length: 32 }, (_, c) =>
      sponge(bytesToElements(block.subarray(c * 2048, (c + 1) * 2048)), 2),
    );
    const expected = Buffer.from(fieldToBytes(merkleRoot(cells))).toString('hex');
    expect(JSON.parse(run.stdout)).toEqual({ pooled: expected, inline: expected });
  });
});
