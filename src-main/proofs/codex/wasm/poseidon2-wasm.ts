// The JS side of the Poseidon2 wasm module (assembly/poseidon2.ts): instantiates it with Codex's
// round constants and moves bytes in and out. Every call is one crossing of the JS boundary for
// a whole block, a batch of pairs or a state, never one per field operation. Synchronous: run it
// in a worker (../pool/) whenever the caller's thread must stay responsive.
import { FIELD_MODULUS, bigintFromBytesLE, fieldToBytes } from '../poseidon2/field';
import { ELEMENT_BYTES, limbsOf, MONTGOMERY_R } from './limbs';

/** Bytes of a block, of a node (a canonical field element, little-endian) and nodes per block tree. */
export const WASM_BLOCK_BYTES = 65_536;
export const NODE_BYTES = 32;
export const BLOCK_TREE_NODES = 63;
/** Pairs the module compresses per call (its input area holds 2 × 4,096 nodes). */
const PAIR_BATCH = 4096;

interface Exports {
  memory: WebAssembly.Memory;
  constantsPointer(): number;
  inputPointer(): number;
  outputPointer(): number;
  init(): void;
  hashBlock(length: number, allNodes: number): void;
  compressPairs(pairs: number, key: number): void;
  permuteElements(): void;
  spongeElements(count: number, rate: number): void;
}

/** One instance of the module with its own memory; not safe to share between concurrent callers. */
export class Poseidon2Wasm {
  private readonly memory: Uint8Array;
  private readonly input: number;
  private readonly output: number;

  private constructor(private readonly exports: Exports) {
    this.memory = new Uint8Array(exports.memory.buffer);
    this.input = exports.inputPointer();
    this.output = exports.outputPointer();
  }

  /**
   * Instantiates `module` (synchronously) with the round constants `constants` as
   * montgomeryConstants() lays them out.
   */
  static instantiate(module: WebAssembly.Module, constants: Uint8Array): Poseidon2Wasm {
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('the Poseidon2 wasm module aborted');
        },
      },
    });
    const hasher = new Poseidon2Wasm(instance.exports as unknown as Exports);
    hasher.memory.set(constants, hasher.exports.constantsPointer());
    hasher.exports.init();
    return hasher;
  }

  /** The root of a block's tree (32 bytes); `block` may be shorter than 64 KiB (zeros follow). */
  blockRoot(block: Uint8Array): Uint8Array {
    this.loadBlock(block);
    this.exports.hashBlock(block.length, 0);
    return this.memory.slice(this.output, this.output + NODE_BYTES);
  }

  /** Writes the root of `block` into `out` at `offset` (no allocation; for batches). */
  blockRootInto(block: Uint8Array, out: Uint8Array, offset: number): void {
    this.loadBlock(block);
    this.exports.hashBlock(block.length, 0);
    out.set(this.memory.subarray(this.output, this.output + NODE_BYTES), offset);
  }

  /** All 63 nodes of a block's tree: 32 cell hashes, then 16, 8, 4, 2 and the root (32 bytes each). */
  blockTree(block: Uint8Array): Uint8Array {
    this.loadBlock(block);
    this.exports.hashBlock(block.length, 1);
    return this.memory.slice(this.output, this.output + BLOCK_TREE_NODES * NODE_BYTES);
  }

  /**
   * Codex's keyed compression of node pairs: `nodes` holds 2·k canonical nodes, the result k nodes,
   * each pair compressed with `key`.
   */
  compressPairs(nodes: Uint8Array, key: number): Uint8Array {
    const pairs = nodes.length / (2 * NODE_BYTES);
    if (!Number.isInteger(pairs)) throw new RangeError('compressPairs takes whole pairs of 32-byte nodes');
    const out = new Uint8Array(pairs * NODE_BYTES);
    for (let done = 0; done < pairs; done += PAIR_BATCH) {
      const n = Math.min(PAIR_BATCH, pairs - done);
      this.memory.set(nodes.subarray(2 * done * NODE_BYTES, 2 * (done + n) * NODE_BYTES), this.input);
      this.exports.compressPairs(n, key);
      out.set(this.memory.subarray(this.input, this.input + n * NODE_BYTES), done * NODE_BYTES);
    }
    return out;
  }

  /** The permutation of three canonical field elements. */
  permute(state: readonly [bigint, bigint, bigint]): [bigint, bigint, bigint] {
    state.forEach((x, i) => this.memory.set(fieldToBytes(x), this.input + i * NODE_BYTES));
    this.exports.permuteElements();
    const at = (i: number) =>
      bigintFromBytesLE(this.memory.subarray(this.output + i * NODE_BYTES, this.output + (i + 1) * NODE_BYTES));
    return [at(0), at(1), at(2)];
  }

  /** The sponge digest of canonical field elements (at most 8,192 of them), rate 1 or 2. */
  sponge(elements: readonly bigint[], rate: 1 | 2): bigint {
    if (elements.length > 2 * PAIR_BATCH) throw new RangeError('too many elements for one sponge call');
    elements.forEach((x, i) => this.memory.set(fieldToBytes(x), this.input + i * NODE_BYTES));
    this.exports.spongeElements(elements.length, rate);
    return bigintFromBytesLE(this.memory.subarray(this.output, this.output + NODE_BYTES));
  }

  private loadBlock(block: Uint8Array): void {
    if (block.length > WASM_BLOCK_BYTES) throw new RangeError(`a block is at most 65,536 bytes, got ${block.length}`);
    this.memory.set(block, this.input);
  }
}

/** Round constants as the module reads them: Montgomery form (x·2^261 mod r), 36 bytes each. */
export function montgomeryConstants(roundConstants: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(roundConstants.length * ELEMENT_BYTES);
  const view = new DataView(out.buffer);
  roundConstants.forEach((c, i) => {
    limbsOf((c * MONTGOMERY_R) % FIELD_MODULUS).forEach((limb, j) =>
      view.setUint32(i * ELEMENT_BYTES + j * 4, Number(limb), true),
    );
  });
  return out;
}
