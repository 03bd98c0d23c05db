// A host killed (SIGKILL) mid-download, for real: a child process stores blocks and keeps their
// proofs as a download does; after the kill the reopened store serves every stored block but the
// handful whose proofs were not appended yet, and nothing it cannot prove.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RepoServedBlocks } from '../../../../src-main/network/serve/repo-served-blocks';
import { openStorage } from '../../../../src-main/storage/open-storage';
import { tempDataDir } from '../../../fakes/test-db';
import { BLOCKS, KEY, killBlock, killManifest, killProof } from './workers/download-shape';

const hooks = fileURLToPath(new URL('../../../fakes/node-ts-hooks.mjs', import.meta.url));
const worker = fileURLToPath(new URL('./workers/download-worker.ts', import.meta.url));

/** Runs the worker until it has stored `blocks` blocks, then kills it; returns the last block it said it stored. */
async function killAfter(dataDir: string, blocks: number): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--experimental-transform-types', '--no-warnings', '--import', hooks, worker, dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let last = -1;
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (line.startsWith('stored ')) last = Math.max(last, Number(line.slice(7)));
      if (last + 1 >= blocks) resolve();
    });
    void exited.then(() => reject(new Error(`the worker ended before block ${blocks}: ${errors}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(errors).toBe('');
  return last;
}

describe('a download killed mid-slot', () => {
  it('serves after a restart every stored block but the few whose proofs were not yet appended, and appends on', async () => {
    for (const killAt of [40, 170]) {
      const temp = tempDataDir();
      try {
        const said = await killAfter(temp.dir, killAt);
        let storage = openStorage({ dataDir: temp.dir });
        let served = new RepoServedBlocks(storage.repo);
        await served.load();
        const stored = Number(storage.repo.slotDataSize(KEY) / 65_536n);
        expect(stored).toBeGreaterThan(said);
        expect(stored).toBeLessThanOrEqual(BLOCKS);
        let proven = 0;
        while (proven < stored && (await served.hasLeaf(killManifest.treeCid, 3 * proven + 1))) proven++;
        // Proofs are appended in arrival order: those on disk are the first ones, with no gap.
        for (let i = proven; i < BLOCKS; i++)
          expect(await served.hasLeaf(killManifest.treeCid, 3 * i + 1), `${i}`).toBe(false);
        // Lost: at most the batch being appended and the one filling (16 proofs each).
        expect(stored - proven).toBeLessThanOrEqual(32);
        for (const i of [0, proven - 1]) {
          const leaf = await served.leaf(killManifest.treeCid, 3 * i + 1);
          expect(leaf?.data).toEqual(killBlock(i));
          expect(leaf?.proof).toEqual(killProof(i));
        }
        // The lost blocks come again (a fetch after a restart) and their proofs follow the others.
        await storage.repo.writeSlotData(KEY, proven * 65_536, killBlock(proven));
        await served.keepProof(KEY, { index: proven, datasetIndex: 3 * proven + 1, proof: killProof(proven) });
        storage.close();
        storage = openStorage({ dataDir: temp.dir });
        served = new RepoServedBlocks(storage.repo);
        await served.load();
        expect((await served.leaf(killManifest.treeCid, 3 * proven + 1))?.proof).toEqual(killProof(proven));
        storage.close();
      } finally {
        temp.remove();
      }
    }
  }, 60_000);
});
