// Where each block's proof record sits in a slot's proofs file, in about 4 bytes per block: proofs
// stay on disk and are read when a peer asks. Peers ask by dataset index; a slot's blocks are an
// arithmetic run of the dataset (Linear: consecutive, Stepped: every `slots`-th; see
// manifest/indexing.ts), so dataset index = first + (slot index − its slot index) × stride, learnt from
// the first two records, and a typed array by slot index holds the offsets. A record off that run
// (which our own fetcher never writes, but a file may hold) goes to a plain map and is still found.

/** No record, in the 32-bit array (offsets that large widen it first) and in the 64-bit one. */
const ABSENT = 0xffff_ffff;
const ABSENT_WIDE = -1;
/** Slot indices above this go to the map rather than growing the array (a 4 TiB slot of 64 KiB blocks). */
const MAX_DENSE = 1 << 26;

/** The proofs file offsets of a slot's records, by the blocks' dataset indices. */
export class ProofIndex {
  /** Byte offset of each slot block's record; 32-bit until a file passes 4 GiB. */
  private offsets: Uint32Array | Float64Array = new Uint32Array(0);
  private first: { index: number; datasetIndex: number } | undefined;
  /** Dataset indices between consecutive slot blocks; 0 until a second block is seen. */
  private stride = 0;
  /** Dataset index → offset, for records off the run. */
  private readonly odd = new Map<number, number>();
  private count = 0;
  /** The longest record indexed, in bytes: one read of this many bytes at an offset takes its record whole. */
  maxRecord = 0;

  /** Records indexed (a block kept twice counts once). */
  get size(): number {
    return this.count;
  }

  /** Notes the record of slot block `index` (dataset block `datasetIndex`) at `offset`, `length` bytes long. */
  add(index: number, datasetIndex: number, offset: number, length: number): void {
    this.maxRecord = Math.max(this.maxRecord, length);
    if (this.onRun(index, datasetIndex) && index < MAX_DENSE) {
      this.grow(index + 1, offset);
      if (this.absent(index)) this.count++;
      this.offsets[index] = offset;
    } else {
      if (!this.odd.has(datasetIndex)) this.count++;
      this.odd.set(datasetIndex, offset);
    }
  }

  /** The offset of the record of dataset block `datasetIndex`, when one is indexed. */
  offsetOf(datasetIndex: number): number | undefined {
    return this.find(datasetIndex)?.offset;
  }

  /** Where the record of dataset block `datasetIndex` is, and the block's slot index when the run gives it. */
  find(datasetIndex: number): { offset: number; index?: number } | undefined {
    const index = this.slotIndexOf(datasetIndex);
    if (index !== undefined && index < this.offsets.length && !this.absent(index))
      return { offset: this.offsets[index]!, index };
    const offset = this.odd.get(datasetIndex);
    return offset === undefined ? undefined : { offset };
  }

  private slotIndexOf(datasetIndex: number): number | undefined {
    if (!this.first) return undefined;
    const delta = datasetIndex - this.first.datasetIndex;
    if (this.stride === 0) return delta === 0 ? this.first.index : undefined;
    if (delta % this.stride !== 0) return undefined;
    const index = this.first.index + delta / this.stride;
    return index >= 0 ? index : undefined;
  }

  /** Whether the block lies on the run (learning the run from the first two blocks). */
  private onRun(index: number, datasetIndex: number): boolean {
    if (!Number.isSafeInteger(index) || index < 0) return false;
    if (!this.first) {
      this.first = { index, datasetIndex };
      return true;
    }
    if (this.stride === 0 && index !== this.first.index) {
      const stride = (datasetIndex - this.first.datasetIndex) / (index - this.first.index);
      if (Number.isInteger(stride) && stride > 0) this.stride = stride;
    }
    return this.slotIndexOf(datasetIndex) === index;
  }

  private absent(index: number): boolean {
    return this.offsets[index] === (this.offsets instanceof Uint32Array ? ABSENT : ABSENT_WIDE);
  }

  private grow(length: number, offset: number): void {
    const widen = offset >= ABSENT && this.offsets instanceof Uint32Array;
    if (length <= this.offsets.length && !widen) return;
    const capacity = Math.max(length, Math.min(MAX_DENSE, this.offsets.length * 2), 1024);
    if (widen || this.offsets instanceof Float64Array) {
      const next = new Float64Array(capacity).fill(ABSENT_WIDE);
      for (let i = 0; i < this.offsets.length; i++) if (!this.absent(i)) next[i] = this.offsets[i]!;
      this.offsets = next;
    } else {
      const next = new Uint32Array(capacity).fill(ABSENT);
      next.set(this.offsets);
      this.offsets = next;
    }
  }
}
