import { describe, expect, it } from 'vitest';
import type { BlockDelivery } from '../../../../src-main/network/blockexc/message';
import { checkBlock, checkLeaf } from '../../../../src-main/network/exchange/verify';
import { blockCid, EMPTY_BLOCK_CID, manifestCid } from '../../../../src-main/network/ids/cid';
import { CODEX_MANIFEST } from '../../../../src-main/network/ids/codecs';
import { decodeProof, encodeProof } from '../../../../src-main/network/tree/proof-codec';
import { testDataset } from '../helpers/network';

const data = testDataset(5, 2, 1); // blocks 5 is an empty pad
const ds = data.ds;
const want = (index: number) => ({ treeRoot: ds.tree.root, index, nleaves: ds.blocks.length, blockSize: 65_536 });
const delivery = (index: number): BlockDelivery => {
  const leaf = data.store.leaf(ds.treeCid, index)!;
  return { cid: leaf.cid!, data: leaf.data, address: { leaf: true, treeCid: ds.treeCid, index }, proof: leaf.proof };
};
const reason = (d: BlockDelivery, index = d.address.leaf ? d.address.index : 0) => {
  const r = checkLeaf(d, want(index));
  return r.ok ? 'ok' : r.reason;
};

describe('delivery checks', () => {
  it('accept an honest block and an honest empty pad block', () => {
    expect(reason(delivery(1))).toBe('ok');
    expect(ds.blocks[5]).toHaveLength(0);
    expect(delivery(5).cid).toEqual(EMPTY_BLOCK_CID);
    expect(reason(delivery(5))).toBe('ok');
  });

  it('refuse what nim lets through: a proof that verifies false, or spans the wrong leaf count', () => {
    const d = delivery(2);
    const proof = decodeProof(d.proof!);
    const other = decodeProof(delivery(3).proof!);
    expect(reason({ ...d, proof: encodeProof({ ...proof, path: other.path }) })).toBe(
      'proof does not lead to the dataset tree root',
    );
    expect(checkLeaf(d, { ...want(2), nleaves: ds.blocks.length + 1 })).toEqual({
      ok: false,
      reason: `proof spans ${ds.blocks.length} leaves, the manifest ${ds.blocks.length + 1}`,
    });
  });

  it('refuse missing data, wrong bytes, wrong sizes, missing or foreign proofs', () => {
    const d = delivery(2);
    const cut = d.data!.subarray(0, 1000);
    expect(reason({ ...d, data: undefined })).toBe('delivery has no data field');
    expect(reason({ ...d, data: Uint8Array.from(d.data!, (b, i) => (i === 7 ? b ^ 1 : b)) })).toBe(
      'block bytes do not hash to the delivered CID',
    );
    expect(reason({ ...d, data: cut, cid: blockCid(cut) })).toBe(
      'block is 1000 bytes, neither 65536 nor an empty block',
    );
    expect(reason({ ...d, proof: undefined })).toBe('leaf delivery has no proof');
    expect(reason({ ...d, proof: delivery(3).proof })).toBe('proof is for index 3, not 2');
    expect(reason({ ...d, proof: Uint8Array.of(1, 2, 3) })).toMatch(/CodexProof|wire type/);
    expect(reason({ ...d, cid: manifestCid(d.data!) })).toBe('delivered CID has the wrong codec or hash');
    expect(reason(d, 3)).toBe('delivery is for another address');
  });

  it('check a manifest delivery by its CID', () => {
    const { cid, bytes } = data.manifest;
    const d: BlockDelivery = { cid, data: bytes, address: { leaf: false, cid }, proof: undefined };
    expect(checkBlock(d, cid, CODEX_MANIFEST, 1 << 20)).toEqual({ ok: true, data: bytes });
    expect(checkBlock(d, cid, CODEX_MANIFEST, 10)).toEqual({
      ok: false,
      reason: `block is ${bytes.length} bytes, over 10`,
    });
    expect(checkBlock({ ...d, data: bytes.subarray(1) }, cid, CODEX_MANIFEST, 1 << 20).ok).toBe(false);
    expect(checkBlock(d, manifestCid(Uint8Array.of(1)), CODEX_MANIFEST, 1 << 20)).toEqual({
      ok: false,
      reason: 'delivery is for another block',
    });
  });
});
