// Child process for the kill test: stores a slot's blocks one after another as a download does,
// keeping each block's proof without waiting for it, and prints "stored N" after each, until the
// parent kills it with SIGKILL (or all are stored).
import { RepoServedBlocks } from '../../../../../src-main/network/serve/repo-served-blocks';
import { openStorage } from '../../../../../src-main/storage/open-storage';
import { BLOCKS, KEY, killManifest, killBlock, killProof } from './download-shape';

const [dataDir] = process.argv.slice(2);
const storage = openStorage({ dataDir: dataDir! });
const served = new RepoServedBlocks(storage.repo);
await storage.repo.writeSlotData(KEY, 0, killBlock(0));
await served.keepManifest(KEY, killManifest);
for (let i = 0; i < BLOCKS; i++) {
  await storage.repo.writeSlotData(KEY, i * killBlock(i).length, killBlock(i));
  served
    .keepProof(KEY, { index: i, datasetIndex: 3 * i + 1, proof: killProof(i) })
    .catch((error: unknown) => process.stderr.write(`proof ${i}: ${String(error)}\n`));
  process.stdout.write(`stored ${i}\n`);
}
await served.flush();
storage.close();
