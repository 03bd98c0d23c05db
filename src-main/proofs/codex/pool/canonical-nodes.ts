// Tree nodes handed to the hasher from outside (a manifest's slot roots, a stored tree) must be
// canonical field elements; the wasm module would silently reduce a value ≥ r instead.
import { FIELD_MODULUS } from '../poseidon2/field';
import { bigintToBytesLE } from '../poseidon2/field';

const modulusBytes = bigintToBytesLE(FIELD_MODULUS, 32);

/** Whether the 32 little-endian bytes at `offset` are below r. */
export function isCanonicalNode(bytes: Uint8Array, offset: number): boolean {
  for (let i = 31; i >= 0; i--) {
    const b = bytes[offset + i]!;
    const m = modulusBytes[i]!;
    if (b !== m) return b < m;
  }
  return false;
}

/** Why `nodes` is not a list of canonical 32-byte nodes (at least one), or undefined when it is. */
export function canonicalNodesError(nodes: Uint8Array): string | undefined {
  if (nodes.length === 0 || nodes.length % 32 !== 0)
    return `expected whole 32-byte nodes, at least one; got ${nodes.length} bytes`;
  for (let at = 0; at < nodes.length; at += 32)
    if (!isCanonicalNode(nodes, at)) return `node ${at / 32} is not a field element (≥ r)`;
  return undefined;
}
