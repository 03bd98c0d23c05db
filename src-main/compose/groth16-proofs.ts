// The Groth16 proof system of a devnet or chain backend, from the host's circuit choice: the
// operator's folder (--circuit-dir, or the one saved in Settings) when there is one; otherwise on a
// devnet the circuit the build ships (out/main/devnet-circuit/, whose verification key the devnet's
// verifier is deployed with), on a chain the files found by the marketplace's zkeyHash under
// DATA/circuits/, downloaded when missing. compose/backends.ts calls these when it opens such a market.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { BackendContext, CircuitFilesInfo } from '../market/index';
import {
  archiveUrl,
  circuitFilesIn,
  DEFAULT_CIRCUIT_BASE_URL,
  installedCircuitDir,
  loadDevnetCircuit,
} from '../proofs/circuits';
import {
  createGroth16ProofSystem,
  type CodexGroth16ProofSystem,
  type Groth16ProofSystemOptions,
} from '../proofs/codex';

/** The circuit a devnet proves with, and what its verifier is deployed with. */
export interface DevnetProofCircuit {
  readonly dir: string;
  /** SHA-256 of proof_main.zkey: the devnet Marketplace's proofs.zkeyHash. */
  readonly zkeyHash: string;
  /** The verification key as snarkjs wrote it (verifierConstructorArgs takes it). */
  readonly verificationKey: Record<string, unknown>;
  readonly origin: CircuitFilesInfo['origin'];
}

/** The operator's checked folder on a devnet (its zkey's hash becomes the devnet's), else the build's devnet circuit. */
export async function devnetProofCircuit(context: Pick<BackendContext, 'circuits'>): Promise<DevnetProofCircuit> {
  const choice = context.circuits;
  if (choice?.dir === undefined) {
    const built = await loadDevnetCircuit();
    return { dir: built.dir, zkeyHash: built.zkeyHash, verificationKey: built.verificationKey, origin: 'devnet' };
  }
  const files = circuitFilesIn(choice.dir);
  const zkeyHash = createHash('sha256')
    .update(await readFile(files.zkey))
    .digest('hex');
  const verificationKey = JSON.parse(await readFile(files.verificationKey, 'utf8')) as Record<string, unknown>;
  return { dir: choice.dir, zkeyHash, verificationKey, origin: choice.dirFrom ?? 'circuit-dir' };
}

/** Where a market with this zkeyHash finds its circuit files under the host's choice. */
export function circuitFilesFor(
  context: Pick<BackendContext, 'circuits' | 'dataDir'>,
  zkeyHash: string,
  devnet?: DevnetProofCircuit,
): CircuitFilesInfo {
  const choice = context.circuits;
  if (devnet) return { dir: devnet.dir, zkeyHash, origin: devnet.origin };
  if (choice?.dir !== undefined) return { dir: choice.dir, zkeyHash, origin: choice.dirFrom ?? 'circuit-dir' };
  const url = archiveUrl(choice?.url ?? DEFAULT_CIRCUIT_BASE_URL, zkeyHash);
  return { dir: installedCircuitDir(context.dataDir, zkeyHash), zkeyHash, origin: 'data-folder', url };
}

/** What the backend supplies besides the circuit: the slot trees' storage and the hashing pool. */
export type Groth16Parts = Pick<Groth16ProofSystemOptions, 'hashPool' | 'treeStorage' | 'slotRoots' | 'prover'>;

/** The proof system (close it with the backend) and its circuit files, for MarketBackend.circuit. */
export function openGroth16Proofs(
  context: Pick<BackendContext, 'circuits' | 'dataDir' | 'logger' | 'repo'>,
  circuit: CircuitFilesInfo,
  parts: Groth16Parts,
): { proofSystem: CodexGroth16ProofSystem; circuit: CircuitFilesInfo } {
  const proofSystem = createGroth16ProofSystem({
    ...parts,
    repo: context.repo,
    dataDir: context.dataDir,
    zkeyHash: circuit.zkeyHash,
    ...(circuit.origin === 'data-folder' ? {} : { circuitDir: circuit.dir }),
    ...(context.circuits?.url !== undefined ? { circuitUrl: context.circuits.url } : {}),
    logger: context.logger,
  });
  return { proofSystem, circuit };
}
