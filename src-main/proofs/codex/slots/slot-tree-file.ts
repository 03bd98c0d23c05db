// The persisted slot tree: block roots and every slot-tree layer (≈64 bytes per block, 1 MiB per
// GiB of slot), plus the dataset's slot roots (at most 8 KiB) for the dataset path, kept beside
// the slot data so a proof never rebuilds the slot tree nor needs the manifest again, also after a
// restart. Little-endian binary:
//
//   0  8  magic "SKSLTREE"
//   8  2  format version (1)          10  2  header bytes (48)
//  12  4  block bytes (65,536)        16  4  cell bytes (2,048)
//  20  4  dataset blocks              24  4  padded blocks (a power of two)
//  28  4  layers                      32  4  slot index in the dataset
//  36  4  slots in the dataset        40  8  reserved (zero)
//  48  …  layers, bottom up, 32 bytes per node (canonical field elements)
//   …  …  the dataset's slot roots, 32 bytes each
//   … 32  SHA-256 of everything before it
//
// A damaged or truncated file is reported as a value, never an exception.
import { createHash } from 'node:crypto';
import { bigintFromBytesLE, fieldToBytes, isFieldElement } from '../poseidon2/field';
import { isCanonicalNode } from '../pool/canonical-nodes';
import { BLOCK_BYTES, CELL_BYTES, MAX_DATASET_DEPTH, slotBlockCount } from './layout';
import { slotRoot, type SlotTree } from './slot-tree';

const MAGIC = new TextEncoder().encode('SKSLTREE');
/** The format version this code writes and reads. */
export const SLOT_TREE_FORMAT_VERSION = 1;
const HEADER = 48;
const CHECKSUM = 32;
const NODE = 32;

/** What is stored for a slot: its tree, and where it sits in its dataset. */
export interface StoredSlotTree {
  readonly tree: SlotTree;
  readonly slotIndex: number;
  /** Every slot root of the dataset, in slot order (from its manifest); slotRoots[slotIndex] is the tree's root. */
  readonly slotRoots: readonly bigint[];
}

/** Why bytes are not a usable slot tree. */
export interface SlotTreeFileError {
  readonly kind: 'truncated' | 'not-a-slot-tree' | 'unsupported-version' | 'checksum-mismatch' | 'inconsistent';
  readonly message: string;
}

function layerSizes(paddedBlocks: number): number[] {
  const sizes = [paddedBlocks];
  do sizes.push(Math.ceil(sizes[sizes.length - 1]! / 2));
  while (sizes[sizes.length - 1]! > 1);
  return sizes;
}

/** The file bytes of a stored slot; throws RangeError when the slot roots do not hold the tree's root. */
export function encodeSlotTree(stored: StoredSlotTree): Uint8Array {
  const { tree, slotIndex, slotRoots } = stored;
  if (slotRoots.length < 1 || slotRoots.length > 1 << MAX_DATASET_DEPTH || !slotRoots.every(isFieldElement))
    throw new RangeError('a dataset has 1 to 256 slot roots, each a field element');
  if (slotRoots[slotIndex] !== slotRoot(tree)) throw new RangeError(`slot root ${slotIndex} is not the tree's root`);
  const layerBytes = tree.layers.reduce((n, l) => n + l.length, 0);
  const out = new Uint8Array(HEADER + layerBytes + slotRoots.length * NODE + CHECKSUM);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(8, SLOT_TREE_FORMAT_VERSION, true);
  view.setUint16(10, HEADER, true);
  view.setUint32(12, BLOCK_BYTES, true);
  view.setUint32(16, CELL_BYTES, true);
  view.setUint32(20, tree.dataBlocks, true);
  view.setUint32(24, tree.layers[0]!.length / NODE, true);
  view.setUint32(28, tree.layers.length, true);
  view.setUint32(32, slotIndex, true);
  view.setUint32(36, slotRoots.length, true);
  let at = HEADER;
  for (const layer of tree.layers) {
    out.set(layer, at);
    at += layer.length;
  }
  for (const root of slotRoots) {
    out.set(fieldToBytes(root), at);
    at += NODE;
  }
  out.set(createHash('sha256').update(out.subarray(0, at)).digest(), at);
  return out;
}

