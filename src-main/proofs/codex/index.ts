// Codex's proof system up to the circuit input: Poseidon2 (BigInt reference and wasm), the worker
// pool, Codex's slot layout and trees, the persisted slot tree, sampling, the circuit input and a
// checker of the circuit's statement. docs/proofs-codex.md explains the pieces; this file is the
// surface the rest of the app uses.

// Poseidon2 over BN254 (BigInt reference)
export {
  FIELD_MODULUS,
  bigintFromBytesLE,
  fieldFromBytes,
  fieldToBytes,
  isFieldElement,
  type FieldBytesError,
} from './poseidon2/field';
export { poseidon2Constants, roundConstantsInOrder, type Poseidon2Constants } from './poseidon2/constants';
export { CODEX_GRAIN_PARAMETERS, grainRoundConstants, type GrainParameters } from './poseidon2/grain';
export { compress, permute, type Poseidon2State } from './poseidon2/permutation';
export { sponge, spongeIV, type SpongeRate } from './poseidon2/sponge';
export { merkleLayers, merklePath, merkleRoot, reconstructRoot } from './poseidon2/merkle';
export { bytesToElements, elementCount } from './poseidon2/elements';

// Hashing off the main thread
export { HashPool, type HashPoolOptions } from './pool/hash-pool';
export type { BlockHasher, HashFailure, HashPriority, HashResult } from './pool/block-hasher';
export { DEFAULT_HASH_PRIORITY, HASH_PRIORITIES, prioritized } from './pool/block-hasher';
export { createPoseidon2Wasm } from './wasm/module';
export type { Poseidon2Wasm } from './wasm/poseidon2-wasm';

// Slots, their trees and what is persisted beside them
export * from './slots/layout';
export {
  buildSlotTree,
  type BuildSlotTreeOptions,
  type ReadSlotBlock,
  type SlotTreeBuildFailure,
} from './slots/build-slot-tree';
export { onboardSlot, type OnboardFailure, type OnboardSlotOptions } from './slots/onboard-slot';
export { blockRootAt, slotRoot, slotRootBytes, slotTreeBlocks, slotTreePath, type SlotTree } from './slots/slot-tree';
export {
  SLOT_TREE_FORMAT_VERSION,
  decodeSlotTree,
  encodeSlotTree,
  type SlotTreeFileError,
  type StoredSlotTree,
} from './slots/slot-tree-file';
export {
  fileSlotTreeStorage,
  loadSlotTree,
  saveSlotTree,
  type SlotTreeLoadError,
  type SlotTreeStorage,
} from './slots/slot-tree-storage';
export { repoTreeStorage, SLOT_TREE_FILE } from './repo-tree-storage';

// Datasets and the public inputs
export * from './dataset/dataset';
export { checkDatasetRoots } from './dataset/check-dataset';

// Sampling and the circuit input
export { cellIndex, cellIndices } from './sampling/cell-indices';
export * from './sampling/circuit-input';
export {
  buildCircuitInput,
  type BuildCircuitInputOptions,
  type CircuitInputFailure,
} from './sampling/build-circuit-input';

// The circuit's statement, checked directly, and the proof system whose proofs it verifies
export * from './statement/check-statement';
export * from './statement/statement-proof';
export * from './statement/statement-hasher';
export { CodexStatementProofSystem, type CodexStatementOptions } from './codex-statement-proof-system';
export { parseStatementInput, type StatementInput } from './statement/parse-input';

// The same, proved with Groth16 for a market's verifier contract (devnet, chain)
export {
  CodexGroth16ProofSystem,
  GROTH16_SCHEME,
  ProofSelfCheckError,
  type CircuitFilesSource,
  type CodexGroth16Options,
  type CodexGroth16Proof,
  type Groth16ProofTimings,
} from './groth16-proof-system';
export { createGroth16ProofSystem, type Groth16ProofSystemOptions } from './create-groth16-proof-system';
