import { describe, expect, it } from 'vitest';
import { EMPTY_BLOCK_CID, parseCid } from '../../../../src-main/network/ids/cid';
import { decodeManifest } from '../../../../src-main/network/manifest/manifest';
import { checkManifest, slotBlockIndices } from '../../../../src-main/network/manifest/validate';
import {
  datasetBlockCid,
  prepareDataset,
  slotBlocks,
  verifiableManifest,
} from '../../../../src-main/network/provider/dataset';
import { MemoryBlockStore } from '../../../../src-main/network/provider/memory-store';
import { decodeProof } from '../../../../src-main/network/tree/proof-codec';
import { verifyProof } from '../../../../src-main/network/tree/sha-tree';
import { fieldLE } from '../helpers/manifests';

describe('a dataset laid out as Codex lays it out', () => {
  // 10 original blocks, 5 nodes, tolerance 2: the spec's worked example.
  const data = Uint8Array.from({ length: 10 * 65_536 - 3 }, (_, i) => i % 251);
  const ds = prepareDataset({ data, ecK: 3, ecM: 2 });

  it('pads the last block with zeros, adds empty blocks to a multiple of ecK, then parity rows', () => {
    expect(ds.steps).toBe(4);
    expect(ds.blocks).toHaveLength(20);
    expect(ds.blocks[9]![65_535]).toBe(0);
    expect(ds.blocks[10]).toHaveLength(0);
    expect(datasetBlockCid(ds, 11)).toEqual(EMPTY_BLOCK_CID);
    expect(ds.blocks[12]).toHaveLength(65_536);
    expect(slotBlocks(ds, 2).map((b) => b.length)).toEqual([65_536, 65_536, 0, 0]);
    expect(() => slotBlocks(ds, 5)).toThrow(/no slot 5/);
  });

  it('writes a verifiable manifest that passes the host checks, with the original tree and size', () => {
    const m = verifiableManifest(ds, { slotRoots: [1, 2, 3, 4, 5].map(fieldLE), verifyRoot: fieldLE(6) });
    const vm = checkManifest(decodeManifest(m.bytes));
    expect(vm).toMatchObject({ blocksCount: 20, numSlots: 5, blocksPerSlot: 4 });
    expect(vm.manifest.erasure).toMatchObject({
      ecK: 3,
      ecM: 2,
      originalDatasetSize: data.length,
      protectedStrategy: 1,
    });
    expect(parseCid(vm.manifest.erasure!.originalTreeCid).digest).not.toEqual(ds.tree.root);
    expect(slotBlockIndices(vm, 3)).toEqual([12, 13, 14, 15]);
    expect(() => verifiableManifest(ds, { slotRoots: [fieldLE(1)], verifyRoot: fieldLE(6) })).toThrow(
      /1 slot roots for 5 slots/,
    );
  });

  it('serves every block with a proof against the tree', () => {
    const store = new MemoryBlockStore();
    store.add(ds);
    for (let i = 0; i < 20; i++) {
      const leaf = store.leaf(ds.treeCid, i)!;
      expect(verifyProof(parseCid(leaf.cid!).digest, ds.tree.root, decodeProof(leaf.proof))).toBe(true);
    }
    expect(store.hasLeaf(ds.treeCid, 20)).toBe(false);
    store.remove(ds.treeCid);
    expect(store.hasLeaf(ds.treeCid, 0)).toBe(false);
  });

  it('refuses impossible parameters', () => {
    expect(() => prepareDataset({ data, ecK: 0, ecM: 1 })).toThrow(/ecK ≥ 1/);
    expect(() => prepareDataset({ data: new Uint8Array(0), ecK: 1, ecM: 1 })).toThrow(/needs bytes/);
    expect(() => prepareDataset({ data, ecK: 1, ecM: 1, parity: () => new Uint8Array(5) })).toThrow(/not 64 KiB/);
  });
});
