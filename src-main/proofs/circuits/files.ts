// Codex's circuit files and where Slotkeeper keeps them: DATA/circuits/<zkeyHash>/, one folder per
// marketplace circuit, named by the SHA-256 of Codex's archive (the Marketplace's proofs.zkeyHash).
import { join } from 'node:path';
import type { Groth16Files } from '../groth16';

/** The file names in a circuit folder, as Codex's --circuit-dir and its archive use them. */
export const CIRCUIT_FILE_NAMES = {
  wasm: 'proof_main.wasm',
  zkey: 'proof_main.zkey',
  verificationKey: 'proof_main_verification_key.json',
} as const;

/** Where Codex publishes circuit archives; the archive's URL is this followed by the zkeyHash. */
export const DEFAULT_CIRCUIT_BASE_URL = 'https://circuit.codex.storage/proving-key/';

/** Codex's circuit has three public inputs: entropy, dataSetRoot, slotIndex. */
export const CODEX_PUBLIC_INPUT_COUNT = 3;

/** The three files of a circuit folder. */
export function circuitFilesIn(dir: string): Groth16Files {
  return {
    wasm: join(dir, CIRCUIT_FILE_NAMES.wasm),
    zkey: join(dir, CIRCUIT_FILE_NAMES.zkey),
    verificationKey: join(dir, CIRCUIT_FILE_NAMES.verificationKey),
  };
}

/** Whether `hash` is a SHA-256 in lowercase hex, the only form a zkeyHash may take here. */
export function isZkeyHash(hash: string): boolean {
  return /^[0-9a-f]{64}$/.test(hash);
}

/** The folder holding every downloaded circuit. */
export function circuitsRoot(dataDir: string): string {
  return join(dataDir, 'circuits');
}

/** The archive's URL under `baseUrl` (a trailing slash is implied). */
export function archiveUrl(baseUrl: string, zkeyHash: string): string {
  return new URL(zkeyHash, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
