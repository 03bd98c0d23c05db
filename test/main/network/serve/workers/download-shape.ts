// The slot the kill test's worker stores and the test checks: its blocks and proofs by index.
export const KEY = '0x' + '33'.repeat(32);
export const BLOCKS = 400;
export const killManifest = { cid: Uint8Array.of(4, 5, 6), treeCid: Uint8Array.of(8, 8), bytes: Uint8Array.of(1, 2) };
export const killBlock = (i: number): Uint8Array => new Uint8Array(65_536).fill((i % 250) + 1);
export const killProof = (i: number): Uint8Array => new Uint8Array(200).fill(i & 0xff).fill(i >> 8, 0, 2);
