// CIDs as Codex builds them: always CIDv1, a Codex codec, and a sha2-256 or identity multihash.
// The binary form is what travels in messages and manifests; the text form is base58btc, as
// Codex prints CIDs (multiformats' own default for v1 is base32, which we also read and print).
import { createHash, hash } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base32 } from 'multiformats/bases/base32';
import { base58btc } from 'multiformats/bases/base58';
import { NetworkError } from '../errors';
import { readVarint, varintLength, writeVarint } from '../wire/varint';
import {
  BN254_R,
  CODEC_NAMES,
  CODEX_BLOCK,
  CODEX_CODECS,
  CODEX_MANIFEST,
  CODEX_PROVING_ROOT,
  CODEX_ROOT,
  CODEX_SLOT_ROOT,
  IDENTITY,
  SHA2_256,
} from './codecs';

/** A parsed CID: its codec, multihash code and digest (a view into `bytes`). */
export interface Cid {
  readonly bytes: Uint8Array;
  readonly codec: number;
  readonly hash: number;
  readonly digest: Uint8Array;
}

/** SHA-256 of the concatenated parts (node:crypto, an order of magnitude faster than a JS hash). */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  let d: Buffer;
  if (parts.length === 1) d = hash('sha256', parts[0]!, 'buffer');
  else {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    d = h.digest();
  }
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}

/** The CIDv1 bytes for `codec` over a multihash (`hash`, `digest`). */
export function buildCid(codec: number, hash: number, digest: Uint8Array): Uint8Array {
  const head = 1 + varintLength(codec) + varintLength(hash) + varintLength(digest.length);
  const out = new Uint8Array(head + digest.length);
  let at = writeVarint(out, 0, 1);
  at = writeVarint(out, at, codec);
  at = writeVarint(out, at, hash);
  at = writeVarint(out, at, digest.length);
  out.set(digest, at);
  return out;
}

function bad(detail: string): never {
  throw new NetworkError('invalid-cid', detail);
}

/** Parses binary CID bytes, accepting only what a Codex node accepts. Throws NetworkError('invalid-cid'). */
export function parseCid(bytes: Uint8Array): Cid {
  const next = (at: number, what: string): [number, number] => {
    let r: [number, number] | undefined;
    try {
      r = readVarint(bytes, at);
    } catch {
      return bad(`CID has a malformed ${what}`);
    }
    return r ?? bad(`CID ends inside its ${what}`);
  };
  const [version, a] = next(0, 'version');
  if (version !== 1) bad(`CID version ${version} is not 1 (Codex uses CIDv1 only)`);
  const [codec, b] = next(a, 'codec');
  if (!CODEX_CODECS.has(codec)) bad(`CID codec 0x${codec.toString(16)} is not a Codex codec`);
  const [hash, c] = next(b, 'multihash code');
  const [length, d] = next(c, 'digest length');
  if (hash === SHA2_256 ? length !== 32 : hash !== IDENTITY || length > 64)
    bad(`CID multihash 0x${hash.toString(16)} with a ${length}-byte digest is not sha2-256 or a short identity`);
  if (bytes.length !== d + length) bad(`CID is ${bytes.length} bytes, its header says ${d + length}`);
  return { bytes, codec, hash, digest: bytes.subarray(d) };
}

/** Parses a CID and checks its codec and multihash. */
export function expectCid(bytes: Uint8Array, codec: number, hash: number, what: string): Cid {
  let cid: Cid;
  try {
    cid = parseCid(bytes);
  } catch (error) {
    throw new NetworkError('invalid-cid', `${what}: ${(error as Error).message}`);
  }
  if (cid.codec !== codec || cid.hash !== hash || cid.digest.length !== 32)
    bad(
      `${what} is a ${CODEC_NAMES.get(cid.codec)} CID with multihash 0x${cid.hash.toString(16)}, expected ` +
        `${CODEC_NAMES.get(codec)} with a 32-byte ${hash === SHA2_256 ? 'sha2-256' : 'identity'} multihash`,
    );
  return cid;
}

/** The CID of a data block: codex-block over sha2-256 of its bytes. */
export function blockCid(data: Uint8Array): Uint8Array {
  return buildCid(CODEX_BLOCK, SHA2_256, sha256(data));
}

/** The CID of a manifest block: codex-manifest over sha2-256 of its bytes. */
export function manifestCid(manifestBytes: Uint8Array): Uint8Array {
  return buildCid(CODEX_MANIFEST, SHA2_256, sha256(manifestBytes));
}

/** A dataset tree's CID: codex-root with a sha2-256 multihash whose digest IS the root (not a hash of it). */
export function treeCid(root: Uint8Array): Uint8Array {
  if (root.length !== 32) throw new RangeError('a tree root is 32 bytes');
  return buildCid(CODEX_ROOT, SHA2_256, root);
}

/** A slot root's CID: codex-slot-root, identity multihash of the root's 32 little-endian bytes. */
export function slotRootCid(rootLE: Uint8Array): Uint8Array {
  return buildCid(CODEX_SLOT_ROOT, IDENTITY, checkField(rootLE, 'slot root'));
}

/** The verify root's CID: codex-proving-root, identity multihash of its 32 little-endian bytes. */
export function provingRootCid(rootLE: Uint8Array): Uint8Array {
  return buildCid(CODEX_PROVING_ROOT, IDENTITY, checkField(rootLE, 'verify root'));
}

/** Checks 32 little-endian bytes hold a BN254 field element (below r); returns them. */
export function checkField(le: Uint8Array, what: string): Uint8Array {
  if (le.length !== 32) bad(`${what} is ${le.length} bytes, expected 32`);
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(le[i]!);
  if (value >= BN254_R) bad(`${what} is not a BN254 field element (not below r)`);
  return le;
}

/** The empty block's CID: sha2-256 of zero bytes. Erasure-coding pads are these, 0 bytes long. */
export const EMPTY_BLOCK_CID: Uint8Array = blockCid(new Uint8Array(0));

/** The DHT key Codex advertises a CID under: keccak256 of the binary CID. */
export function providerKey(cidBytes: Uint8Array): Uint8Array {
  return keccak_256(cidBytes);
}

/** Text form of a CID, base58btc ("z…") as Codex prints it, or base32 ("b…"). */
export function cidToString(bytes: Uint8Array, base: 'base58btc' | 'base32' = 'base58btc'): string {
  return base === 'base32' ? base32.encode(bytes) : base58btc.encode(bytes);
}

/** Parses a CID from its base58btc ("z…") or base32 ("b…") text. Throws NetworkError('invalid-cid'). */
export function cidFromString(text: string): Cid {
  const base = text.startsWith('z') ? base58btc : text.startsWith('b') ? base32 : undefined;
  if (!base) return bad(`"${text.slice(0, 16)}" is not a base58btc (z…) or base32 (b…) CID`);
  let bytes: Uint8Array;
  try {
    bytes = base.decode(text);
  } catch {
    return bad(`"${text.slice(0, 16)}…" is not valid multibase text`);
  }
  return parseCid(bytes);
}

/** Equal bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex, for map keys and logs. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}
