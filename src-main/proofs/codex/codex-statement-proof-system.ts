// Codex's proof system as a ProofSystem (engine/ports/proof-system.ts) whose proofs are the
// circuit input itself, verified by the circuit's statement (statement/statement-proof.ts): the
// simulated market's scheme, and everything a Groth16 scheme does before snarkjs. Slots are
// onboarded into Poseidon2 slot trees on the hashing pool and persisted beside their data, so a
// proof re-hashes only its five sampled blocks.
import {
  type DatasetRoots,
  type ProofChallenge,
  type ProofPurpose,
  type ProofReadiness,
  type ProofSystem,
  type ProvableSlot,
  type Repo,
  type RequestId,
  SlotDataRejectedError,
  type StorageRequest,
} from '../../engine/index';
import { checkDatasetRoots } from './dataset/check-dataset';
import { bytesFromHex, entropyFromChallenge } from './dataset/dataset';
import { type BlockHasher, type HashPriority, prioritized } from './pool/block-hasher';
import { buildCircuitInput } from './sampling/build-circuit-input';
import { circuitInputToJson, type CircuitInputJson } from './sampling/circuit-input';
import {
  BLOCK_BYTES,
  blocksOfSlotSize,
  CELL_ELEMENTS,
  MAX_DATASET_DEPTH,
  MAX_SLOT_DEPTH,
  PROOF_SAMPLES,
} from './slots/layout';
import { onboardSlot } from './slots/onboard-slot';
import type { StoredSlotTree } from './slots/slot-tree-file';
import { loadSlotTree, type SlotTreeStorage } from './slots/slot-tree-storage';
import { CODEX_STATEMENT_SCHEME, type CodexStatementProof } from './statement/statement-proof';
import { poseidon2WasmModule } from './wasm/module';

/** What the proof system reads and keeps. */
export interface CodexStatementOptions {
  /** Slot data, read block by block. */
  readonly repo: Repo;
  /** The hashing pool (or any BlockHasher); proofs hash at their purpose's priority, onboarding below them. */
  readonly hasher: BlockHasher;
  /** Where the slot tree of the slot stored under `dataKey` is kept (beside its data). */
  readonly treeStorage: (dataKey: string) => SlotTreeStorage;
  /** The dataset's slot roots again, to re-verify a slot whose stored tree is lost or damaged. */
  readonly slotRoots?: (requestId: RequestId, request: StorageRequest) => Promise<readonly Uint8Array[]>;
}

/** Codex slot trees and circuit inputs, proved by the circuit's statement. */
export class CodexStatementProofSystem implements ProofSystem {
  readonly scheme = CODEX_STATEMENT_SCHEME;

  constructor(private readonly options: CodexStatementOptions) {}

  async readiness(): Promise<ProofReadiness> {
    try {
      poseidon2WasmModule();
      return { ready: true };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { ready: false, reason: `The Poseidon2 wasm module does not load (${why}); reinstall Slotkeeper.` };
    }
  }

  async checkDataset(request: StorageRequest, dataset: DatasetRoots): Promise<void> {
    await this.datasetSlotRoots(request, dataset, 0n, 'onboarding');
  }

  async verifySlot(slot: ProvableSlot, dataset: DatasetRoots, signal: AbortSignal): Promise<void> {
    const slotRoots = await this.datasetSlotRoots(slot.request, dataset, slot.slotIndex, 'onboarding', signal);
    await this.onboard(slot, slotRoots, 'onboarding', signal);
  }

  async prove(
    slot: ProvableSlot,
    challenge: ProofChallenge,
    signal: AbortSignal,
    purpose: ProofPurpose = 'held',
  ): Promise<CodexStatementProof> {
    const challengeBytes = bytesFromHex(challenge, 32);
    if (!challengeBytes) throw new Error(`The challenge ${challenge} is not 32 bytes of hex`);
    // A proof (and the rebuild of a lost tree it needs) overtakes onboarding on a shared pool.
    const priority: HashPriority = purpose === 'held' ? 'held-proof' : 'filling-proof';
    const stored = await this.storedTree(slot, priority, signal);
    const input = await buildCircuitInput({
      stored,
      entropy: entropyFromChallenge(challengeBytes),
      readBlock: this.reader(slot.dataKey),
      hasher: prioritized(this.options.hasher, priority),
      signal,
    });
    signal.throwIfAborted();
    if (!input.ok)
      throw new Error(`Slot ${slot.slotIndex} of request ${slot.requestId} cannot be proven: ${input.error.message}`);
    const json = circuitInputToJson(input.value);
    return {
      scheme: CODEX_STATEMENT_SCHEME,
      input: json,
      publicInputs: [json.entropy, json.dataSetRoot, String(json.slotIndex)],
    };
  }