type Decoded = { ok: true; value: StoredSlotTree } | { ok: false; error: SlotTreeFileError };

/** The stored slot in `bytes`, or what is wrong with them. */
export function decodeSlotTree(bytes: Uint8Array): Decoded {
  const fail = (kind: SlotTreeFileError['kind'], message: string): Decoded => ({ ok: false, error: { kind, message } });
  if (!MAGIC.every((b, i) => i >= bytes.length || bytes[i] === b))
    return fail('not-a-slot-tree', 'the file is not a Slotkeeper slot-tree file');
  if (bytes.length < HEADER + CHECKSUM)
    return fail('truncated', `the slot-tree file has ${bytes.length} bytes, less than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== SLOT_TREE_FORMAT_VERSION)
    return fail(
      'unsupported-version',
      `slot-tree format version ${version}; this Slotkeeper reads version ${SLOT_TREE_FORMAT_VERSION}`,
    );
  const u32 = (offset: number) => view.getUint32(offset, true);
  const [dataBlocks, padded, layerCount, slotIndex, slots] = [u32(20), u32(24), u32(28), u32(32), u32(36)];
  if (view.getUint16(10, true) !== HEADER)
    return fail('inconsistent', `the header is not the ${HEADER} bytes of version 1`);
  if (dataBlocks < 1 || padded !== slotBlockCount(dataBlocks))
    return fail('inconsistent', `${padded} padded blocks do not fit ${dataBlocks} dataset blocks`);
  if (slots < 1 || slots > 1 << MAX_DATASET_DEPTH || slotIndex >= slots)
    return fail('inconsistent', `slot ${slotIndex} of a dataset of ${slots} slots`);
  const sizes = layerSizes(padded);
  const layerBytes = sizes.reduce((n, s) => n + s * NODE, 0);
  const expected = HEADER + layerBytes + slots * NODE + CHECKSUM;
  if (bytes.length < expected)
    return fail('truncated', `the slot-tree file has ${bytes.length} bytes; its header promises ${expected}`);
  if (bytes.length > expected)
    return fail('inconsistent', `the slot-tree file has ${bytes.length - expected} bytes too many`);
  const sum = createHash('sha256')
    .update(bytes.subarray(0, expected - CHECKSUM))
    .digest();
  if (!sum.equals(bytes.subarray(expected - CHECKSUM)))
    return fail('checksum-mismatch', 'the slot-tree file is damaged (its checksum does not match)');
  if (u32(12) !== BLOCK_BYTES || u32(16) !== CELL_BYTES)
    return fail(
      'inconsistent',
      `the tree is for ${u32(12)}-byte blocks and ${u32(16)}-byte cells, not Codex's 65,536 and 2,048`,
    );
  if (layerCount !== sizes.length)
    return fail('inconsistent', `${layerCount} layers recorded; ${padded} blocks make ${sizes.length}`);
  for (let n = HEADER; n < expected - CHECKSUM; n += NODE)
    if (!isCanonicalNode(bytes, n)) return fail('inconsistent', 'the file holds a node that is not a field element');
  const layers: Uint8Array[] = [];
  let at = HEADER;
  for (const size of sizes) {
    layers.push(bytes.slice(at, at + size * NODE));
    at += size * NODE;
  }
  const slotRoots = Array.from({ length: slots }, (_, i) =>
    bigintFromBytesLE(bytes.subarray(at + i * NODE, at + (i + 1) * NODE)),
  );
  const tree: SlotTree = { dataBlocks, layers };
  if (slotRoots[slotIndex] !== slotRoot(tree))
    return fail('inconsistent', "the dataset's slot root is not the tree's root");
  return { ok: true, value: { tree, slotIndex, slotRoots } };
}
