// Frames on a block-exchange stream: uvarint(length) ‖ protobuf Message, one after another (nim's
// writeLp/readLp). The decoder is fed whatever the muxer hands over and returns whole frames; a
// length above the limit is refused before its bytes arrive, so a peer cannot make us buffer it.
import { Uint8ArrayList } from 'uint8arraylist';
import { NetworkError } from '../errors';
import { encodeVarint, readVarint } from '../wire/varint';

/** Frames up to this size are assembled in a reused buffer; larger ones get their own. */
const ARENA_MAX = 4 << 20;

/** Splits a byte stream into length-prefixed frames. */
export class FrameDecoder {
  private readonly buffer = new Uint8ArrayList();
  private length = -1;
  private arena = new Uint8Array(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes held for a frame not yet complete. */
  get buffered(): number {
    return this.buffer.byteLength;
  }

  /** Adds bytes; returns every frame they complete, each its own copy. Throws like `each`. */
  push(chunk: Uint8Array | Uint8ArrayList): Uint8Array[] {
    const frames: Uint8Array[] = [];
    this.each(chunk, (frame) => frames.push(new Uint8Array(frame)));
    return frames;
  }

  /**
   * Adds bytes and calls `visit` with each frame they complete. A frame that arrived in pieces is
   * assembled in a buffer reused for the next one, so it is valid only during `visit`: whatever
   * outlives the call must be copied. This spares a 1.3 MB allocation per delivery message, which
   * on a block download would otherwise be most of the garbage collector's work.
   * Throws NetworkError('message-too-large' | 'invalid-message').
   */
  each(chunk: Uint8Array | Uint8ArrayList, visit: (frame: Uint8Array) => void): void {
    this.buffer.append(chunk);
    for (;;) {
      if (this.length < 0) {
        const head = this.buffer.subarray(0, Math.min(10, this.buffer.byteLength));
        let r: [number, number] | undefined;
        try {
          r = readVarint(head, 0);
        } catch {
          throw new NetworkError('invalid-message', 'frame length is not a valid varint');
        }
        if (r === undefined) return;
        if (r[0] > this.maxFrameBytes)
          throw new NetworkError(
            'message-too-large',
            `frame of ${r[0]} bytes exceeds the ${this.maxFrameBytes}-byte limit`,
          );
        this.length = r[0];
        this.buffer.consume(r[1]);
      }
      if (this.buffer.byteLength < this.length) return;
      const frame = this.take(this.length);
      this.length = -1;
      visit(frame);
    }
  }

  private take(n: number): Uint8Array {
    const parts = [...this.buffer.sublist(0, n)];
    this.buffer.consume(n);
    if (parts.length === 1) return parts[0]!;
    let out: Uint8Array;
    if (n > ARENA_MAX) out = new Uint8Array(n);
    else {
      if (this.arena.length < n) this.arena = new Uint8Array(Math.min(ARENA_MAX, Math.max(n, this.arena.length * 2)));
      out = this.arena.subarray(0, n);
    }
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** A message's chunks with its length prefix in front, ready to send. */
export function frameChunks(chunks: readonly Uint8Array[], length: number): Uint8ArrayList {
  return new Uint8ArrayList(encodeVarint(length), ...chunks);
}