  /** All zeros, like the proof nim-codex submits for --simulate-proof-failures: well formed, and false. */
  invalidProof(): CodexStatementProof {
    const zeros = (n: number) => Array<string>(n).fill('0');
    const input: CircuitInputJson = {
      dataSetRoot: '0',
      entropy: '0',
      nCellsPerSlot: 32,
      nSlotsPerDataSet: 1,
      slotIndex: 0,
      slotRoot: '0',
      slotProof: zeros(MAX_DATASET_DEPTH),
      cellData: Array.from({ length: PROOF_SAMPLES }, () => zeros(CELL_ELEMENTS)),
      merklePaths: Array.from({ length: PROOF_SAMPLES }, () => zeros(MAX_SLOT_DEPTH)),
    };
    return { scheme: CODEX_STATEMENT_SCHEME, input, publicInputs: ['0', '0', '0'] };
  }

  async forget(dataKey: string): Promise<void> {
    await this.options.treeStorage(dataKey).remove();
  }

  /** The dataset's slot roots as field elements, or SlotDataRejectedError naming what does not fit the request. */
  private async datasetSlotRoots(
    request: StorageRequest,
    dataset: DatasetRoots,
    slotIndex: bigint,
    priority: HashPriority,
    signal?: AbortSignal,
  ): Promise<bigint[]> {
    if (BigInt(dataset.slotRoots.length) !== request.ask.slots)
      throw new SlotDataRejectedError(
        slotIndex,
        `the dataset has ${dataset.slotRoots.length} slots, the request ${request.ask.slots}`,
      );
    const layout = blocksOfSlotSize(request.ask.slotSize);
    if (!layout.ok) throw new SlotDataRejectedError(slotIndex, layout.message);
    const checked = await checkDatasetRoots(
      dataset.slotRoots,
      dataset.verifyRoot,
      request.content.merkleRoot,
      prioritized(this.options.hasher, priority),
      signal,
    );
    signal?.throwIfAborted();
    if (!checked.ok) throw new SlotDataRejectedError(slotIndex, checked.message);
    return checked.slotRoots;
  }

  /** Hashes the stored slot, checks it against its slot root and keeps its tree. */
  private async onboard(
    slot: ProvableSlot,
    slotRoots: bigint[],
    priority: HashPriority,
    signal: AbortSignal,
  ): Promise<StoredSlotTree> {
    const layout = blocksOfSlotSize(slot.request.ask.slotSize);
    if (!layout.ok) throw new SlotDataRejectedError(slot.slotIndex, layout.message);
    // Every block up to slotSize: pad blocks, absent from the repo, read as empty and hash as zeros.
    const result = await onboardSlot({
      dataBlocks: layout.blocks,
      readBlock: this.reader(slot.dataKey),
      hasher: prioritized(this.options.hasher, priority),
      signal,
      slotIndex: Number(slot.slotIndex),
      slotRoots,
      storage: this.options.treeStorage(slot.dataKey),
    });
    signal.throwIfAborted();
    if (result.ok) return result.value;
    if (result.error.kind === 'root-mismatch') throw new SlotDataRejectedError(slot.slotIndex, result.error.message);
    throw new Error(`Slot ${slot.slotIndex} of request ${slot.requestId} could not be hashed: ${result.error.message}`);
  }

  /** The persisted tree; when it is lost or damaged, the slot hashed and checked again (if the dataset's roots can be had). */
  private async storedTree(slot: ProvableSlot, priority: HashPriority, signal: AbortSignal): Promise<StoredSlotTree> {
    const loaded = await loadSlotTree(this.options.treeStorage(slot.dataKey));
    if (loaded.ok && loaded.value.slotIndex === Number(slot.slotIndex)) return loaded.value;
    const why = loaded.ok ? 'it is the tree of another slot' : loaded.error.message;
    if (!this.options.slotRoots)
      throw new Error(`Slot ${slot.slotIndex} of request ${slot.requestId} cannot be proven: ${why}`);
    const slotRoots = await this.options.slotRoots(slot.requestId, slot.request);
    // The request's merkleRoot stands in for the manifest's verify root: both must be the tree's root.
    const verifyRoot = bytesFromHex(slot.request.content.merkleRoot, 32) ?? new Uint8Array(0);
    const roots = await this.datasetSlotRoots(
      slot.request,
      { slotRoots, verifyRoot },
      slot.slotIndex,
      priority,
      signal,
    );
    return this.onboard(slot, roots, priority, signal);
  }

  private reader(dataKey: string): (index: number) => Promise<Uint8Array> {
    return (index) => this.options.repo.readSlotData(dataKey, index * BLOCK_BYTES, BLOCK_BYTES);
  }
}
