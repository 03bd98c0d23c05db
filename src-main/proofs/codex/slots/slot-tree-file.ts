// The persisted slot tree: block roots and every slot-tree layer (≈64 bytes per block, 1 MiB per
// GiB of slot), kept beside the slot data so a proof never rebuilds the slot tree, also after a
// restart. Little-endian binary:
//
//   0  8  magic "SKSLTREE"
//   8  2  format version (1)
//  10  2  header bytes (48)
//  12  4  block bytes (65,536)      16  4  cell bytes (2,048)
//  20  4  dataset blocks            24  4  padded blocks (a power of two)
//  28  4  layers                    32 16  reserved (zero)
//  48  …  layers, bottom up, 32 bytes per node (canonical field elements)
//   … 32  SHA-256 of everything before it
//
// A damaged or truncated file is reported as a value; the caller rebuilds from the slot data.
import { createHash } from 'node:crypto';
import { isCanonicalNode } from '../pool/canonical-nodes';
import { BLOCK_BYTES, CELL_BYTES, slotBlockCount } from './layout';
import type { SlotTree } from './slot-tree';

const MAGIC = new TextEncoder().encode('SKSLTREE');
/** The format version this code writes and reads. */
export const SLOT_TREE_FORMAT_VERSION = 1;
const HEADER = 48;
const CHECKSUM = 32;
const NODE = 32;

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

/** The file bytes of `tree`. */
export function encodeSlotTree(tree: SlotTree): Uint8Array {
  const body = tree.layers.reduce((n, l) => n + l.length, 0);
  const out = new Uint8Array(HEADER + body + CHECKSUM);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(8, SLOT_TREE_FORMAT_VERSION, true);
  view.setUint16(10, HEADER, true);
  view.setUint32(12, BLOCK_BYTES, true);
  view.setUint32(16, CELL_BYTES, true);
  view.setUint32(20, tree.dataBlocks, true);
  view.setUint32(24, tree.layers[0]!.length / NODE, true);
  view.setUint32(28, tree.layers.length, true);
  let at = HEADER;
  for (const layer of tree.layers) {
    out.set(layer, at);
    at += layer.length;
  }
  out.set(createHash('sha256').update(out.subarray(0, at)).digest(), at);
  return out;
}

/** The tree in `bytes`, or what is wrong with them. */
export function decodeSlotTree(
  bytes: Uint8Array,
): { ok: true; value: SlotTree } | { ok: false; error: SlotTreeFileError } {
  const fail = (kind: SlotTreeFileError['kind'], message: string) => ({ ok: false as const, error: { kind, message } });
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
  const header = view.getUint16(10, true);
  const [blockBytes, cellBytes, dataBlocks, padded, layerCount] = [12, 16, 20, 24, 28].map((o) =>
    view.getUint32(o, true),
  ) as [number, number, number, number, number];
  if (header !== HEADER) return fail('inconsistent', `header of ${header} bytes; version 1 has ${HEADER}`);
  if (dataBlocks < 1 || padded !== slotBlockCount(dataBlocks))
    return fail('inconsistent', `${padded} padded blocks do not fit ${dataBlocks} dataset blocks`);
  const sizes = layerSizes(padded);
  const expected = HEADER + sizes.reduce((n, s) => n + s * NODE, 0) + CHECKSUM;
  if (bytes.length < expected)
    return fail('truncated', `the slot-tree file has ${bytes.length} bytes; its header promises ${expected}`);
  if (bytes.length > expected)
    return fail('inconsistent', `the slot-tree file has ${bytes.length - expected} bytes too many`);
  const sum = createHash('sha256')
    .update(bytes.subarray(0, expected - CHECKSUM))
    .digest();
  if (!sum.equals(bytes.subarray(expected - CHECKSUM)))
    return fail('checksum-mismatch', 'the slot-tree file is damaged (its checksum does not match)');
  if (blockBytes !== BLOCK_BYTES || cellBytes !== CELL_BYTES)
    return fail(
      'inconsistent',
      `the tree is for ${blockBytes}-byte blocks and ${cellBytes}-byte cells, not Codex's 65,536 and 2,048`,
    );
  if (layerCount !== sizes.length)
    return fail('inconsistent', `${layerCount} layers recorded; ${padded} blocks make ${sizes.length}`);
  const layers: Uint8Array[] = [];
  let at = HEADER;
  for (const size of sizes) {
    const layer = bytes.slice(at, at + size * NODE);
    for (let n = 0; n < layer.length; n += NODE)
      if (!isCanonicalNode(layer, n)) return fail('inconsistent', 'the tree holds a node that is not a field element');
    layers.push(layer);
    at += size * NODE;
  }
  return { ok: true, value: { dataBlocks, layers } };
}
