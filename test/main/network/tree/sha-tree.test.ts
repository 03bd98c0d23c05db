import { describe, expect, it } from 'vitest';
import { hex, sha256 } from '../../../../src-main/network/ids/cid';
import { decodeProof, encodeProof } from '../../../../src-main/network/tree/proof-codec';
import { reconstructRoot, ShaTree, treeDepth, verifyProof } from '../../../../src-main/network/tree/sha-tree';
import { TreeVerifier } from '../../../../src-main/network/tree/tree-verifier';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => sha256(Uint8Array.of(i, i >> 8)));
const compress = (x: Uint8Array, y: Uint8Array, k: number) => sha256(x, y, Uint8Array.of(k));
const zero = new Uint8Array(32);

describe('the SHA-256 dataset tree', () => {
  it('compresses a single leaf once with the bottom-odd key', () => {
    const [leaf] = leaves(1);
    expect(ShaTree.build([leaf!]).root).toEqual(compress(leaf!, zero, 3));
  });

  it('uses the keyed odd rule on a 5-leaf tree', () => {
    const l = leaves(5);
    const a = compress(l[0]!, l[1]!, 1);
    const b = compress(l[2]!, l[3]!, 1);
    const c = compress(l[4]!, zero, 3);
    const expected = compress(compress(a, b, 0), compress(c, zero, 2), 0);
    expect(hex(ShaTree.build(l).root)).toBe(hex(expected));
  });

  it('proves every leaf of trees from 1 to 33 leaves, and nothing else', () => {
    for (let n = 1; n <= 33; n++) {
      const l = leaves(n);
      const tree = ShaTree.build(l);
      for (let i = 0; i < n; i++) {
        const proof = tree.proof(i);
        expect(proof.path).toHaveLength(treeDepth(n));
        expect(verifyProof(l[i]!, tree.root, proof)).toBe(true);
        expect(verifyProof(l[(i + 1) % n]!, tree.root, proof)).toBe(n === 1 ? true : false);
      }
    }
  });

  it('rejects a proof with a changed sibling, index, leaf count or path length', () => {
    const l = leaves(6);
    const tree = ShaTree.build(l);
    const proof = tree.proof(4);
    const flipped = proof.path.map((p, i) => (i === 1 ? Uint8Array.from(p, (b, j) => (j === 0 ? b ^ 1 : b)) : p));
    expect(verifyProof(l[4]!, tree.root, { ...proof, path: flipped })).toBe(false);
    expect(verifyProof(l[4]!, tree.root, { ...proof, index: 5 })).toBe(false);
    expect(verifyProof(l[4]!, tree.root, { ...proof, nleaves: 5 })).toBe(false);
    expect(reconstructRoot(l[4]!, { ...proof, path: proof.path.slice(1) })).toBeUndefined();
    expect(reconstructRoot(l[4]!, { ...proof, index: 6 })).toBeUndefined();
  });
});

describe('CodexProof bytes', () => {
  it('are written as nim writes them, zero index included', () => {
    const tree = ShaTree.build(leaves(1));
    expect(hex(encodeProof(tree.proof(0)))).toBe(`0812100018012222 0a20${'00'.repeat(32)}`.replace(/ /g, ''));
  });

  it('read both the nim form and the sparse form that omits zeros', () => {
    const nim = Uint8Array.from(Buffer.from(`08121000180122220a20${'00'.repeat(32)}`, 'hex'));
    const sparse = Uint8Array.from(Buffer.from(`0812180122220a20${'00'.repeat(32)}`, 'hex'));
    expect(nim).toHaveLength(42);
    expect(sparse).toHaveLength(40);
    for (const bytes of [nim, sparse])
      expect(decodeProof(bytes)).toEqual({ mcodec: 0x12, index: 0, nleaves: 1, path: [zero] });
  });

  it('round-trip a deep proof', () => {
    const tree = ShaTree.build(leaves(1000));
    expect(decodeProof(encodeProof(tree.proof(777)))).toEqual(tree.proof(777));
  });

  it('refuse an empty path, a foreign hash, an index past the leaves and short nodes', () => {
    const proof = ShaTree.build(leaves(4)).proof(2);
    const cases: [Uint8Array, RegExp][] = [
      [encodeProof({ ...proof, path: [] }), /path is empty/],
      [encodeProof({ ...proof, mcodec: 0x13 }), /not sha2-256/],
      [encodeProof({ ...proof, index: 4 }), /not below its leaf count/],
      [encodeProof({ ...proof, path: [new Uint8Array(31), ...proof.path.slice(1)] }), /not 32 bytes/],
      [encodeProof(proof).subarray(0, 20), /invalid|remain|truncated/],
      [Uint8Array.of(0x0b), /wire type 3|unsupported/],
    ];
    for (const [bytes, message] of cases) expect(() => decodeProof(bytes)).toThrow(message);
  });
});

describe('a tree verifier remembering verified nodes', () => {
  it('agrees with one-off verification for every leaf, in any order', () => {
    for (const n of [1, 2, 3, 5, 8, 13, 33]) {
      const l = leaves(n);
      const tree = ShaTree.build(l);
      const v = new TreeVerifier(tree.root, n);
      const order = Array.from({ length: n }, (_, i) => (i * 7) % n);
      for (const i of new Set(order)) expect(v.verify(l[i]!, tree.proof(i)), `n=${n} i=${i}`).toBe(true);
    }
  });

  it('still refuses a forged leaf or sibling once its neighbours are known', () => {
    const l = leaves(16);
    const tree = ShaTree.build(l);
    const v = new TreeVerifier(tree.root, 16);
    for (let i = 0; i < 8; i++) expect(v.verify(l[i]!, tree.proof(i))).toBe(true);
    const forged = sha256(Uint8Array.of(99));
    expect(v.verify(forged, tree.proof(3))).toBe(false);
    const fresh = tree.proof(9);
    expect(v.verify(l[9]!, { ...fresh, path: [forged, ...fresh.path.slice(1)] })).toBe(false);
    expect(v.verify(forged, tree.proof(12))).toBe(false);
    // A leaf already proven is authentic whatever path comes with it this time.
    const proof = tree.proof(6);
    expect(v.verify(l[6]!, { ...proof, path: [forged, ...proof.path.slice(1)] })).toBe(true);
    expect(v.verify(l[6]!, { ...proof, index: 7 })).toBe(false);
    expect(v.verify(l[6]!, { ...proof, nleaves: 15 })).toBe(false);
    expect(v.verify(l[6]!, { ...proof, path: proof.path.slice(1) })).toBe(false);
  });

  it("keeps its own copy of what it proved, whatever happens to the caller's bytes", () => {
    const l = leaves(8);
    const tree = ShaTree.build(l);
    const v = new TreeVerifier(tree.root, 8);
    const frame = new Uint8Array(8 * 32);
    l.forEach((leaf, i) => frame.set(leaf, i * 32));
    for (let i = 0; i < 8; i++) expect(v.verify(frame.subarray(i * 32, i * 32 + 32), tree.proof(i))).toBe(true);
    frame.fill(0xee); // the next message lands in the same buffer
    for (let i = 7; i >= 0; i--) expect(v.verify(new Uint8Array(l[i]!), tree.proof(i)), `again ${i}`).toBe(true);
  });

  it('refuses everything when the root is wrong', () => {
    const l = leaves(4);
    const tree = ShaTree.build(l);
    const v = new TreeVerifier(sha256(Uint8Array.of(1)), 4);
    for (let i = 0; i < 4; i++) expect(v.verify(l[i]!, tree.proof(i))).toBe(false);
  });
});
