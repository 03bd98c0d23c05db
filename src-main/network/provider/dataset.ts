// A dataset laid out as Codex's setupRequest lays it out, for clients that serve their own data
// (the simulated market's clients, tests, benchmarks): the original bytes in 64 KiB blocks (the last
// zero-padded, as Codex's chunker does), empty blocks up to a multiple of ecK, then ecM parity rows
// of the same length. Slot s is blocks [s·steps, (s+1)·steps). The parity here is NOT Reed–Solomon
// (no Leopard encoder exists for JS): it is whatever `parity` returns, zeros by default, so these
// datasets cannot be repaired — only stored, served and proven, which is all a host does with them.
import { NetworkError } from '../errors';
import { buildCid, provingRootCid, sha256, slotRootCid, treeCid } from '../ids/cid';
import { CODEX_BLOCK, SHA2_256 } from '../ids/codecs';
import { STEPPED } from '../manifest/indexing';
import { manifestBlock, type Manifest } from '../manifest/manifest';
import { BLOCK_SIZE, CELL_SIZE } from '../manifest/validate';
import { ShaTree } from '../tree/sha-tree';

/** What to lay out. */
export interface DatasetInput {
  /** The original content. */
  readonly data: Uint8Array;
  readonly ecK: number;
  readonly ecM: number;
  /** Block `step` of parity row `row` (0 ≤ row < ecM); 64 KiB. Zeros when absent. */
  readonly parity?: (row: number, step: number) => Uint8Array;
}

/** The roots a verifiable manifest commits to, from the Poseidon2 slot builder (32 LE bytes each). */
export interface ManifestRoots {
  readonly slotRoots: readonly Uint8Array[];
  readonly verifyRoot: Uint8Array;
}

/** A dataset's blocks and SHA-256 tree. */
export interface PreparedDataset {
  /** Every block in dataset order; empty pad blocks are 0 bytes long. */
  readonly blocks: readonly Uint8Array[];
  /** sha256 of each block (the tree's leaves and the blocks' CID digests). */
  readonly leaves: readonly Uint8Array[];
  readonly tree: ShaTree;
  readonly treeCid: Uint8Array;
  readonly ecK: number;
  readonly ecM: number;
  /** Blocks per slot (Codex's steps). */
  readonly steps: number;
  readonly originalDatasetSize: number;
  /** The original tree's CID (over the original blocks only). */
  readonly originalTreeCid: Uint8Array;
}

const zeroBlock = new Uint8Array(BLOCK_SIZE);

/** Splits, pads and hashes a dataset. Throws NetworkError('invalid-dataset') on impossible parameters. */
export function prepareDataset(input: DatasetInput): PreparedDataset {
  const { data, ecK, ecM } = input;
  if (!Number.isInteger(ecK) || ecK < 1 || !Number.isInteger(ecM) || ecM < 0 || data.length === 0)
    throw new NetworkError(
      'invalid-dataset',
      `a dataset needs bytes, ecK ≥ 1 and ecM ≥ 0 (got ${data.length} B, ${ecK}, ${ecM})`,
    );
  const original: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += BLOCK_SIZE) {
    const chunk = data.subarray(at, at + BLOCK_SIZE);
    if (chunk.length === BLOCK_SIZE) original.push(chunk);
    else {
      const padded = new Uint8Array(BLOCK_SIZE);
      padded.set(chunk);
      original.push(padded);
    }
  }
  const steps = Math.ceil(original.length / ecK);
  const blocks: Uint8Array[] = [...original];
  while (blocks.length < steps * ecK) blocks.push(new Uint8Array(0));
  for (let row = 0; row < ecM; row++)
    for (let step = 0; step < steps; step++) {
      const block = input.parity?.(row, step) ?? zeroBlock;
      if (block.length !== BLOCK_SIZE)
        throw new NetworkError('invalid-dataset', `parity block ${row}/${step} is not 64 KiB`);
      blocks.push(block);
    }
  const leaves = blocks.map((b) => sha256(b));
  const tree = ShaTree.build(leaves);
  return {
    blocks,
    leaves,
    tree,
    treeCid: treeCid(tree.root),
    ecK,
    ecM,
    steps,
    originalDatasetSize: data.length,
    originalTreeCid: treeCid(ShaTree.build(leaves.slice(0, original.length)).root),
  };
}

/** The blocks of slot `s`, in slot order (what the Poseidon2 slot builder hashes). */
export function slotBlocks(ds: PreparedDataset, s: number): readonly Uint8Array[] {
  if (!Number.isInteger(s) || s < 0 || s >= ds.ecK + ds.ecM) throw new RangeError(`no slot ${s}`);
  return ds.blocks.slice(s * ds.steps, (s + 1) * ds.steps);
}

/** The block CID of dataset block `i`. */
export function datasetBlockCid(ds: PreparedDataset, i: number): Uint8Array {
  return buildCid(CODEX_BLOCK, SHA2_256, ds.leaves[i]!);
}

/** The verifiable manifest of `ds` with the given roots, as Codex's setupRequest writes it. */
export function verifiableManifest(
  ds: PreparedDataset,
  roots: ManifestRoots,
): { manifest: Manifest; bytes: Uint8Array; cid: Uint8Array } {
  if (roots.slotRoots.length !== ds.ecK + ds.ecM)
    throw new NetworkError('invalid-dataset', `${roots.slotRoots.length} slot roots for ${ds.ecK + ds.ecM} slots`);
  const manifest: Manifest = {
    treeCid: ds.treeCid,
    blockSize: BLOCK_SIZE,
    datasetSize: ds.blocks.length * BLOCK_SIZE,
    codec: CODEX_BLOCK,
    hcodec: SHA2_256,
    version: 1,
    erasure: {
      ecK: ds.ecK,
      ecM: ds.ecM,
      originalTreeCid: ds.originalTreeCid,
      originalDatasetSize: ds.originalDatasetSize,
      protectedStrategy: STEPPED,
      verification: {
        verifyRoot: provingRootCid(roots.verifyRoot),
        slotRoots: roots.slotRoots.map((r) => slotRootCid(r)),
        cellSize: CELL_SIZE,
        verifiableStrategy: 0,
      },
    },
  };
  return { manifest, ...manifestBlock(manifest) };
}
