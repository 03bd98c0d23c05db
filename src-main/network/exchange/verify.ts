// Checks on a delivered block (nim's validateBlockDelivery, plus what it misses): the data field is
// present, the bytes hash to the delivered CID, a leaf is a full block or the empty block, its proof
// is for the index we asked, spans the manifest's leaf count and leads to the tree root — and a false
// verification is a failure (nim only looks for an exception, so it stores blocks with wrong proofs).
import { sameBytes, sha256 } from '../ids/cid';
import { CODEX_BLOCK, SHA2_256 } from '../ids/codecs';
import { parseCid } from '../ids/cid';
import { decodeProof } from '../tree/proof-codec';
import { verifyProof } from '../tree/sha-tree';
import type { TreeVerifier } from '../tree/tree-verifier';
import type { BlockDelivery } from '../blockexc/message';

/** The outcome of a check: the block's bytes, or why it was refused. */
export type Checked = { ok: true; data: Uint8Array } | { ok: false; reason: string };

const refuse = (reason: string): Checked => ({ ok: false, reason });

/** Checks the data field and that sha256(data) is the delivered CID's digest of the given codec. */
function checkData(d: BlockDelivery, codec: number): Checked {
  if (d.data === undefined) return refuse('delivery has no data field');
  let cid;
  try {
    cid = parseCid(d.cid);
  } catch (error) {
    return refuse((error as Error).message);
  }
  if (cid.codec !== codec || cid.hash !== SHA2_256) return refuse('delivered CID has the wrong codec or hash');
  if (!sameBytes(sha256(d.data), cid.digest)) return refuse('block bytes do not hash to the delivered CID');
  return { ok: true, data: d.data };
}

/** What a leaf delivery must prove. */
export interface LeafExpectation {
  readonly treeRoot: Uint8Array;
  readonly index: number;
  /** The manifest's block count: the tree's leaf count. */
  readonly nleaves: number;
  readonly blockSize: number;
  /** Remembers verified nodes across the blocks of one dataset (much cheaper per block). */
  readonly verifier?: TreeVerifier;
}

/** Checks a delivery of dataset block `index` against the dataset tree. */
export function checkLeaf(d: BlockDelivery, want: LeafExpectation): Checked {
  if (!d.address.leaf || d.address.index !== want.index) return refuse('delivery is for another address');
  const data = checkData(d, CODEX_BLOCK);
  if (!data.ok) return data;
  if (data.data.length !== want.blockSize && data.data.length !== 0)
    return refuse(`block is ${data.data.length} bytes, neither ${want.blockSize} nor an empty block`);
  if (d.proof === undefined) return refuse('leaf delivery has no proof');
  let proof;
  try {
    proof = decodeProof(d.proof);
  } catch (error) {
    return refuse((error as Error).message);
  }
  if (proof.index !== want.index) return refuse(`proof is for index ${proof.index}, not ${want.index}`);
  if (proof.nleaves !== want.nleaves)
    return refuse(`proof spans ${proof.nleaves} leaves, the manifest ${want.nleaves}`);
  const leaf = parseCid(d.cid).digest;
  const ok = want.verifier ? want.verifier.verify(leaf, proof) : verifyProof(leaf, want.treeRoot, proof);
  if (!ok) return refuse('proof does not lead to the dataset tree root');
  return data;
}

/** Checks a delivery of a non-leaf block (a manifest) named by `cid`. */
export function checkBlock(d: BlockDelivery, cid: Uint8Array, codec: number, maxBytes: number): Checked {
  if (d.address.leaf || !sameBytes(d.address.cid, cid) || !sameBytes(d.cid, cid))
    return refuse('delivery is for another block');
  const data = checkData(d, codec);
  if (data.ok && data.data.length > maxBytes) return refuse(`block is ${data.data.length} bytes, over ${maxBytes}`);
  return data;
}
