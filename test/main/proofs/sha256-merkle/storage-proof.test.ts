import { describe, expect, it } from 'vitest';
import {
  buildStorageProof,
  cellCount,
  challengedCells,
  checkStorageProof,
  datasetRoot,
  SlotTree,
  SlotTreeBuilder,
  type StorageProof,
  verifyStorageProof,
} from '../../../../src-main/proofs/sha256-merkle/index';

const params = { cellSize: 64, samples: 4 };
const slotSize = 1000n; // 16 cells, the last one 40 bytes
const slotData = (slot: number) => Uint8Array.from({ length: Number(slotSize) }, (_, i) => (i * 7 + slot * 31) & 0xff);
const slots = [0, 1, 2].map(slotData);
const trees = slots.map((d) => SlotTree.fromData(d, params));
const roots = trees.map((t) => t.root);
const merkleRoot = datasetRoot(roots);
const challenge = '0x' + '5a'.repeat(32);

function prove(slotIndex: number, c: string = challenge): StorageProof {
  const data = slots[slotIndex]!;
  return buildStorageProof({
    challenge: c,
    slotIndex,
    slotRoots: roots,
    tree: trees[slotIndex]!,
    readCell: (i) => data.subarray(i * params.cellSize, Math.min((i + 1) * params.cellSize, data.length)),
    params,
  });
}
const verify = (proof: StorageProof, slotIndex = 1, c = challenge) =>
  checkStorageProof({ proof, challenge: c, slotIndex, slots: 3, slotSize, merkleRoot, params });

describe('storage proofs', () => {
  it('counts cells with a short last cell', () => {
    expect(cellCount(slotSize, 64)).toBe(16);
    expect(cellCount(1024n, 64)).toBe(16);
  });

  it('builds the same tree whatever the download batch sizes', () => {
    const builder = new SlotTreeBuilder(params);
    for (let o = 0; o < slots[1]!.length; o += 37) builder.append(slots[1]!.subarray(o, o + 37));
    expect(builder.finish().root).toEqual(trees[1]!.root);
  });

  it('picks challenged cells deterministically from the challenge', () => {
    const a = challengedCells(challenge, 16, 4);
    expect(a).toEqual(challengedCells(challenge, 16, 4));
    expect(a.every((i) => i >= 0 && i < 16)).toBe(true);
    expect(challengedCells('0x' + '01'.repeat(32), 1000, 8)).not.toEqual(
      challengedCells('0x' + '02'.repeat(32), 1000, 8),
    );
  });

  it('accepts an honest proof for every slot, checked against the request root only', () => {
    for (const s of [0, 1, 2]) expect(verify(prove(s), s)).toBeUndefined();
    expect(
      verifyStorageProof({ proof: prove(2), challenge, slotIndex: 2, slots: 3, slotSize, merkleRoot, params }),
    ).toBe(true);
  });

  it('rejects a proof for another challenge', () => {
    expect(verify(prove(1, '0x' + '77'.repeat(32)))).toMatch(/challenge asks|not part/);
  });

  it('rejects a proof of another slot', () => {
    expect(verify(prove(0), 1)).toBe('slot root is not part of the request content');
  });

  it('rejects tampered cell bytes', () => {
    const proof = prove(1);
    const data = Uint8Array.from(proof.cells[0]!.data);
    data[0]! ^= 1;
    proof.cells[0] = { ...proof.cells[0]!, data };
    expect(verify(proof)).toMatch(/is not part of the slot/);
  });

  it('rejects a proof with missing cells', () => {
    const proof = prove(1);
    expect(verify({ ...proof, cells: proof.cells.slice(1) })).toMatch(/expected 4 cells/);
  });
});
