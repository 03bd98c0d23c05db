// The devnet circuit for tests: the same build the app's electron-vite build runs (cached in
// .cache/devnet-circuit/, so only a cold cache compiles and sets it up), loaded as the app loads it.
import { join } from 'node:path';
import { buildDevnetCircuit } from '../../src-main/proofs/circuits/build/devnet-circuit-build';
import { loadDevnetCircuit, type DevnetCircuit } from '../../src-main/proofs/circuits';

const root = join(import.meta.dirname, '..', '..');

/** The built devnet circuit. */
export async function devnetCircuit(): Promise<DevnetCircuit> {
  return loadDevnetCircuit(await buildDevnetCircuit(root));
}
