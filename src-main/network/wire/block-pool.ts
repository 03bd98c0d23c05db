// Recycled block buffers. A download copies each accepted block out of the reused frame buffer;
// when its sink has stored the block, the buffer comes back here for the next one, so a long
// download allocates almost nothing the garbage collector must chase.

/** A bounded free list of equal-sized buffers. */
export class BlockPool {
  private readonly free: Uint8Array[] = [];

  constructor(
    private readonly size: number,
    private readonly keep: number,
  ) {}

  /** A stable copy of `data`, in a recycled buffer when it has the pool's size. */
  copy(data: Uint8Array): Uint8Array {
    if (data.length !== this.size) return new Uint8Array(data);
    const out = this.free.pop() ?? new Uint8Array(this.size);
    out.set(data);
    return out;
  }

  /** Returns a buffer no one reads any more. */
  give(buffer: Uint8Array): void {
    if (buffer.length === this.size && buffer.byteOffset === 0 && this.free.length < this.keep) this.free.push(buffer);
  }
}
