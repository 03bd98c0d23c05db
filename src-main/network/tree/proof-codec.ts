// CodexProof's protobuf bytes (codex/merkletree/codex/coders.nim): 1 mcodec, 2 index, 3 nleaves,
// 4 repeated ProofNode {1: hash}. Written with every field present, as nim writes it; read strictly.
import { NetworkError } from '../errors';
import { SHA2_256 } from '../ids/codecs';
import { ProtoReader, ProtoWriter } from '../wire/protobuf';
import type { CodexProof } from './sha-tree';

/** Longest path accepted: a 2^64-leaf tree has 64 levels. */
const MAX_PATH = 64;

/** The proof's bytes, byte for byte as nim-codex writes them. */
export function encodeProof(proof: CodexProof): Uint8Array {
  const w = new ProtoWriter().uint(1, proof.mcodec).uint(2, proof.index).uint(3, proof.nleaves);
  for (const node of proof.path) w.message(4, new ProtoWriter().bytes(1, node));
  return w.finish();
}

/** Reads a proof; throws NetworkError('invalid-proof') on anything nim would refuse or we cannot verify. */
export function decodeProof(bytes: Uint8Array): CodexProof {
  let mcodec = 0;
  let index = 0;
  let nleaves = 0;
  const path: Uint8Array[] = [];
  try {
    const r = new ProtoReader(bytes, 'CodexProof');
    r.each((field, wire) => {
      if (field === 1) mcodec = r.uint(wire, 'mcodec');
      else if (field === 2) index = r.uint(wire, 'index');
      else if (field === 3) nleaves = r.uint(wire, 'nleaves');
      else if (field === 4) {
        if (path.length >= MAX_PATH) throw new NetworkError('invalid-proof', `proof path longer than ${MAX_PATH}`);
        const node = new ProtoReader(r.bytes(wire, 'path node'), 'ProofNode');
        let hash: Uint8Array = new Uint8Array(0);
        node.each((f, w) => {
          if (f === 1) hash = node.bytes(w, 'hash');
        });
        path.push(hash);
      }
    });
  } catch (error) {
    if (error instanceof NetworkError && error.code === 'invalid-proof') throw error;
    throw new NetworkError('invalid-proof', (error as Error).message);
  }
  const fail = (detail: string): never => {
    throw new NetworkError('invalid-proof', detail);
  };
  if (mcodec !== SHA2_256) fail(`proof multihash 0x${mcodec.toString(16)} is not sha2-256`);
  if (path.length === 0) fail('proof path is empty');
  if (nleaves < 1 || index >= nleaves) fail(`proof index ${index} is not below its leaf count ${nleaves}`);
  if (path.some((p) => p.length !== 32)) fail('a proof node is not 32 bytes');
  return { mcodec, index, nleaves, path };
}
