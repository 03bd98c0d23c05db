// The checks a careful host makes on a verifiable manifest before fetching a slot (dataplane spec
// §2.5), each failure named. Only what Codex itself produces passes: 64 KiB blocks, 2 KiB cells,
// the Linear slot strategy, ecK + ecM slots with a root each, and counts that divide.
import { NetworkError } from '../errors';
import { checkField, expectCid } from '../ids/cid';
import { CODEX_BLOCK, CODEX_PROVING_ROOT, CODEX_ROOT, CODEX_SLOT_ROOT, IDENTITY, SHA2_256 } from '../ids/codecs';
import { LINEAR, STEPPED, slotShape, strategyIndices, type SlotShape } from './indexing';
import type { Manifest } from './manifest';

/** Codex's block size. */
export const BLOCK_SIZE = 65_536;
/** Codex's cell size. */
export const CELL_SIZE = 2_048;

/** A manifest that passed every check, with what fetching and proving need. */
export interface VerifiableManifest {
  readonly manifest: Manifest;
  /** The SHA-256 tree root over all blocks (treeCid's digest). */
  readonly treeRoot: Uint8Array;
  readonly blocksCount: number;
  readonly numSlots: number;
  /** Dataset blocks per slot (Codex's `steps`). */
  readonly blocksPerSlot: number;
  readonly slot: SlotShape;
  /** Each slot's root, 32 little-endian bytes. */
  readonly slotRoots: readonly Uint8Array[];
  /** The root over the slot roots, 32 little-endian bytes. */
  readonly verifyRoot: Uint8Array;
}

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

/** Checks `m` is a verifiable manifest this host can sell a slot of. Throws NetworkError('invalid-manifest'). */
export function checkManifest(m: Manifest): VerifiableManifest {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const cid = (bytes: Uint8Array, codec: number, hash: number, what: string) => {
    try {
      return expectCid(bytes, codec, hash, what).digest;
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  const treeRoot = cid(m.treeCid, CODEX_ROOT, SHA2_256, 'treeCid');
  need(m.blockSize === BLOCK_SIZE, `blockSize is ${m.blockSize}, Codex blocks are ${BLOCK_SIZE}`);
  need(m.codec === CODEX_BLOCK, `codec is 0x${m.codec.toString(16)}, expected codex-block 0xcd02`);
  need(m.hcodec === SHA2_256, `hcodec is 0x${m.hcodec.toString(16)}, expected sha2-256 0x12`);
  need(m.version === 1, `CID version is ${m.version}, expected 1`);
  const e = m.erasure;
  const v = e?.verification;
  if (!e || !v) {
    problems.push('manifest is not verifiable (no erasure or verification info): it is not a storage request manifest');
    throw new NetworkError('invalid-manifest', problems.join('; '));
  }
  cid(e.originalTreeCid, CODEX_ROOT, SHA2_256, 'originalTreeCid');
  need(e.ecK >= 1, `ecK is ${e.ecK}, must be at least 1`);
  need(
    e.protectedStrategy === LINEAR || e.protectedStrategy === STEPPED,
    `protectedStrategy ${e.protectedStrategy} is unknown`,
  );
  need(v.cellSize === CELL_SIZE, `cellSize is ${v.cellSize}, Codex cells are ${CELL_SIZE}`);
  need(v.verifiableStrategy === LINEAR, `verifiableStrategy is ${v.verifiableStrategy}, Codex slots use Linear (0)`);
  need(m.blockSize % CELL_SIZE === 0, 'blockSize is not a multiple of cellSize');
  const numSlots = e.ecK + e.ecM;
  const blocksCount = m.blockSize > 0 ? ceilDiv(m.datasetSize, m.blockSize) : 0;
  need(
    blocksCount > 0 && m.datasetSize === blocksCount * m.blockSize,
    `datasetSize ${m.datasetSize} is not a whole number of blocks`,
  );
  const originalBlocks = m.blockSize > 0 ? ceilDiv(e.originalDatasetSize, m.blockSize) : 0;
  const steps = e.ecK >= 1 ? ceilDiv(originalBlocks, e.ecK) : 0; // roundUp(originalBlocks, ecK) / ecK
  need(steps >= 1, `originalDatasetSize ${e.originalDatasetSize} gives no blocks`);
  need(blocksCount === steps * numSlots, `blocksCount ${blocksCount} is not steps ${steps} × (ecK + ecM) ${numSlots}`);
  need(
    numSlots > 0 && blocksCount % numSlots === 0,
    `blocksCount ${blocksCount} does not divide into ${numSlots} slots`,
  );
  need(
    v.slotRoots.length === numSlots,
    `manifest has ${v.slotRoots.length} slot roots for ${numSlots} slots (ecK + ecM)`,
  );
  const slotRoots = v.slotRoots.map((root, i) => cid(root, CODEX_SLOT_ROOT, IDENTITY, `slotRoots[${i}]`));
  const verifyRoot = cid(v.verifyRoot, CODEX_PROVING_ROOT, IDENTITY, 'verifyRoot');
  const field = (le: Uint8Array | undefined, what: string) => {
    if (le === undefined) return;
    try {
      checkField(le, what);
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  slotRoots.forEach((le, i) => field(le, `slotRoots[${i}]`));
  field(verifyRoot, 'verifyRoot');
  if (problems.length > 0) throw new NetworkError('invalid-manifest', problems.join('; '));
  const blocksPerSlot = blocksCount / numSlots;
  return {
    manifest: m,
    treeRoot: treeRoot!,
    blocksCount,
    numSlots,
    blocksPerSlot,
    slot: slotShape(blocksPerSlot, m.blockSize),
    slotRoots: slotRoots.map((r) => r!),
    verifyRoot: verifyRoot!,
  };
}

/** The dataset block indices of slot `slotIndex`, in slot order (Linear over all blocks, as onStore does). */
export function slotBlockIndices(vm: VerifiableManifest, slotIndex: number): number[] {
  return strategyIndices(LINEAR, 0, vm.blocksCount - 1, vm.numSlots, slotIndex);
}

/** The storage-request fields a slot is checked against (StorageAsk's). */
export interface AskShape {
  readonly slots: bigint;
  readonly slotSize: bigint;
}

/** Checks the request's ask matches the manifest and the slot exists. Throws NetworkError('invalid-manifest'). */
export function checkAsk(vm: VerifiableManifest, ask: AskShape, slotIndex: bigint): void {
  const problems: string[] = [];
  if (ask.slots !== BigInt(vm.numSlots)) problems.push(`request has ${ask.slots} slots, its manifest ${vm.numSlots}`);
  if (slotIndex < 0n || slotIndex >= BigInt(vm.numSlots))
    problems.push(`slot ${slotIndex} does not exist in a ${vm.numSlots}-slot manifest`);
  if (ask.slotSize !== vm.slot.slotSize)
    problems.push(
      `request slotSize ${ask.slotSize} is not 64 KiB × nextPow2(${vm.blocksPerSlot} blocks) = ${vm.slot.slotSize}`,
    );
  if (problems.length > 0) throw new NetworkError('invalid-manifest', problems.join('; '));
}
