// What serving a stored slot needs, kept beside its data through the Repo port's sidecar files (so
// it counts in `used` and goes with the slot): the manifest, and each block's CodexProof, which only
// the delivery carried. Proofs are records appended block by block; each ends in a CRC-32 of the
// record, so a tail cut by a crash is found and dropped on reading, never served. Records are found
// again by their byte offset in the file (proof-index.ts), so the proofs themselves stay on disk.
import { crc32 } from 'node:zlib';

/** The sidecar holding the manifest's CID, the dataset's treeCid and the manifest bytes. */
export const SERVE_MANIFEST_FILE = 'serve-manifest';
/** The sidecar holding the slot's block proofs, one record per block. */
export const SERVE_PROOFS_FILE = 'serve-proofs';

/** A stored block's proof: where the block sits in the slot and in the dataset tree. */
export interface StoredProof {
  /** The block's index in the slot (its offset in the slot data, in blocks). */
  readonly index: number;
  /** The leaf index in the dataset tree. */
  readonly datasetIndex: number;
  /** The encoded CodexProof. */
  readonly proof: Uint8Array;
}

/** The manifest a slot belongs to. */
export interface StoredManifest {
  readonly cid: Uint8Array;
  readonly treeCid: Uint8Array;
  readonly bytes: Uint8Array;
}

const HEADER = 12; // index u32, datasetIndex u32, proof length u32
const MAX_PROOF = 64 * 1024; // a CodexProof of any tree we accept is a few hundred bytes

/** One proof record: its header, proof bytes and the CRC-32 of both. */
export function encodeProofRecord(p: StoredProof): Uint8Array {
  const out = new Uint8Array(HEADER + p.proof.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, p.index, true);
  view.setUint32(4, p.datasetIndex, true);
  view.setUint32(8, p.proof.length, true);
  out.set(p.proof, HEADER);
  view.setUint32(HEADER + p.proof.length, crc32(out.subarray(0, HEADER + p.proof.length)), true);
  return out;
}

/** The whole record at byte `at` of `bytes` (its proof a view of `bytes`) and its length; undefined when it is cut or corrupt there. */
export function decodeProofRecord(bytes: Uint8Array, at = 0): { proof: StoredProof; length: number } | undefined {
  if (at + HEADER + 4 > bytes.length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(at + 8, true);
  if (length > MAX_PROOF || at + HEADER + length + 4 > bytes.length) return undefined;
  if (crc32(bytes.subarray(at, at + HEADER + length)) !== view.getUint32(at + HEADER + length, true)) return undefined;
  return {
    proof: {
      index: view.getUint32(at, true),
      datasetIndex: view.getUint32(at + 4, true),
      proof: bytes.subarray(at + HEADER, at + HEADER + length),
    },
    length: HEADER + length + 4,
  };
}

/** The whole records of a proofs file, and the byte length they take (a torn or corrupt tail after it is ignored). */
export function decodeProofRecords(bytes: Uint8Array): { proofs: StoredProof[]; validLength: number } {
  const proofs: StoredProof[] = [];
  let at = 0;
  for (let r = decodeProofRecord(bytes, at); r; r = decodeProofRecord(bytes, at)) {
    proofs.push({ ...r.proof, proof: r.proof.proof.slice() });
    at += r.length;
  }
  return { proofs, validLength: at };
}

/** The manifest sidecar: CID and treeCid each behind a length byte, then the manifest. */
export function encodeManifestFile(m: StoredManifest): Uint8Array {
  const out = new Uint8Array(2 + m.cid.length + m.treeCid.length + m.bytes.length + 4);
  out[0] = m.cid.length;
  out.set(m.cid, 1);
  out[1 + m.cid.length] = m.treeCid.length;
  out.set(m.treeCid, 2 + m.cid.length);
  out.set(m.bytes, 2 + m.cid.length + m.treeCid.length);
  const end = out.length - 4;
  new DataView(out.buffer).setUint32(end, crc32(out.subarray(0, end)), true);
  return out;
}

/** The manifest sidecar read back; undefined when it is cut or corrupt. */
export function decodeManifestFile(bytes: Uint8Array): StoredManifest | undefined {
  if (bytes.length < 6) return undefined;
  const end = bytes.length - 4;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (crc32(bytes.subarray(0, end)) !== view.getUint32(end, true)) return undefined;
  const cidLength = bytes[0]!;
  const treeAt = 1 + cidLength;
  if (treeAt >= end) return undefined;
  const treeLength = bytes[treeAt]!;
  const bodyAt = treeAt + 1 + treeLength;
  if (bodyAt > end) return undefined;
  return {
    cid: bytes.slice(1, treeAt),
    treeCid: bytes.slice(treeAt + 1, bodyAt),
    bytes: bytes.slice(bodyAt, end),
  };
}
