import { describe, expect, it } from 'vitest';
import {
  bytesFromHex,
  dataSetRootFromMerkleRoot,
  datasetPath,
  datasetRoot,
  datasetTreeLayers,
  entropyFromChallenge,
  merkleRootBytes,
} from '../../../../../src-main/proofs/codex/dataset/dataset';
import { FIELD_MODULUS, fieldToBytes } from '../../../../../src-main/proofs/codex/poseidon2/field';
import { reconstructRoot } from '../../../../../src-main/proofs/codex/poseidon2/merkle';
import { circuitInputJson, oneTo } from '../vectors';

describe('dataset roots and the public inputs', () => {
  it("writes the fixture's dataset root as content.merkleRoot 0x9dfce8db… and reads it back as the public input", () => {
    const root = BigInt(circuitInputJson.dataSetRoot);
    const merkleRoot = merkleRootBytes(root);
    expect(`0x${Buffer.from(merkleRoot).toString('hex')}`).toBe(
      '0x9dfce8db7adb819fcb761fb663ac2e1703c21421cba2cd719aa0310d77b38923',
    );
    expect(dataSetRootFromMerkleRoot(merkleRoot)).toEqual({ ok: true, value: root });
    expect(root.toString(16)).toBe('2389b3770d31a09a71cda2cb2114c203172eac63b61f76cb9f81db7adbe8fc9d');
  });

  it('refuses a merkleRoot that is not a field element', () => {
    expect(dataSetRootFromMerkleRoot(new Uint8Array(32).fill(0xff))).toMatchObject({ ok: false });
    expect(dataSetRootFromMerkleRoot(new Uint8Array(31))).toMatchObject({ ok: false });
  });

  it("takes the entropy from the challenge's first 31 bytes, little-endian, dropping byte 31", () => {
    const challenge = new Uint8Array(32).fill(0);
    challenge[0] = 0x87;
    challenge[1] = 0xd6;
    challenge[2] = 0x12;
    challenge[31] = 0xff;
    expect(entropyFromChallenge(challenge)).toBe(1234567n);
    expect(entropyFromChallenge(new Uint8Array(32).fill(0xff))).toBe((1n << 248n) - 1n);
    expect(() => entropyFromChallenge(new Uint8Array(31))).toThrow(RangeError);
  });

  it('builds the unpadded dataset tree with odd nodes, and paths zero-padded to 8 levels', () => {
    const roots = oneTo(11);
    const layers = datasetTreeLayers(roots);
    expect(layers.map((l) => l.length)).toEqual([11, 6, 3, 2, 1]);
    const path = datasetPath(layers, 10);
    expect(path).toHaveLength(8);
    expect(path.slice(4)).toEqual([0n, 0n, 0n, 0n]);
    expect(reconstructRoot(11n, 10, 11, path.slice(0, 4))).toBe(datasetRoot(roots));
    expect(() => datasetTreeLayers([])).toThrow(RangeError);
    expect(() => datasetTreeLayers(oneTo(257))).toThrow(RangeError);
  });

  it('reads hex of a given length and nothing else', () => {
    expect(bytesFromHex('0x0102', 2)).toEqual(new Uint8Array([1, 2]));
    expect(bytesFromHex('0102', 2)).toEqual(new Uint8Array([1, 2]));
    expect(bytesFromHex('0x01', 2)).toBeUndefined();
    expect(bytesFromHex('0xzz02', 2)).toBeUndefined();
    expect(fieldToBytes(FIELD_MODULUS - 1n)).toHaveLength(32);
  });
});
