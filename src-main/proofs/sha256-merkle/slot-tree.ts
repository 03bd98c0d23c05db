// A slot's cell tree: the slot's bytes cut into cells, each cell a leaf. Built incrementally so a
// host can hash the slot while downloading it batch by batch, without holding it all in memory.
import { type HashFn, sha256Hash } from './hash';
import { leafHash, merkleLayers, merklePath } from './merkle';
import { defaultProofParams, type ProofParams } from './types';

/** Number of cells in a slot of `slotSize` bytes (the last cell may be shorter). */
export function cellCount(slotSize: bigint, cellSize: number = defaultProofParams.cellSize): number {
  const n = (slotSize + BigInt(cellSize) - 1n) / BigInt(cellSize);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`slot of ${slotSize} bytes has too many cells`);
  return Number(n);
}

/** Byte range [start, end) of cell `index` in a slot of `slotSize` bytes. */
export function cellRange(
  index: number,
  slotSize: bigint,
  cellSize: number = defaultProofParams.cellSize,
): [bigint, bigint] {
  const start = BigInt(index) * BigInt(cellSize);
  const end = start + BigInt(cellSize);
  return [start, end < slotSize ? end : slotSize];
}

/** A finished slot tree: every level, leaves first. */
export class SlotTree {
  constructor(readonly layers: Uint8Array[][]) {}

  /** The slot root. */
  get root(): Uint8Array {
    return this.layers[this.layers.length - 1]![0]!;
  }

  /** Number of cells (leaves). */
  get cellCount(): number {
    return this.layers[0]!.length;
  }

  /** Sibling path from cell `index` to the slot root. */
  path(index: number): Uint8Array[] {
    return merklePath(this.layers, index);
  }

  /** The tree of a whole slot held in memory. */
  static fromData(data: Uint8Array, params: ProofParams = defaultProofParams, hash: HashFn = sha256Hash): SlotTree {
    const builder = new SlotTreeBuilder(params, hash);
    builder.append(data);
    return builder.finish();
  }
}

/** Hashes a slot's bytes in arbitrary batches, cell by cell, in order. */
export class SlotTreeBuilder {
  private readonly leaves: Uint8Array[] = [];
  private pending: Uint8Array;
  private pendingLength = 0;

  constructor(
    private readonly params: ProofParams = defaultProofParams,
    private readonly hash: HashFn = sha256Hash,
  ) {
    this.pending = new Uint8Array(params.cellSize);
  }

  /** Feed the next bytes of the slot. */
  append(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(this.params.cellSize - this.pendingLength, bytes.length - offset);
      this.pending.set(bytes.subarray(offset, offset + take), this.pendingLength);
      this.pendingLength += take;
      offset += take;
      if (this.pendingLength === this.params.cellSize) this.flushCell();
    }
  }

  /** Close the last (possibly short) cell and build the tree. */
  finish(): SlotTree {
    if (this.pendingLength > 0) this.flushCell();
    return new SlotTree(merkleLayers(this.leaves, this.hash));
  }

  private flushCell(): void {
    this.leaves.push(leafHash(this.pending.subarray(0, this.pendingLength), this.hash));
    this.pendingLength = 0;
  }
}
