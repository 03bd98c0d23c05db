// The devnet circuit at run time: the folder the app build wrote beside the main bundle
// (out/main/devnet-circuit/, see ../build/vite-plugin.ts), checked like any circuit dir. Nothing
// is compiled or set up here: a missing folder is an incomplete build.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Groth16Files } from '../../groth16';
import { circuitFilesIn, CODEX_PUBLIC_INPUT_COUNT } from '../files';
import { checkCircuitFiles } from '../validate';
import { DEVNET_CIRCUIT_FOLDER, DEVNET_MANIFEST, parseDevnetManifest } from './manifest';

/** A usable devnet circuit. */
export interface DevnetCircuit {
  /** The circuit dir (pass it as the proof system's circuitDir). */
  readonly dir: string;
  readonly files: Groth16Files;
  /** The verification key as snarkjs wrote it (verifierConstructorArgs takes it). */
  readonly verificationKey: Record<string, unknown>;
  /** The SHA-256 of its zkey: what the devnet's Marketplace carries as proofs.zkeyHash. */
  readonly zkeyHash: string;
}

/** The devnet circuit is not where the build puts it, or it is damaged. */
export class DevnetCircuitError extends Error {
  override readonly name = 'DevnetCircuitError';
}

/** Where the build puts the folder: beside this module's bundle (out/main/ or out/main/chunks/), or under out/main/ of the checkout. */
export function devnetCircuitCandidates(from = fileURLToPath(import.meta.url)): string[] {
  const here = dirname(from);
  const candidates = [join(here, DEVNET_CIRCUIT_FOLDER), join(here, '..', DEVNET_CIRCUIT_FOLDER)];
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) {
      candidates.push(join(dir, 'out', 'main', DEVNET_CIRCUIT_FOLDER));
      break;
    }
  return candidates;
}

/**
 * The devnet circuit in `dir` (default: the first candidate holding a manifest), its files checked.
 * Throws DevnetCircuitError saying what to do.
 */
export async function loadDevnetCircuit(dir?: string): Promise<DevnetCircuit> {
  const found = dir ?? devnetCircuitCandidates().find((d) => existsSync(join(d, DEVNET_MANIFEST)));
  if (found === undefined)
    throw new DevnetCircuitError(
      `The devnet circuit is missing (looked in ${devnetCircuitCandidates().join(', ')}): the build is incomplete. Run npm run build, or pass real circuit files with --circuit-dir.`,
    );
  const manifestPath = join(found, DEVNET_MANIFEST);
  const manifest = existsSync(manifestPath) ? parseDevnetManifest(readFileSync(manifestPath, 'utf8')) : undefined;
  if (!manifest)
    throw new DevnetCircuitError(
      `${manifestPath} is missing or not a devnet circuit manifest. Run npm run build again.`,
    );
  const files = circuitFilesIn(found);
  const check = await checkCircuitFiles(files, CODEX_PUBLIC_INPUT_COUNT);
  if (!check.ok) {
    const why = 'file' in check ? `${check.file}: ${check.reason}` : `${check.missing.join(', ')} missing`;
    throw new DevnetCircuitError(`The devnet circuit in ${found} is not usable (${why}). Run npm run build again.`);
  }
  const verificationKey = JSON.parse(readFileSync(files.verificationKey, 'utf8')) as Record<string, unknown>;
  return { dir: found, files, verificationKey, zkeyHash: manifest.zkeyHash };
}
