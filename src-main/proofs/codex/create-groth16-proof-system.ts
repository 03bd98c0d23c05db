// One call that builds the Groth16 proof system for a market from what a backend has at hand: the
// repo, the hashing pool, the data folder and the marketplace's zkeyHash (with the operator's
// --circuit-dir and --circuit-url). It owns the circuit download and, unless given one, the prover.
import type { Logger, Repo, RequestId, StorageRequest } from '../../engine/index';
import { MarketCircuit, type CircuitProgress } from '../circuits';
import { Groth16Prover } from '../groth16';
import { CodexGroth16ProofSystem } from './groth16-proof-system';
import type { BlockHasher } from './pool/block-hasher';
import type { SlotTreeStorage } from './slots/slot-tree-storage';
import { wasmStatementHasher } from './statement/statement-hasher';
import { createPoseidon2Wasm } from './wasm/module';

/** What a backend passes in. */
export interface Groth16ProofSystemOptions {
  /** Slot data, read block by block. */
  readonly repo: Repo;
  /** The hashing pool (HashPool) shared with onboarding. */
  readonly hashPool: BlockHasher;
  /** Where the slot tree of the slot stored under `dataKey` is kept. */
  readonly treeStorage: (dataKey: string) => SlotTreeStorage;
  /** The dataset's slot roots again, for a slot whose stored tree is lost. */
  readonly slotRoots?: (requestId: RequestId, request: StorageRequest) => Promise<readonly Uint8Array[]>;
  /** A prover to share; default: one of its own, closed by close(). */
  readonly prover?: Groth16Prover;
  /** Slotkeeper's data folder (circuits go to DATA/circuits/<zkeyHash>/). */
  readonly dataDir: string;
  /** The marketplace's configuration().proofs.zkeyHash. */
  readonly zkeyHash: string;
  /** --circuit-dir: use these files and never download. */
  readonly circuitDir?: string;
  /** --circuit-url: where archives are, followed by the zkeyHash (default Codex's). */
  readonly circuitUrl?: string;
  /** Every progress step of a circuit download. */
  readonly onProgress?: (progress: CircuitProgress) => void;
  readonly logger?: Logger;
}

/** The Groth16 proof system for a devnet or chain market; close() it with the backend. */
export function createGroth16ProofSystem(options: Groth16ProofSystemOptions): CodexGroth16ProofSystem {
  const circuit = new MarketCircuit({
    dataDir: options.dataDir,
    zkeyHash: options.zkeyHash,
    ...(options.circuitDir !== undefined ? { circuitDir: options.circuitDir } : {}),
    ...(options.circuitUrl !== undefined ? { baseUrl: options.circuitUrl } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const prover = options.prover ?? new Groth16Prover();
  return new CodexGroth16ProofSystem({
    repo: options.repo,
    hasher: options.hashPool,
    treeStorage: options.treeStorage,
    ...(options.slotRoots ? { slotRoots: options.slotRoots } : {}),
    prover,
    circuit,
    // A few ms on this thread instead of ≈50–80 ms with BigInt.
    statementHasher: wasmStatementHasher(createPoseidon2Wasm()),
    onClose: async () => {
      await circuit.close();
      if (!options.prover) await prover.close();
    },
  });
}
