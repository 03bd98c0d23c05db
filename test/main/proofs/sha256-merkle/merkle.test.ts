import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  leafHash,
  merkleLayers,
  merklePath,
  merkleRoot,
  nodeHash,
  sha256Hash,
  treeDepth,
  verifyPath,
  ZERO_HASH,
} from '../../../../src-main/proofs/sha256-merkle/index';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i])));

describe('merkle tree', () => {
  it('hashes with SHA-256, identical to node:crypto', () => {
    const data = new TextEncoder().encode('slotkeeper');
    expect(Buffer.from(sha256Hash(data))).toEqual(createHash('sha256').update(data).digest());
  });

  it('separates leaves from inner nodes by prefix', () => {
    const a = new Uint8Array(32).fill(1);
    expect(nodeHash(a, a)).not.toEqual(leafHash(new Uint8Array([...a, ...a])));
  });

  it('pairs the last node of an odd level with zero bytes', () => {
    const [a, b, c] = leaves(3) as [Uint8Array, Uint8Array, Uint8Array];
    expect(merkleRoot([a, b, c])).toEqual(nodeHash(nodeHash(a, b), nodeHash(c, ZERO_HASH)));
  });

  it('makes a single leaf its own root and no leaves a zero root', () => {
    const [a] = leaves(1) as [Uint8Array];
    expect(merkleRoot([a])).toEqual(a);
    expect(merkleRoot([])).toEqual(ZERO_HASH);
  });

  it('verifies the path of every leaf for trees of many sizes', () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const ls = leaves(n);
      const layers = merkleLayers(ls);
      const root = layers[layers.length - 1]![0]!;
      for (let i = 0; i < n; i++) {
        const path = merklePath(layers, i);
        expect(path).toHaveLength(treeDepth(n));
        expect(verifyPath(ls[i]!, i, n, path, root)).toBe(true);
      }
    }
  });

  it('rejects a path for the wrong index, a wrong leaf, a short path or an index past the end', () => {
    const ls = leaves(6);
    const layers = merkleLayers(ls);
    const root = merkleRoot(ls);
    const path = merklePath(layers, 2);
    expect(verifyPath(ls[2]!, 3, 6, path, root)).toBe(false);
    expect(verifyPath(ls[1]!, 2, 6, path, root)).toBe(false);
    expect(verifyPath(ls[2]!, 2, 6, path.slice(1), root)).toBe(false);
    expect(verifyPath(ls[2]!, 6, 6, path, root)).toBe(false);
  });
});

describe('hex helpers', () => {
  it('round-trips bytes through hex and rejects non-hex', async () => {
    const { bytesToHex, hexToBytes } = await import('../../../../src-main/proofs/sha256-merkle/index');
    expect(bytesToHex(hexToBytes('0x00ff10'))).toBe('0x00ff10');
    expect(() => hexToBytes('0xzz')).toThrow(TypeError);
  });
});
