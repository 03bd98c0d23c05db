// A simulated client's manifest of its dataset, as Codex's verifiable manifest records it: every
// slot's Poseidon2 root, the dataset (verify) root over them, and the dataset blocks per slot.
// Hashing runs on the hasher its owner gives (the app's HashPool), a few slots at a time.
import { hexlify } from 'ethers';
import { type BlockHasher, buildSlotTree, slotRootBytes } from '../../proofs/codex/index';
import { contentBlock, type ContentRequest, datasetShape } from './content';

/** What a client knows of its dataset and serves to hosts. */
export interface SimManifest {
  /** Slot roots in slot order, 32 little-endian bytes each. */
  readonly slotRoots: readonly Uint8Array[];
  /** The root of the tree over the slot roots: the request's content.merkleRoot. */
  readonly verifyRoot: Uint8Array;
  /** Dataset blocks of each slot (pad blocks are not delivered). */
  readonly blocksPerSlot: number;
  /**
   * CIDs of the verifiable manifest (content.cid) and of its SHA-256 dataset tree, as the clients'
   * peer serves them; absent for content posted before the clients served it over the network.
   */
  readonly cid?: Uint8Array;
  readonly treeCid?: Uint8Array;
}

/** Slots hashed at once: enough to keep a machine's workers busy when slots have one block each. */
const SLOTS_AT_ONCE = 4;

/** Hashes the request's generated content into its manifest; rejects when hashing fails or is aborted. */
export async function buildManifest(
  chainSeed: string,
  request: ContentRequest,
  hasher: BlockHasher,
  signal?: AbortSignal,
): Promise<SimManifest> {
  const layout = datasetShape(request);
  if (!layout.ok) throw new RangeError(layout.message);
  const { shape } = layout;
  const slotRoots: Uint8Array[] = new Array(shape.slots);
  // One failure stops the other slots' hashing too.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) stop.abort();
  let next = 0;
  const hashSlots = async (): Promise<void> => {
    for (let slot = next++; slot < shape.slots; slot = next++) {
      const tree = await buildSlotTree({
        dataBlocks: shape.dataBlocks,
        readBlock: async (index) => contentBlock(chainSeed, request, shape, slot, index),
        hasher,
        signal: stop.signal,
      });
      signal?.throwIfAborted();
      if (!tree.ok) {
        stop.abort();
        throw new Error(`the content of slot ${slot} could not be hashed: ${tree.error.message}`);
      }
      slotRoots[slot] = slotRootBytes(tree.value).slice();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(SLOTS_AT_ONCE, shape.slots) }, hashSlots));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const layers = await hasher.treeLayers(concatRoots(slotRoots), signal);
  signal?.throwIfAborted();
  if (!layers.ok) throw new Error(`the dataset tree could not be hashed: ${layers.error.message}`);
  return { slotRoots, verifyRoot: layers.value[layers.value.length - 1]!.slice(), blocksPerSlot: shape.dataBlocks };
}

/** content.merkleRoot of a manifest: its verify root's 32 little-endian bytes as 0x-hex. */
export function merkleRootHex(manifest: SimManifest): string {
  return hexlify(manifest.verifyRoot);
}

/** The manifest as its database row. */
export function encodeManifest(manifest: SimManifest): string {
  return JSON.stringify({
    blocksPerSlot: manifest.blocksPerSlot,
    slotRoots: manifest.slotRoots.map((r) => hexlify(r)),
    verifyRoot: hexlify(manifest.verifyRoot),
    ...(manifest.cid ? { cid: hexlify(manifest.cid) } : {}),
    ...(manifest.treeCid ? { treeCid: hexlify(manifest.treeCid) } : {}),
  });
}

/** Inverse of encodeManifest. */
export function decodeManifest(text: string): SimManifest {
  const o = JSON.parse(text) as {
    blocksPerSlot: number;
    slotRoots: string[];
    verifyRoot: string;
    cid?: string;
    treeCid?: string;
  };
  const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
  return {
    blocksPerSlot: o.blocksPerSlot,
    slotRoots: o.slotRoots.map(bytes),
    verifyRoot: bytes(o.verifyRoot),
    ...(o.cid !== undefined ? { cid: bytes(o.cid) } : {}),
    ...(o.treeCid !== undefined ? { treeCid: bytes(o.treeCid) } : {}),
  };
}

function concatRoots(roots: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(roots.length * 32);
  roots.forEach((root, i) => out.set(root, i * 32));
  return out;
}
