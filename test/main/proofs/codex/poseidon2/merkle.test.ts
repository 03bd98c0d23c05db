import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToElements, elementCount } from '../../../../../src-main/proofs/codex/poseidon2/elements';
import { fieldToBytes } from '../../../../../src-main/proofs/codex/poseidon2/field';
import {
  merkleLayers,
  merklePath,
  merkleRoot,
  reconstructRoot,
} from '../../../../../src-main/proofs/codex/poseidon2/merkle';
import { compress } from '../../../../../src-main/proofs/codex/poseidon2/permutation';
import { sponge } from '../../../../../src-main/proofs/codex/poseidon2/sponge';
import { leHex, oneTo, poseidon2Vectors } from '../vectors';

const le = (x: bigint) => `0x${Buffer.from(fieldToBytes(x)).toString('hex')}`;
const bytesOneTo = (n: number) => new Uint8Array(n).map((_, i) => i + 1);

describe('bytes → field elements', () => {
  it('reads 31-byte little-endian chunks, then the tail with the 0x01 end marker', () => {
    const bytes = bytesOneTo(33);
    const [first, tail] = bytesToElements(bytes);
    expect(first).toBe(BigInt(`0x${Buffer.from(bytes.subarray(0, 31)).reverse().toString('hex')}`));
    expect(tail).toBe(32n + 33n * 256n + 65536n);
    expect(bytesToElements(new Uint8Array(0))).toEqual([1n]);
    expect(bytesToElements(new Uint8Array(31))).toEqual([0n, 1n]);
  });

  it('makes 67 elements of a 2,048-byte cell, the last b[2046] + 256·b[2047] + 65536', () => {
    const cell = new Uint8Array(2048).fill(7);
    cell[2046] = 0x5f;
    cell[2047] = 0x2e;
    const elements = bytesToElements(cell);
    expect(elements).toHaveLength(67);
    expect(elementCount(2048)).toBe(67);
    expect(elements[66]).toBe(77407n); // 0x012E5F, the fixture's last element of sample 0
    expect(bytesToElements(new Uint8Array(2048))[66]).toBe(65536n);
  });
});

describe('keyed Merkle tree (BigInt reference)', () => {
  it("has nim-poseidon2's roots over the elements 1..n for n = 1..40", () => {
    poseidon2Vectors.merkleOfElements.roots.forEach((root, i) =>
      expect(merkleRoot(oneTo(i + 1)).toString()).toBe(root),
    );
  });

  it("has nim-poseidon2's roots over the bytes 1..n for n = 0..80, and of the empty string", () => {
    poseidon2Vectors.merkleOfBytes.roots.forEach((root, n) =>
      expect(merkleRoot(bytesToElements(bytesOneTo(n))).toString()).toBe(root),
    );
    expect(le(merkleRoot(bytesToElements(bytesOneTo(80))))).toBe(poseidon2Vectors.merkleOfBytes1To80Le);
    expect(le(merkleRoot(bytesToElements(new Uint8Array(0))))).toBe(poseidon2Vectors.merkleOfEmptyBytesLe);
  });

  it('compresses a single leaf with 0 and key 3 rather than returning it', () => {
    expect(merkleRoot([9n])).toBe(compress(9n, 0n, 3));
    expect(merkleRoot([1n, 2n, 3n])).toBe(compress(compress(1n, 2n, 1), compress(3n, 0n, 3), 0));
    expect(merkleRoot([1n, 2n, 3n, 4n, 5n])).toBe(
      compress(compress(compress(1n, 2n, 1), compress(3n, 4n, 1), 0), compress(compress(5n, 0n, 3), 0n, 2), 0),
    );
  });

  it("has the spec's zero-cell hash and zero-block root", () => {
    const zeroCell = sponge(bytesToElements(new Uint8Array(2048)), 2);
    expect(le(zeroCell)).toBe(poseidon2Vectors.zeroCellHashLe);
    expect(fieldToBytes(merkleRoot(Array(32).fill(zeroCell)))).toEqual(leHex(poseidon2Vectors.zeroBlockRootLe));
  });

  it('reconstructs the root from every leaf and its path, odd nodes included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 13 }), fc.nat(), (count, pick) => {
        const leaves = oneTo(count).map((x) => x * 1000003n);
        const layers = merkleLayers(leaves);
        const index = pick % count;
        const path = merklePath(layers, index);
        return (
          path.length === layers.length - 1 &&
          reconstructRoot(leaves[index]!, index, count, path) === merkleRoot(leaves)
        );
      }),
      { numRuns: 40 },
    );
  });

  it('fails reconstruction for a wrong leaf, index or sibling', () => {
    const leaves = oneTo(11);
    const layers = merkleLayers(leaves);
    const root = merkleRoot(leaves);
    const path = merklePath(layers, 10);
    expect(path[0]).toBe(0n); // the last of 11 leaves is an odd node
    expect(reconstructRoot(11n, 10, 11, path)).toBe(root);
    expect(reconstructRoot(12n, 10, 11, path)).not.toBe(root);
    expect(
      reconstructRoot(
        11n,
        9,
        11,
        merklePath(layers, 9).map((p, i) => (i === 1 ? p + 1n : p)),
      ),
    ).not.toBe(root);
    expect(() => merklePath(layers, 11)).toThrow(RangeError);
  });
});
