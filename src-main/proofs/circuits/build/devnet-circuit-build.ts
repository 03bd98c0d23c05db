// Builds the devnet circuit (../devnet/devnet-storage-proof.circom) at build time: circom2 compile
// and a 2^8 Groth16 setup, cached in .cache/devnet-circuit/<hash of the source and tools>/ so only
// a cold cache pays for it (≈5–15 s); the app build copies the result into out/main/devnet-circuit/.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedFolder } from './cached-folder.js';
import { buildCircuitDir, circuitToolVersions } from './groth16-setup.js';
import { DEVNET_MANIFEST, type DevnetCircuitManifest } from '../devnet/manifest.js';

/** The circuit's source file. */
export const DEVNET_CIRCUIT_SOURCE = fileURLToPath(new URL('../devnet/devnet-storage-proof.circom', import.meta.url));

/** The circuit has 156 constraints; with its 3 public inputs and one more they fit in 2^8. */
const POWER = 8;

/** The built devnet circuit's folder (under `projectRoot`/.cache), built first if the cache lacks it. */
export async function buildDevnetCircuit(projectRoot: string): Promise<string> {
  const source = readFileSync(DEVNET_CIRCUIT_SOURCE);
  const buildKey = createHash('sha256')
    .update(source)
    .update(`${circuitToolVersions()} power ${POWER} v1`)
    .digest('hex')
    .slice(0, 24);
  return cachedFolder(join(projectRoot, '.cache', 'devnet-circuit'), buildKey, DEVNET_MANIFEST, async (dir) => {
    await buildCircuitDir(DEVNET_CIRCUIT_SOURCE, dir, projectRoot, POWER);
    const zkeyHash = createHash('sha256')
      .update(readFileSync(join(dir, 'proof_main.zkey')))
      .digest('hex');
    const manifest: DevnetCircuitManifest = { zkeyHash, buildKey };
    await writeFile(join(dir, DEVNET_MANIFEST), JSON.stringify(manifest, null, 1));
  });
}
