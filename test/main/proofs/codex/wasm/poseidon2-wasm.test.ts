import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToElements } from '../../../../../src-main/proofs/codex/poseidon2/elements';
import { FIELD_MODULUS, bigintFromBytesLE, fieldToBytes } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { merkleLayers, merkleRoot } from '../../../../../src-main/proofs/codex/poseidon2/merkle';
import { compress, permute } from '../../../../../src-main/proofs/codex/poseidon2/permutation';
import { sponge } from '../../../../../src-main/proofs/codex/poseidon2/sponge';
import { keyedLayers } from '../../../../../src-main/proofs/codex/wasm/layers';
import { createPoseidon2Wasm } from '../../../../../src-main/proofs/codex/wasm/module';
import { leHex, oneTo, poseidon2Vectors } from '../vectors';

const wasm = createPoseidon2Wasm();
// Edge values matter most for lazy reduction: 0, 1, r − 1 and values near the limb boundaries.
const element = fc.oneof(
  fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }),
  fc.constantFrom(0n, 1n, 2n, FIELD_MODULUS - 1n, FIELD_MODULUS - 2n, (1n << 253n) - 1n, 1n << 253n, (1n << 232n) - 1n),
);
const nodes = (xs: readonly bigint[]) => {
  const out = new Uint8Array(xs.length * 32);
  xs.forEach((x, i) => out.set(fieldToBytes(x), i * 32));
  return out;
};
const values = (bytes: Uint8Array) =>
  Array.from({ length: bytes.length / 32 }, (_, i) => bigintFromBytesLE(bytes.subarray(i * 32, i * 32 + 32)));

/** The block root by the BigInt reference: 32 cell sponges and the keyed tree over them. */
function referenceBlockTree(block: Uint8Array): bigint[] {
  const padded = new Uint8Array(65536);
  padded.set(block);
  const cells = Array.from({ length: 32 }, (_, c) =>
    sponge(bytesToElements(padded.subarray(c * 2048, (c + 1) * 2048)), 2),
  );
  return merkleLayers(cells).flat();
}

describe('Poseidon2 in wasm against the BigInt reference', () => {
  it('permutes like the reference, edge values included', () => {
    fc.assert(
      fc.property(element, element, element, (a, b, c) => {
        const w = wasm.permute([a, b, c]);
        const r = permute([a, b, c]);
        return w[0] === r[0] && w[1] === r[1] && w[2] === r[2];
      }),
      { numRuns: 150 },
    );
    expect(wasm.permute([0n, 1n, 2n]).map(String)).toEqual(poseidon2Vectors.permutation.output);
  });

  it('digests like the reference sponge at both rates, and the vectors', () => {
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 9 }),
        fc.constantFrom<1 | 2>(1, 2),
        (xs, rate) => wasm.sponge(xs, rate) === sponge(xs, rate),
      ),
      { numRuns: 60 },
    );
    for (let n = 0; n < 8; n++) {
      expect(wasm.sponge(oneTo(n), 1).toString()).toBe(poseidon2Vectors.sponge.rate1[n]);
      expect(wasm.sponge(oneTo(n), 2).toString()).toBe(poseidon2Vectors.sponge.rate2[n]);
    }
  });

  it('compresses pairs with every key like the reference', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(element, element), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (pairs, key) => {
          const out = values(wasm.compressPairs(nodes(pairs.flat()), key));
          return out.every((x, i) => x === compress(pairs[i]![0], pairs[i]![1], key));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("builds keyed trees with nim-poseidon2's roots over 1..n for n = 1..40", () => {
    poseidon2Vectors.merkleOfElements.roots.forEach((root, i) => {
      const layers = keyedLayers(wasm, nodes(oneTo(i + 1)));
      expect(values(layers[layers.length - 1]!)).toEqual([BigInt(root)]);
      expect(layers.map(values)).toEqual(merkleLayers(oneTo(i + 1)));
    });
  });

  it("builds keyed trees with nim-poseidon2's roots over the bytes 1..n for n = 0..80", () => {
    poseidon2Vectors.merkleOfBytes.roots.forEach((root, n) => {
      const layers = keyedLayers(wasm, nodes(bytesToElements(new Uint8Array(n).map((_, i) => i + 1))));
      expect(values(layers[layers.length - 1]!)).toEqual([BigInt(root)]);
    });
  });

  it("builds the tree over 1..2^17 with nim-poseidon2's root", () => {
    const layers = keyedLayers(wasm, nodes(oneTo(1 << 17)));
    expect(layers[layers.length - 1]).toEqual(leHex(poseidon2Vectors.merkleOfElements1To2pow17Le));
  });

  it('hashes blocks like the reference: random, short and all-zero ones', () => {
    const random = new Uint8Array(65536).map(() => Math.floor(Math.random() * 256));
    const short = random.slice(0, 3000); // the rest reads as zeros
    for (const block of [random, short]) {
      const reference = referenceBlockTree(block);
      expect(values(wasm.blockTree(block))).toEqual(reference);
      expect(bigintFromBytesLE(wasm.blockRoot(block))).toBe(reference[62]);
    }
    expect(wasm.blockRoot(new Uint8Array(0))).toEqual(leHex(poseidon2Vectors.zeroBlockRootLe));
    expect(wasm.blockRoot(new Uint8Array(65536))).toEqual(leHex(poseidon2Vectors.zeroBlockRootLe));
    const zeroTree = wasm.blockTree(new Uint8Array(0));
    expect(zeroTree.subarray(0, 32)).toEqual(leHex(poseidon2Vectors.zeroCellHashLe));
    expect(values(zeroTree)[62]).toBe(merkleRoot(Array(32).fill(values(zeroTree)[0]!)));
  });

  it('gives a block with one non-zero byte in its last cell its own root', () => {
    const block = new Uint8Array(65536);
    block[65535] = 1;
    expect(wasm.blockRoot(block)).not.toEqual(leHex(poseidon2Vectors.zeroBlockRootLe));
    expect(bigintFromBytesLE(wasm.blockRoot(block))).toBe(referenceBlockTree(block)[62]);
  });

  it('refuses blocks over 64 KiB and odd node counts', () => {
    expect(() => wasm.blockRoot(new Uint8Array(65537))).toThrow(RangeError);
    expect(() => wasm.compressPairs(new Uint8Array(96), 0)).toThrow(RangeError);
    expect(() => keyedLayers(wasm, new Uint8Array(0))).toThrow(RangeError);
  });
});
