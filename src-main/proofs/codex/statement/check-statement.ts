// Checks what Codex's storage-proof circuit, SampleAndProve(32, 8, 5, 67, 5), proves, in its order
// (sample_cells.circom, single_cell.circom, log2.circom), and reports the first failing condition
// as a value: the simulator's verifier, and a cheap local check before a Groth16 proof is made.
// Inputs the circuit leaves unconstrained (path entries above a tree's depth, nSlotsPerDataSet
// when the top tree's odd-node keys do not change) pass here too (docs/reference/proofs.md §3.3 and
// §4).
import type { PublicInputs } from '../dataset/dataset';
import { BLOCK_TREE_DEPTH, MAX_DATASET_DEPTH, MAX_SLOT_DEPTH } from '../slots/layout';
import { parseStatementInput, type StatementInput } from './parse-input';
import { bitsOf, rootFromMerklePath } from './root-from-path';
import { referenceStatementHasher, type StatementHasher } from './statement-hasher';

/** The condition that failed. */
export type StatementCheck =
  | 'malformed' // the input is not shaped like the circuit's (or a value is not a field element)
  | 'public-inputs' // its entropy, dataSetRoot or slotIndex are not the proof's public inputs
  | 'slot-index-range' // slotIndex does not fit 8 bits
  | 'slots-per-dataset-range' // nSlotsPerDataSet is not 1..256
  | 'dataset-root' // slotRoot and slotProof do not lead to dataSetRoot
  | 'cells-per-slot' // nCellsPerSlot is not 2^k with 1 ≤ k ≤ 32
  | 'cell-proof'; // a sampled cell and its path do not lead to slotRoot

/** The first failing condition. */
export interface StatementFailure {
  readonly check: StatementCheck;
  readonly message: string;
  /** For 'cell-proof': the sample (0-based; its counter is sample + 1). */
  readonly sample?: number;
}

/** Whether the input satisfies the circuit for these public inputs. */
export type StatementResult = { readonly ok: true } | { readonly ok: false; readonly failure: StatementFailure };

const fail = (check: StatementCheck, message: string, sample?: number): StatementResult => ({
  ok: false,
  failure: sample === undefined ? { check, message } : { check, message, sample },
});

/**
 * Checks `json` (a circuit input, as JSON) against the public inputs [entropy, dataSetRoot,
 * slotIndex], hashing with `hasher` (default: the BigInt reference).
 */
export function checkCircuitStatement(
  json: unknown,
  publicInputs: PublicInputs,
  hasher: StatementHasher = referenceStatementHasher,
): StatementResult {
  try {
    return checkJson(json, publicInputs, hasher);
  } catch (error) {
    // Plain JSON cannot get here; an object whose getters throw can, and is malformed too.
    return fail(
      'malformed',
      `the circuit input could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function checkJson(json: unknown, publicInputs: PublicInputs, hasher: StatementHasher): StatementResult {
  const parsed = parseStatementInput(json);
  if (!parsed.ok) return fail('malformed', parsed.message);
  const input = parsed.value;
  if (input.entropy !== publicInputs.entropy)
    return fail('public-inputs', 'the input answers another entropy than the challenge');
  if (input.dataSetRoot !== publicInputs.dataSetRoot)
    return fail('public-inputs', "the input is for another dataset root than the request's");
  if (input.slotIndex !== publicInputs.slotIndex)
    return fail('public-inputs', 'the input is for another slot than the one proved');
  return checkStatement(input, hasher);
}

/** The circuit's constraints on a well-formed input. */
export function checkStatement(
  input: StatementInput,
  hasher: StatementHasher = referenceStatementHasher,
): StatementResult {
  // ToBits(8) of slotIndex; CeilingLog2(8) decomposes nSlotsPerDataSet − 1 in 8 bits.
  if (input.slotIndex >= 1n << BigInt(MAX_DATASET_DEPTH))
    return fail('slot-index-range', `slotIndex ${input.slotIndex} does not fit 8 bits`);
  const lastSlot = input.nSlotsPerDataSet - 1n;
  if (lastSlot < 0n || lastSlot >= 1n << BigInt(MAX_DATASET_DEPTH))
    return fail('slots-per-dataset-range', `nSlotsPerDataSet ${input.nSlotsPerDataSet} is not between 1 and 256`);
  const lastSlotBits = bitsOf(lastSlot, MAX_DATASET_DEPTH);
  const slotMask = [...lastSlotBits.map((_, i) => (lastSlot >> BigInt(i) !== 0n ? 1 : 0)), 0];
  const top = rootFromMerklePath(
    input.slotRoot,
    bitsOf(input.slotIndex, MAX_DATASET_DEPTH),
    lastSlotBits,
    slotMask,
    input.slotProof,
    hasher,
  );
  if (top !== input.dataSetRoot) return fail('dataset-root', 'slotRoot with slotProof does not lead to dataSetRoot');

  // Log2(32): nCellsPerSlot = 2^k, 1 ≤ k ≤ 32; mask[i] = 1 for i < k doubles as the last index's bits.
  const cells = input.nCellsPerSlot;
  if (cells < 2n || cells > 1n << BigInt(MAX_SLOT_DEPTH) || (cells & (cells - 1n)) !== 0n)
    return fail('cells-per-slot', `nCellsPerSlot ${cells} is not a power of two between 2 and 2^32`);
  const mask = Array.from({ length: MAX_SLOT_DEPTH + 1 }, (_, i) => (1n << BigInt(i) < cells ? 1 : 0));
  const bottomMask = [...mask.slice(0, BLOCK_TREE_DEPTH), 0];
  const middleMask = [...mask.slice(BLOCK_TREE_DEPTH, MAX_SLOT_DEPTH), 0];

  for (let k = 0; k < input.cellData.length; k++) {
    const hash = hasher.sponge2([input.entropy, input.slotRoot, BigInt(k + 1)]);
    const indexBits = bitsOf(hash, MAX_SLOT_DEPTH).map((b, i) => b * mask[i]!);
    const path = input.merklePaths[k]!;
    const blockRoot = rootFromMerklePath(
      hasher.sponge2(input.cellData[k]!),
      indexBits.slice(0, BLOCK_TREE_DEPTH),
      mask.slice(0, BLOCK_TREE_DEPTH),
      bottomMask,
      path.slice(0, BLOCK_TREE_DEPTH),
      hasher,
    );
    const root = rootFromMerklePath(
      blockRoot,
      indexBits.slice(BLOCK_TREE_DEPTH),
      mask.slice(BLOCK_TREE_DEPTH, MAX_SLOT_DEPTH),
      middleMask,
      path.slice(BLOCK_TREE_DEPTH),
      hasher,
    );
    if (root !== input.slotRoot)
      return fail('cell-proof', `sample ${k} (cell ${bitsToNumber(indexBits)}) does not lead to slotRoot`, k);
  }
  return { ok: true };
}

function bitsToNumber(bits: readonly number[]): number {
  return bits.reduce((n, b, i) => n + b * 2 ** i, 0);
}
