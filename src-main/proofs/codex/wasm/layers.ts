// Every layer of Codex's keyed tree over 32-byte nodes, through the wasm module: pairs with key 1
// on the bottom layer and 0 above, a last single node compressed with 0 and key | 2.
import { NODE_BYTES, type Poseidon2Wasm } from './poseidon2-wasm';

const KEY_BOTTOM = 1;
const KEY_ODD = 2;

/** The layers over `leaves` (k·32 bytes, k ≥ 1), leaves first and the 32-byte root last; `check` runs between layers. */
export function keyedLayers(hasher: Poseidon2Wasm, leaves: Uint8Array, check: () => void = () => {}): Uint8Array[] {
  if (leaves.length === 0 || leaves.length % NODE_BYTES !== 0)
    throw new RangeError(`a tree needs whole 32-byte leaves, at least one; got ${leaves.length} bytes`);
  const layers = [leaves];
  let layer = leaves;
  let key = KEY_BOTTOM;
  do {
    check();
    const count = layer.length / NODE_BYTES;
    const even = count - (count % 2);
    const up = new Uint8Array(Math.ceil(count / 2) * NODE_BYTES);
    up.set(hasher.compressPairs(layer.subarray(0, even * NODE_BYTES), key));
    if (count % 2 === 1) {
      const last = new Uint8Array(2 * NODE_BYTES);
      last.set(layer.subarray(even * NODE_BYTES));
      up.set(hasher.compressPairs(last, key | KEY_ODD), (even / 2) * NODE_BYTES);
    }
    layers.push(up);
    layer = up;
    key = 0;
  } while (layer.length > NODE_BYTES);
  return layers;
}
