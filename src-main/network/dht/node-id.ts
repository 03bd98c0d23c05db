// Codex DHT node ids and keys: 256-bit big-endian values compared by XOR distance.
// A node id is keccak256 of the libp2p peer-id bytes (not of the public key as in Ethereum's
// discv5); a content key is keccak256 of the binary CID.
import { keccak_256 } from '@noble/hashes/sha3.js';

/** 32 bytes, big-endian. */
export type NodeId = Uint8Array;

/** Node id of a peer, from its peer-id bytes (identity multihash of the protobuf key). */
export function nodeIdFromPeerId(peerId: Uint8Array): NodeId {
  return keccak_256(peerId);
}

/** The DHT key under which providers of a CID are stored: keccak256(CID bytes). */
export function keyForCid(cid: { readonly bytes: Uint8Array } | Uint8Array): NodeId {
  return keccak_256(cid instanceof Uint8Array ? cid : cid.bytes);
}

/** Lower-case hex, for map keys and logs. */
export function idHex(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

/** Log distance as Codex counts it: 256 minus the leading zero bits of a XOR b (0 when equal). */
export function logDistance(a: NodeId, b: NodeId): number {
  for (let i = 0; i < 32; i++) {
    const x = (a[i] ?? 0) ^ (b[i] ?? 0);
    if (x !== 0) return 256 - (i * 8 + Math.clz32(x) - 24);
  }
  return 0;
}

/** Negative when `a` is closer to `target` than `b`, positive when farther, 0 when equal. */
export function compareDistance(a: NodeId, b: NodeId, target: NodeId): number {
  for (let i = 0; i < 32; i++) {
    const t = target[i] ?? 0;
    const da = (a[i] ?? 0) ^ t;
    const db = (b[i] ?? 0) ^ t;
    if (da !== db) return da - db;
  }
  return 0;
}

/** The id at log distance `d` (1..256) from `id` that is lowest in its range: id XOR 2^(d-1). */
export function idAtDistance(id: NodeId, d: number): NodeId {
  const out = id.slice();
  if (d < 1 || d > 256) return out;
  const bit = d - 1;
  const byte = 31 - Math.floor(bit / 8);
  out[byte] = (out[byte] ?? 0) ^ (1 << (bit % 8));
  return out;
}

/** Whether two ids are the same. */
export function sameId(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
