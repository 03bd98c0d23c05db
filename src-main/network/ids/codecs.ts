// Codex's multicodecs (codex/multicodec_exts.nim) and the two multihashes its CIDs use.

/** A dataset's manifest block. */
export const CODEX_MANIFEST = 0xcd01;
/** A data block (64 KiB, or 0 bytes for an empty pad block). */
export const CODEX_BLOCK = 0xcd02;
/** The SHA-256 tree over a dataset's blocks (treeCid). */
export const CODEX_ROOT = 0xcd03;
/** A slot's Poseidon2 root. */
export const CODEX_SLOT_ROOT = 0xcd04;
/** The Poseidon2 root over all slot roots (verifyRoot). */
export const CODEX_PROVING_ROOT = 0xcd05;
/** A 2 KiB cell of a slot. */
export const CODEX_SLOT_CELL = 0xcd06;

/** Multihash sha2-256. */
export const SHA2_256 = 0x12;
/** Multihash identity: the digest is the value itself. */
export const IDENTITY = 0x00;

/**
 * The content codecs a Codex node accepts in a CID. nim-libp2p refuses every other codec when it
 * decodes a message, and then closes the stream, so we never send one and never accept one.
 */
export const CODEX_CODECS: ReadonlySet<number> = new Set([
  CODEX_MANIFEST,
  CODEX_BLOCK,
  CODEX_ROOT,
  CODEX_SLOT_ROOT,
  CODEX_PROVING_ROOT,
  CODEX_SLOT_CELL,
]);

/** Names for messages. */
export const CODEC_NAMES: ReadonlyMap<number, string> = new Map([
  [CODEX_MANIFEST, 'codex-manifest'],
  [CODEX_BLOCK, 'codex-block'],
  [CODEX_ROOT, 'codex-root'],
  [CODEX_SLOT_ROOT, 'codex-slot-root'],
  [CODEX_PROVING_ROOT, 'codex-proving-root'],
  [CODEX_SLOT_CELL, 'codex-slot-cell'],
]);

/** The BN254 scalar field modulus: Poseidon2 roots are field elements below it. */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
