// Valid verifiable manifests for tests, built the way Codex's setupRequest lays a dataset out.
import { provingRootCid, slotRootCid, treeCid } from '../../../../src-main/network/ids/cid';
import type { Manifest } from '../../../../src-main/network/manifest/manifest';

/** 32 little-endian bytes of a small field element. */
export const fieldLE = (v: number): Uint8Array =>
  Uint8Array.from({ length: 32 }, (_, i) => (i < 4 ? (v >> (8 * i)) & 0xff : 0));

/** A verifiable manifest of `originalBlocks` blocks erasure-coded as ecK + ecM slots. */
export function verifiableManifest(originalBlocks = 10, ecK = 3, ecM = 2): Manifest {
  const steps = Math.ceil(originalBlocks / ecK);
  const blocksCount = steps * (ecK + ecM);
  return {
    treeCid: treeCid(new Uint8Array(32).fill(1)),
    blockSize: 65_536,
    datasetSize: blocksCount * 65_536,
    codec: 0xcd02,
    hcodec: 0x12,
    version: 1,
    erasure: {
      ecK,
      ecM,
      originalTreeCid: treeCid(new Uint8Array(32).fill(2)),
      originalDatasetSize: originalBlocks * 65_536 - 100,
      protectedStrategy: 1,
      verification: {
        verifyRoot: provingRootCid(fieldLE(99)),
        slotRoots: Array.from({ length: ecK + ecM }, (_, i) => slotRootCid(fieldLE(i + 1))),
        cellSize: 2048,
        verifiableStrategy: 0,
      },
    },
  };
}
